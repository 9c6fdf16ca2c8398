import type { KMSClient } from '@aws-sdk/client-kms';
import type { Signer } from '../credentials/data-integrity';
import { kmsPublicMultikey, kmsSigner } from '../credentials/kms-signer';
import type { IssuerKey, IssuerKeyRepository } from '../entities/issuer-key';
import { keyIdFor, publicUrls } from '../issuer';

export interface SigningKeyDeps {
  keys: Pick<IssuerKeyRepository, 'list' | 'putOnce'>;
  kms: Pick<KMSClient, 'send'>;
  publicBaseUrl: string;
  issuerId: string;
  signingKeyArn: string;
  now?: () => Date;
}

/** KMS key ARN → its registered record; a key's public half never changes, so cache it per container. */
const keyCache = new Map<string, IssuerKey>();

/** Finds (or registers once) the public half of the signing key, so verifiers never hit KMS. */
export async function currentKey(deps: SigningKeyDeps): Promise<IssuerKey> {
  const cached = keyCache.get(deps.signingKeyArn);
  if (cached) return cached;
  let key = (await deps.keys.list(deps.issuerId)).find((k) => k.kmsKeyArn === deps.signingKeyArn);
  if (!key) {
    const publicKeyMultibase = await kmsPublicMultikey(deps.kms as KMSClient, deps.signingKeyArn);
    key = {
      issuerId: deps.issuerId,
      keyId: keyIdFor(publicKeyMultibase),
      kmsKeyArn: deps.signingKeyArn,
      publicKeyMultibase,
      status: 'CURRENT',
      createdAt: (deps.now?.() ?? new Date()).toISOString(),
    };
    await deps.keys.putOnce(key);
  }
  keyCache.set(deps.signingKeyArn, key);
  return key;
}

/** A signer for the issuer's current key, with its public key URL as verificationMethod. */
export async function currentSigner(deps: SigningKeyDeps): Promise<{ key: IssuerKey; signer: Signer }> {
  const key = await currentKey(deps);
  const url = publicUrls(deps.publicBaseUrl).key(key.issuerId, key.keyId);
  return { key, signer: kmsSigner(deps.kms as KMSClient, deps.signingKeyArn, url) };
}
