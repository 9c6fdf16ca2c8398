import type { CredentialRepository } from '../entities/credential';
import { loadIssuer, type IssuerRecord, type IssuerRepository } from '../entities/issuer';
import type { IssuerKey, IssuerKeyRepository, KeyAlgorithm } from '../entities/issuer-key';
import { ConflictError, NotFoundError } from '../errors';
import { decodeCursor, encodeCursor } from '../entities/cursor';
import type { Principal } from '../domain/staff';
import { publicUrls, type IssuerSettings } from '../issuer';
import { currentKey, keepKey, registerKey, type SigningKeyDeps } from './signing-key';
import type { Clock } from '../clock';
import type { DocumentArchive, KeyVault } from '../ports';

export interface IssuerDeps extends SigningKeyDeps {
  issuers: Pick<IssuerRepository, 'get' | 'create'>;
  keys: Pick<IssuerKeyRepository, 'list' | 'putOnce' | 'get' | 'rotate' | 'markCompromised'>;
  credentials: Pick<CredentialRepository, 'listBySigningKey'>;
  /** Creates keys tagged for this deployment (the only ones its functions may use). */
  keyVault: KeyVault;
  /** The VC-JWT format is on: every issuer also gets a P-256 key. */
  vcJwt: boolean;
  defaultIssuer: Pick<IssuerRecord, 'issuerId' | 'name' | 'url'>;
  /** Each state a key enters is kept there, write-once. */
  archive: DocumentArchive;
}

/** What defines an issuer is what its Profile publishes. */
export type CreateIssuerInput = IssuerSettings;

const now = (deps: Pick<IssuerDeps, 'clock'>) => deps.clock.now().toISOString();

async function requireIssuer(deps: IssuerDeps, issuerId: string): Promise<IssuerRecord> {
  const issuer = await loadIssuer(deps, issuerId);
  if (!issuer) throw new NotFoundError(`No issuer '${issuerId}'.`);
  return issuer;
}

export interface IssuerProfileDeps {
  issuers: Pick<IssuerRepository, 'get' | 'create' | 'update' | 'list'>;
  defaultIssuer: Pick<IssuerRecord, 'issuerId' | 'name' | 'url'>;
  clock: Clock;
}

export async function getIssuer(deps: Pick<IssuerProfileDeps, 'issuers' | 'defaultIssuer'>, issuerId: string): Promise<IssuerRecord> {
  const issuer = await loadIssuer(deps, issuerId);
  if (!issuer) throw new NotFoundError(`No issuer '${issuerId}'.`);
  return issuer;
}

/**
 * Changes an issuer's Profile. The deployment's default issuer lives in its settings until the
 * first change stores it; from then on the stored Profile is what credentials and the public
 * issuer document carry. Credentials already signed keep the Profile they were signed with.
 */
export async function updateIssuer(deps: IssuerProfileDeps, issuerId: string, change: Partial<Pick<IssuerRecord, 'name' | 'url' | 'email' | 'description' | 'image' | 'linkedInOrganizationId' | 'directory'>>, actor: Principal): Promise<IssuerRecord> {
  const stamp = { updatedAt: now(deps), updatedBy: actor.name };
  for (let attempt = 0; attempt < 3; attempt++) {
    const updated = await deps.issuers.update(issuerId, { ...change, ...stamp });
    if (updated) return updated;
    if (issuerId !== deps.defaultIssuer.issuerId) throw new NotFoundError(`No issuer '${issuerId}'.`);
    const first: IssuerRecord = { ...deps.defaultIssuer, ...change, createdAt: stamp.updatedAt, createdBy: 'deployment settings', ...stamp };
    if (await deps.issuers.create(first)) return first;
    // Someone stored it a moment ago: apply the change to theirs.
  }
  throw new ConflictError('The issuer changed several times a moment ago; try again.');
}

/** Issuers by name; the default issuer (from the settings, until it is stored) leads the first page. */
export async function listIssuers(deps: Pick<IssuerProfileDeps, 'issuers' | 'defaultIssuer'>, page: { limit: number; cursor?: string | undefined }) {
  const after = decodeCursor(page.cursor, { GSI1PK: 'ISSUERS' });
  const { items, next } = await deps.issuers.list({ limit: page.limit, ...(after ? { after } : {}) });
  const defaultStored = items.some((i) => i.issuerId === deps.defaultIssuer.issuerId) || (await deps.issuers.get(deps.defaultIssuer.issuerId));
  const lead = !after && !defaultStored ? [{ ...deps.defaultIssuer, createdAt: '', createdBy: 'deployment settings' }] : [];
  return { items: [...lead, ...items], ...(next ? { cursor: encodeCursor(next) } : {}) };
}

