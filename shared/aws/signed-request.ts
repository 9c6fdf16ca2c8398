import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity } from '@smithy/types';
import { dnsSuffix, Sha256 } from './sigv4';

export { dnsSuffix };

/**
 * One SigV4-signed HTTPS request to an AWS service, with the SDK's own signer and fetch: for the
 * few calls of Secrets Manager, CloudFront and Lambda Laurel makes (the origin secret, the audit
 * writer), whose SDK clients are not dependencies or would weigh more than the call. A client would add its whole service model to a public function's
 * bundle for one read at cold start; this adds the signer, which the DynamoDB and S3 clients
 * already bring.
 *
 * The endpoint is resolved as the SDK resolves it: AWS_ENDPOINT_URL_<SERVICE> (the local stand-ins,
 * tests), then AWS_ENDPOINT_URL, else the service's own. Credentials are Lambda's, from the
 * environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), where the SDK's
 * default chain finds them first in Lambda: the chain itself would bring the profile, SSO and
 * instance-metadata providers into a bundle that never uses them.
 */

export interface AwsService {
  /** The signing name (secretsmanager, cloudfront). */
  signingName: string;
  /** The SDK's environment suffix: AWS_ENDPOINT_URL_<this>. */
  endpointVariable: string;
  /** The service's endpoint in a region. */
  endpoint(region: string): string;
  /** The region requests are signed for (CloudFront: us-east-1, wherever the caller is). */
  signingRegion?: string;
}

export interface SignedRequestOptions {
  method: 'GET' | 'POST' | 'PUT';
  /** Path below the endpoint's, with its query string if any. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Default: AWS_REGION. */
  region?: string;
  /** Default: the environment's. */
  credentials?: AwsCredentialIdentity;
  /** Tries in all (throttling, 5xx and network errors are retried); default 3. */
  attempts?: number;
  timeoutMs?: number;
}

export interface SignedResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** An error AWS answered with: its code (ResourceNotFoundException, PreconditionFailed…) and status. */
export class AwsServiceError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'AwsServiceError';
  }
}

/** Lambda's credentials, from the environment it sets for every function. */
export function environmentCredentials(env: NodeJS.ProcessEnv = process.env): AwsCredentialIdentity {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) throw new Error('AWS: no credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)');
  return { accessKeyId, secretAccessKey, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
}

export function serviceEndpoint(service: AwsService, region: string): URL {
  const configured =
    process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true' ? undefined : (process.env[`AWS_ENDPOINT_URL_${service.endpointVariable}`] ?? process.env.AWS_ENDPOINT_URL);
  return new URL(configured ?? service.endpoint(region));
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

/** Sends one signed request; answers whatever status came back last (the caller reads errors). */
export async function signedRequest(service: AwsService, options: SignedRequestOptions): Promise<SignedResponse> {
  const region = options.region ?? process.env.AWS_REGION;
  if (!region) throw new Error(`${service.signingName}: no region (AWS_REGION)`);
  const url = serviceEndpoint(service, region);
  const signer = new SignatureV4({ service: service.signingName, region: service.signingRegion ?? region, sha256: Sha256, credentials: options.credentials ?? environmentCredentials() });
  let basePath = url.pathname;
  while (basePath.endsWith('/')) basePath = basePath.slice(0, -1);
  const [pathOnly, queryString] = `${basePath}${options.path}`.split('?') as [string, string | undefined];
  const query = queryString ? Object.fromEntries(new URLSearchParams(queryString)) : undefined;
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    const signed = await signer.sign({
      method: options.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: pathOnly,
      ...(query ? { query } : {}),
      headers: { host: url.host, ...options.headers },
      ...(options.body !== undefined ? { body: options.body } : {}),
    });
    let response: Response;
    try {
      response = await fetch(`${url.protocol}//${url.host}${pathOnly}${queryString ? `?${queryString}` : ''}`, {
        method: options.method,
        headers: signed.headers,
        ...(options.body !== undefined ? { body: options.body } : {}),
        signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
      });
    } catch (e) {
      if (attempt < attempts) {
        await backoff(attempt);
        continue;
      }
      throw e;
    }
    const text = await response.text();
    if (RETRYABLE_STATUS.has(response.status) && attempt < attempts) {
      await backoff(attempt);
      continue;
    }
    return { status: response.status, headers: response.headers, text };
  }
}

/** Full jitter, as the SDK's standard strategy: up to 100 ms, then 200 ms. */
const backoff = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * 100 * 2 ** (attempt - 1)));
