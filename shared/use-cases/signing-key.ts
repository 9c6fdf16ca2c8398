import type { Signer } from '../credentials/data-integrity';
import type { Es256Signer } from '../credentials/vc-jwt';
import type { IssuerKey, IssuerKeyRepository, KeyAlgorithm } from '../entities/issuer-key';
import type { IssuerRepository } from '../entities/issuer';
import { PermanentError } from '../errors';
import { keyIdFor, publicUrls } from '../issuer';
import type { Clock } from '../clock';
import type { DocumentArchive, KeyVault } from '../ports';
import { archivedKey } from '../entities/archive';

export interface SigningKeyDeps {
  keys: Pick<IssuerKeyRepository, 'list' | 'putOnce'>;
  keyVault: Pick<KeyVault, 'publicMultikey' | 'publicJwk' | 'signer' | 'es256Signer'>;
  publicBaseUrl: string;
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

/**
 * The issuer's CURRENT key of an algorithm. Reading never registers one: keys are registered
 * when they are made (deployment, a new issuer, rotation), so no read path writes.
 */
export async function currentKey(deps: Pick<SigningKeyDeps, 'keys'>, issuerId: string, algorithm: KeyAlgorithm = 'Ed25519'): Promise<IssuerKey> {
  const key = (await deps.keys.list(issuerId)).find((k) => k.status === 'CURRENT' && k.algorithm === algorithm);
  if (!key) throw new PermanentError(`issuer '${issuerId}' has no current ${algorithm} signing key (the deployment registers the default issuer's: see the README, Deploy)`);
  return key;
}

/**
 * At deployment (the stack's DefaultIssuerKeys custom resource, on create and on every update):
 * registers the KMS keys the stack made for the default issuer, unless already registered. An
 * issuer that already has a current key of that algorithm keeps it: a key rotated in since is
 * not displaced by the deployment's original. Safe to run any number of times.
 */
export async function registerDeploymentKeys(
  deps: Pick<SigningKeyDeps, 'keys' | 'keyVault' | 'clock'> & { archive: DocumentArchive },
  issuerId: string,
  keys: readonly { kmsKeyArn: string; algorithm: KeyAlgorithm }[],
): Promise<IssuerKey[]> {
  const registered: IssuerKey[] = [];
  for (const { kmsKeyArn, algorithm } of keys) {
    const existing = await deps.keys.list(issuerId);
    const known = existing.find((k) => k.kmsKeyArn === kmsKeyArn) ?? existing.find((k) => k.status === 'CURRENT' && k.algorithm === algorithm);
    if (known) {
      registered.push(known);
      continue;
    }
    const key = await registerKey(deps, issuerId, kmsKeyArn, algorithm);
    // Lost a race with a concurrent run: what it registered is the issuer's key.
    const current = (await deps.keys.putOnce(key)) ? key : await currentKey(deps, issuerId, algorithm);
    await keepKey(deps, current);
    registered.push(current);
  }
  return registered;
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

/**
 * Moves every issuer's key records to their own partition (shared/entities/issuer-key.ts): the
 * default issuer's (which may have no stored profile) and each stored issuer's. Run at deploy
 * time by the DefaultIssuerKeys custom resource, before the default keys are registered; safe to
 * run again. Each key's present state is kept in the archive too. The number of records moved.
 */
export async function migrateKeyRecords(
  deps: { keys: Pick<IssuerKeyRepository, 'migrate' | 'list'>; issuers: Pick<IssuerRepository, 'list'>; archive: DocumentArchive },
  defaultIssuerId: string,
): Promise<number> {
  const ids = new Set([defaultIssuerId]);
  let after: Record<string, unknown> | undefined;
  do {
    const page = await deps.issuers.list({ limit: 100, ...(after ? { after } : {}) });
    for (const issuer of page.items) ids.add(issuer.issuerId);
    after = page.next;
  } while (after);
  let moved = 0;
  for (const id of ids) {
    moved += await deps.keys.migrate(id);
    // Every key's present state in the archive: a deployment from before the archive gets them there.
    for (const key of await deps.keys.list(id)) await keepKey(deps, key);
  }
  return moved;
}

/** Keeps a key's present state in the archive (write-once: a state kept before stays as it was). */
export function keepKey(deps: { archive: DocumentArchive }, key: IssuerKey): Promise<void> {
  const { key: path, body } = archivedKey(key);
  return deps.archive.keep(path, body);
}