/** A new issuer (faculty, campus, partner body) with its own Profile and its own KMS key. */
export async function createIssuer(deps: IssuerDeps, input: CreateIssuerInput, actor: Principal): Promise<{ issuer: IssuerRecord; key: IssuerKey }> {
  if (await loadIssuer(deps, input.issuerId)) throw new ConflictError(`An issuer with id '${input.issuerId}' already exists.`);
  const kmsKeyArn = await deps.keyVault.create(input.issuerId, 'Ed25519');
  const key = await registerKey(deps, input.issuerId, kmsKeyArn);
  await deps.keys.putOnce(key);
  await keepKey(deps, key);
  if (deps.vcJwt) {
    const jwtKey = await registerKey(deps, input.issuerId, await deps.keyVault.create(input.issuerId, 'ES256'), 'ES256');
    await deps.keys.putOnce(jwtKey);
    await keepKey(deps, jwtKey);
  }
  const issuer: IssuerRecord = { ...input, createdAt: now(deps), createdBy: actor.name };
  if (!(await deps.issuers.create(issuer))) throw new ConflictError(`An issuer with id '${input.issuerId}' already exists.`);
  return { issuer, key };
}

export async function listIssuerKeys(deps: IssuerDeps, issuerId: string) {
  await requireIssuer(deps, issuerId);
  const urls = publicUrls(deps.publicBaseUrl);
  return (await deps.keys.list(issuerId)).map(({ kmsKeyArn: _arn, ...k }) => ({ ...k, url: urls.key(k.issuerId, k.keyId) }));
}

/**
 * Rotation: a new KMS key becomes current; the previous one is retired but stays published,
 * so everything it signed keeps verifying. (KMS asymmetric keys cannot rotate in place.)
 */
export async function rotateIssuerKey(deps: IssuerDeps, issuerId: string, algorithm: KeyAlgorithm = 'Ed25519'): Promise<IssuerKey> {
  await requireIssuer(deps, issuerId);
  const previous = await currentKey(deps, issuerId, algorithm);
  const kmsKeyArn = await deps.keyVault.create(issuerId, algorithm);
  const next = await registerKey(deps, issuerId, kmsKeyArn, algorithm);
  const at = now(deps);
  if (!(await deps.keys.rotate(previous, next, at))) throw new ConflictError('Another rotation of this issuer’s key happened at the same time; list the keys and retry if needed.');
  await Promise.all([keepKey(deps, { ...previous, status: 'RETIRED', retiredAt: at }), keepKey(deps, next)]);
  return next;
}

/**
 * Compromise: the key verifies nothing from now on (a thief can backdate `created`, so the
 * date is recorded for the reissue, not trusted for verification). A current key is rotated
 * out first so issuance continues with a fresh key.
 */
export async function compromiseIssuerKey(
  deps: IssuerDeps,
  issuerId: string,
  keyId: string,
  input: { from: string; reason: string },
  actor: Principal,
): Promise<IssuerKey> {
  await requireIssuer(deps, issuerId);
  let key = await deps.keys.get(issuerId, keyId);
  if (!key) throw new NotFoundError(`No key '${keyId}' for issuer '${issuerId}'.`);
  if (key.status === 'COMPROMISED') {
    // Reported before (a retry, perhaps of one that failed before archiving): kept, and done.
    await keepKey(deps, key);
    return key;
  }
  if (key.status === 'CURRENT') {
    await rotateIssuerKey(deps, issuerId, key.algorithm);
    key = (await deps.keys.get(issuerId, keyId))!;
  }
  const marked = await deps.keys.markCompromised(key, { ...input, by: actor.name, at: now(deps) });
  if (!marked) throw new ConflictError('The key changed a moment ago; list the keys and retry.');
  await keepKey(deps, marked);
  return marked;
}

/** Credentials a key signed, for reissue after a compromise; paged with an opaque cursor. */
export async function credentialsSignedBy(deps: IssuerDeps, issuerId: string, keyId: string, page: { limit: number; cursor?: string }) {
  const key = await deps.keys.get(issuerId, keyId);
  if (!key) throw new NotFoundError(`No key '${keyId}' for issuer '${issuerId}'.`);
  const after = decodeCursor(page.cursor, { GSI2PK: `SIGNEDBY#${issuerId}#${keyId}` });
  const { items, next } = await deps.credentials.listBySigningKey(issuerId, keyId, { limit: page.limit, ...(after ? { after } : {}) });
  return {
    key: { keyId: key.keyId, status: key.status, ...(key.compromise ? { compromise: key.compromise } : {}) },
    items: items.map((c) => ({ id: c.id, issuanceId: c.issuanceId, achievementId: c.achievementId, issuedAt: c.issuedAt, status: c.status })),
    ...(next ? { cursor: encodeCursor(next) } : {}),
  };
}
