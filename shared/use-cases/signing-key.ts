import type { KMSClient } from '@aws-sdk/client-kms';
import type { Signer } from '../credentials/data-integrity';
import { kmsPublicMultikey, kmsSigner } from '../credentials/kms-signer';
import type { IssuerKey, IssuerKeyRepository } from '../entities/issuer-key';
import { PermanentError } from '../errors';
import { keyIdFor, publicUrls } from '../issuer';

export interface SigningKeyDeps {
  keys: Pick<IssuerKeyRepository, 'list' | 'putOnce'>;
  kms: Pick<KMSClient, 'send'>;
  publicBaseUrl: string;
  /** The deployment's own issuer and the KMS key CDK created for it (bootstraps its first key). */
  defaultIssuerId: string;
  defaultKeyArn: string;
  now?: () => Date;
}

/**
 * The current key is read (consistently) for every signature, not cached: after a rotation or
 * a compromise no container may sign with the old key, not even for a minute. It is one small
 * Query per credential.
 */

/** Registers a KMS key's public half (GetPublicKey, once per key, ever). */
export async function registerKey(deps: Pick<SigningKeyDeps, 'keys' | 'kms' | 'now'>, issuerId: string, kmsKeyArn: string): Promise<IssuerKey> {
  const publicKeyMultibase = await kmsPublicMultikey(deps.kms as KMSClient, kmsKeyArn);
  return {
    issuerId,
    keyId: keyIdFor(publicKeyMultibase),
    kmsKeyArn,
    publicKeyMultibase,
    status: 'CURRENT',
    createdAt: (deps.now?.() ?? new Date()).toISOString(),
  };
}

/** The issuer's CURRENT key; the default issuer's CDK key is registered on first use. */
export async function currentKey(deps: SigningKeyDeps, issuerId: string): Promise<IssuerKey> {
  const keys = await deps.keys.list(issuerId);
  let key = keys.find((k) => k.status === 'CURRENT');
  if (!key && keys.length === 0 && issuerId === deps.defaultIssuerId) {
    key = await registerKey(deps, issuerId, deps.defaultKeyArn);
    if (!(await deps.keys.putOnce(key))) key = (await deps.keys.list(issuerId)).find((k) => k.status === 'CURRENT');
  }
  if (!key) throw new PermanentError(`issuer '${issuerId}' has no current signing key`);
  return key;
}

/** A signer for the issuer's current key, with its public key URL as verificationMethod. */
export async function currentSigner(deps: SigningKeyDeps, issuerId: string): Promise<{ key: IssuerKey; signer: Signer }> {
  const key = await currentKey(deps, issuerId);
  const url = publicUrls(deps.publicBaseUrl).key(key.issuerId, key.keyId);
  return { key, signer: kmsSigner(deps.kms as KMSClient, key.kmsKeyArn, url) };
}
