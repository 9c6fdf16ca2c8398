import { AwsServiceError, dnsSuffix, signedRequest, type AwsService, type SignedRequestOptions } from './signed-request';

/**
 * The Secrets Manager operations the origin secret needs (JSON 1.1 protocol: a POST with
 * X-Amz-Target), without @aws-sdk/client-secrets-manager (see signed-request.ts). A public
 * function bundles getSecretValue alone; the rotation function the rest.
 */

const SECRETS_MANAGER: AwsService = {
  signingName: 'secretsmanager',
  endpointVariable: 'SECRETS_MANAGER',
  endpoint: (region) => `https://secretsmanager.${region}.${dnsSuffix(region)}`,
};

type CallOptions = Pick<SignedRequestOptions, 'credentials' | 'region' | 'timeoutMs'>;

async function call<T>(operation: string, input: Record<string, unknown>, options: CallOptions = {}): Promise<T> {
  const response = await signedRequest(SECRETS_MANAGER, {
    method: 'POST',
    path: '/',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `secretsmanager.${operation}` },
    body: JSON.stringify(input),
    ...options,
  });
  if (response.status === 200) return (response.text ? JSON.parse(response.text) : {}) as T;
  let code = response.headers.get('x-amzn-errortype')?.split(':')[0];
  let message = response.text.slice(0, 300);
  try {
    const e = JSON.parse(response.text) as { __type?: string; message?: string; Message?: string };
    code ??= e.__type;
    message = e.message ?? e.Message ?? message;
  } catch {
    // not JSON: the status and the text say enough
  }
  throw new AwsServiceError((code ?? `Http${response.status}`).split('#').pop()!, response.status, `Secrets Manager ${operation}: ${message}`);
}

export interface SecretVersionValue {
  versionId: string;
  secretString: string;
  stages: string[];
}

/** A version's value by stage (default AWSCURRENT) or id; undefined when no version has it. */
export async function getSecretValue(secretId: string, version: { stage?: string; versionId?: string } = {}, options?: CallOptions): Promise<SecretVersionValue | undefined> {
  try {
    const out = await call<{ VersionId: string; SecretString?: string; VersionStages?: string[] }>(
      'GetSecretValue',
      { SecretId: secretId, ...(version.versionId ? { VersionId: version.versionId } : {}), ...(version.stage ? { VersionStage: version.stage } : {}) },
      options,
    );
    if (out.SecretString === undefined) throw new Error('Secrets Manager GetSecretValue: the secret has no SecretString');
    return { versionId: out.VersionId, secretString: out.SecretString, stages: out.VersionStages ?? [] };
  } catch (e) {
    if (e instanceof AwsServiceError && e.code === 'ResourceNotFoundException') return undefined;
    throw e;
  }
}

export interface SecretDescription {
  rotationEnabled: boolean;
  /** Each version's stages, by version id. */
  versions: Record<string, string[]>;
}

export async function describeSecret(secretId: string, options?: CallOptions): Promise<SecretDescription> {
  const out = await call<{ RotationEnabled?: boolean; VersionIdsToStages?: Record<string, string[]> }>('DescribeSecret', { SecretId: secretId }, options);
  return { rotationEnabled: out.RotationEnabled ?? false, versions: out.VersionIdsToStages ?? {} };
}

/** Writes a version with this id (the rotation's token) and stages; the same id and value again is a no-op. */
export async function putSecretValue(secretId: string, versionId: string, secretString: string, stages: string[], options?: CallOptions): Promise<void> {
  await call('PutSecretValue', { SecretId: secretId, ClientRequestToken: versionId, SecretString: secretString, VersionStages: stages }, options);
}

/** Moves a stage to a version (from the one that has it; Secrets Manager gives that one AWSPREVIOUS when the stage is AWSCURRENT). */
export async function updateSecretVersionStage(secretId: string, stage: string, moveTo: string, removeFrom: string | undefined, options?: CallOptions): Promise<void> {
  await call('UpdateSecretVersionStage', { SecretId: secretId, VersionStage: stage, MoveToVersionId: moveTo, ...(removeFrom ? { RemoveFromVersionId: removeFrom } : {}) }, options);
}
