import { derivedUuid } from '../derived-id';
import type { Signer } from '../credentials/data-integrity';
import type { AchievementRepository } from '../entities/achievement';
import type { AuditLog } from '../entities/audit';
import type { CredentialRecord, CredentialRepository } from '../entities/credential';
import { learnerOf, type IssuanceRepository } from '../entities/issuance';
import { loadIssuer, type IssuerRepository } from '../entities/issuer';
import { ConflictError, NotFoundError } from '../errors';
import { artifactKey, credentialBody, credentialRecord, sha256Hex, signAward, storeOnce, unsignedCredential } from '../issuing/issue-credential';
import { publicUrls, type IssuerSettings } from '../issuer';
import type { Artifacts, Clock } from '../ports';
import { LEARNER_ACTOR } from './learner-claims';

/**
 * A credential replaced by a new one through the issuing core — the same award, status entry and
 * validity, changed as asked — with the original marked superseded, not revoked: a supersession
 * is no misconduct, the original still verifies, and its page points to the current one. Today:
 * the learner withdraws consent to show their name.
 *
 * Exactly once, whatever is retried: the successor's id is fixed by the original's, the original
 * is marked first (conditionally) with the time the successor is signed at, so a retry after any
 * failure signs the same bytes, stores them once and records them once.
 */
export interface ReissueDeps {
  credentials: Pick<CredentialRepository, 'get' | 'putOnce' | 'markSuperseded'>;
  issuances: Pick<IssuanceRepository, 'get'>;
  achievements: Pick<AchievementRepository, 'getVersion'>;
  issuers: Pick<IssuerRepository, 'get'>;
  artifacts: Pick<Artifacts, 'createOnly' | 'read'>;
  signer: (issuerId: string) => Promise<Signer>;
  audit: Pick<AuditLog, 'append'>;
  clock: Clock;
  settings: { publicBaseUrl: string; issuer: IssuerSettings };
}

export const NAME_WITHDRAWN = 'The learner withdrew their consent to show their name.';

/** The successor's id: a UUID fixed by the original and the change, so every retry names the same one. */
const successorId = (originalId: string, change: string) => derivedUuid([originalId, change], { version: '5', variant: '8' });

/** The learner takes their name off the credential: a reissue without it. Answers the current credential. */
export async function withdrawName(deps: ReissueDeps, original: CredentialRecord, hasName: boolean): Promise<CredentialRecord> {
  if (!hasName && !original.supersededBy) throw new ConflictError('Your name is not on this credential.');
  const newId = successorId(original.id, 'without-name');
  let marked = original.supersededBy;
  if (!marked) {
    marked = (await deps.credentials.markSuperseded(original.id, { credentialId: newId, at: deps.clock.now().toISOString(), reason: NAME_WITHDRAWN }))?.supersededBy;
    // Replaced a moment ago by this same request retried, or by another change: read what won.
    marked ??= (await deps.credentials.get(original.id))?.supersededBy;
  }
  if (!marked || marked.credentialId !== newId) throw new ConflictError('This credential was replaced by another change a moment ago; reload your claim page.');
  const successor = await signSuccessor(deps, original, newId, marked.at);
  await deps.audit.append(
    { type: 'credential', id: original.id },
    { actor: LEARNER_ACTOR, action: 'SUPERSEDED', after: { supersededBy: newId }, reason: NAME_WITHDRAWN },
    marked.at,
  );
  await deps.audit.append({ type: 'credential', id: newId }, { actor: LEARNER_ACTOR, action: 'REISSUED', after: { supersedes: original.id }, reason: NAME_WITHDRAWN }, marked.at);
  return successor;
}

/** Signs, stores (once) and records the successor: the original's award, without the name. */
async function signSuccessor(deps: ReissueDeps, original: CredentialRecord, newId: string, signedAt: string): Promise<CredentialRecord> {
  const existing = await deps.credentials.get(newId);
  if (existing) return existing;
  const issuance = await deps.issuances.get(original.issuanceId);
  const achievement = await deps.achievements.getVersion(original.achievementId, original.achievementVersion);
  const issuer = await loadIssuer({ issuers: deps.issuers, defaultIssuer: deps.settings.issuer }, original.issuerId);
  if (!issuance || !achievement || !issuer) throw new NotFoundError('The records this credential was issued from are gone.');
  const learner = learnerOf(issuance);
  const award = { ...issuance, credentialId: newId, recipient: { ...learner, publishName: false } };
  // The original's issue time and status entry: the same award, valid for as long, one revocation bit.
  const unsigned = unsignedCredential(award, achievement, issuer, publicUrls(deps.settings.publicBaseUrl), original.statusPosition, original.issuedAt);
  const signed = await signAward(unsigned, await deps.signer(original.issuerId), { issuedAt: signedAt });
  const key = artifactKey(newId);
  const body = await storeOnce(deps.artifacts, key, credentialBody(signed.credential), { form: 'json-ld', metadata: { issuance: issuance.id, supersedes: original.id } });
  const record = { ...credentialRecord(award, signed.credential, { artifact: { key, sha256: sha256Hex(body) } }, original.statusPosition), supersedes: original.id };
  await deps.credentials.putOnce(record);
  return record;
}
