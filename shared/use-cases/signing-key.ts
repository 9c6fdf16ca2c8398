import type { Signer } from '../credentials/data-integrity';
import type { Es256Signer } from '../credentials/vc-jwt';
import type { IssuerKey, IssuerKeyRepository, KeyAlgorithm } from '../entities/issuer-key';
import { PermanentError } from '../errors';
import { keyIdFor, publicUrls } from '../issuer';
import type { Clock } from '../clock';
import type { KeyVault } from '../ports';

export interface SigningKeyDeps {
  keys: Pick<IssuerKeyRepository, 'list' | 'putOnce'>;
  keyVault: Pick<KeyVault, 'publicMultikey' | 'publicJwk' | 'signer' | 'es256Signer'>;
  publicBaseUrl: string;
  /** The deployment's own issuer and the KMS key CDK created for it (bootstraps its first key). */
  defaultIssuerId: string;
  defaultKeyArn: string;
  /** The default issuer's P-256 key, when the VC-JWT format is enabled. */
  defaultJwtKeyArn?: string;
  clock: Clock;
}

/**
 * The current key is read (consistently) for every signature, not cached: after a rotation or
 * a compromise no container may sign with the old key, not even for a minute. It is one small
 * Query per credential.
 */

/** Registers a KMS key's public half (GetPublicKey, once per key, ever). */
export async function registerKey(
  deps: Pick<SigningKeyDeps, 'keyVault' | 'clock'>,
  issuerId: string,
  kmsKeyArn: string,
  algorithm: KeyAlgorithm = 'Ed25519',
): Promise<IssuerKey> {
  const createdAt = deps.clock.now().toISOString();
  if (algorithm === 'ES256') {
    const publicKeyJwk = await deps.keyVault.publicJwk(kmsKeyArn);
    return { issuerId, keyId: keyIdFor(JSON.stringify(publicKeyJwk)), kmsKeyArn, algorithm, publicKeyJwk, status: 'CURRENT', createdAt };
  }
  const publicKeyMultibase = await deps.keyVault.publicMultikey(kmsKeyArn);
  return { issuerId, keyId: keyIdFor(publicKeyMultibase), kmsKeyArn, algorithm, publicKeyMultibase, status: 'CURRENT', createdAt };
}

/** The issuer's CURRENT key of an algorithm; the default issuer's CDK keys are registered on first use. */
export async function currentKey(deps: SigningKeyDeps, issuerId: string, algorithm: KeyAlgorithm = 'Ed25519'): Promise<IssuerKey> {
  const current = (keys: IssuerKey[]) => keys.find((k) => k.status === 'CURRENT' && k.algorithm === algorithm);
  const keys = (await deps.keys.list(issuerId)).filter((k) => k.algorithm === algorithm);
  let key = current(keys);
  const bootstrapArn = algorithm === 'ES256' ? deps.defaultJwtKeyArn : deps.defaultKeyArn;
  if (!key && keys.length === 0 && issuerId === deps.defaultIssuerId && bootstrapArn) {
    key = await registerKey(deps, issuerId, bootstrapArn, algorithm);
    if (!(await deps.keys.putOnce(key))) key = current(await deps.keys.list(issuerId));
  }
  if (!key) throw new PermanentError(`issuer '${issuerId}' has no current ${algorithm} signing key`);
  return key;
}

/** A signer for the issuer's current key, with its public key URL as verificationMethod. */
export async function currentSigner(deps: SigningKeyDeps, issuerId: string): Promise<{ key: IssuerKey; signer: Signer }> {
  const key = await currentKey(deps, issuerId);
  const url = publicUrls(deps.publicBaseUrl).key(key.issuerId, key.keyId);
  return { key, signer: deps.keyVault.signer(key.kmsKeyArn, url) };
}

/** An ES256 signer for the issuer's current P-256 key; `kid` is its bare-JWK URL. */
export async function currentJwtSigner(deps: SigningKeyDeps, issuerId: string): Promise<{ key: IssuerKey; signer: Es256Signer }> {
  const key = await currentKey(deps, issuerId, 'ES256');
  return { key, signer: deps.keyVault.es256Signer(key.kmsKeyArn, publicUrls(deps.publicBaseUrl).key(key.issuerId, key.keyId)) };
}
