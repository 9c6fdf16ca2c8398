import { derivedUuid } from '../derived-id';
import type { Signer } from '../credentials/data-integrity';
import type { AchievementRepository } from '../entities/achievement';
import type { AuditLog } from '../entities/audit';
import type { CredentialRecord, CredentialRepository } from '../entities/credential';
import { learnerOf, type Issuance, type IssuanceRepository } from '../entities/issuance';
import { loadIssuer, type IssuerRepository } from '../entities/issuer';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { artifactKey, credentialBody, credentialRecord, reminderPlanOf, sha256Hex, signAward, storeOnce, unsignedCredential } from '../issuing/issue-credential';
import type { ReminderRepository } from '../entities/reminder';
import { publicUrls, type IssuerSettings } from '../issuer';
import type { Artifacts, Clock, EventBus } from '../ports';
import { canonicalJson } from '../canonical-json';
import { DETAIL_TYPES, type CredentialSupersededV1 } from '../../events/schemas';
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
  reminders: Pick<ReminderRepository, 'get'>;
  issuances: Pick<IssuanceRepository, 'get' | 'amend'>;
  achievements: Pick<AchievementRepository, 'getVersion'>;
  issuers: Pick<IssuerRepository, 'get'>;
  artifacts: Pick<Artifacts, 'createOnly' | 'read'>;
  signer: (issuerId: string) => Promise<Signer>;
  audit: Pick<AuditLog, 'append'>;
  /** Where CredentialSuperseded goes; a function without the bus announces nothing. */
  eventBus?: EventBus;
  clock: Clock;
  settings: { publicBaseUrl: string; issuer: IssuerSettings };
}

export const NAME_WITHDRAWN = 'The learner withdrew their consent to show their name.';

/** The successor's id: a UUID fixed by the original and the change, so every retry names the same one. */
const successorId = (originalId: string, change: string) => derivedUuid([originalId, change], { version: '5', variant: '8' });

/** The learner takes their name off the credential: a reissue without it. Answers the current credential. */
export async function withdrawName(deps: ReissueDeps, original: CredentialRecord, hasName: boolean): Promise<CredentialRecord> {
  if (!hasName && !original.supersededBy) throw new ConflictError('Your name is not on this credential.');
  return reissue(deps, original, { key: 'without-name', change: { publishName: false }, reason: NAME_WITHDRAWN, actor: LEARNER_ACTOR, event: 'NAME_WITHDRAWN' });
}

/**
 * What a correction changes: the learner's name as shown, the results, or the expiry (an
 * extension). Everything else is the original's: the award, its issue time, its status entry.
 */
export interface Correction {
  name?: string | undefined;
  publishName?: boolean | undefined;
  results?: Issuance['award']['results'] | undefined;
  validUntil?: string | undefined;
}

/**
 * Staff correct a signed credential (a learner's changed name, a wrong result) or extend its
 * expiry: a reissue with the change, the original superseded. The same correction asked twice
 * (a retry, a double click) makes one successor: its id is fixed by the original and the change.
 */
export async function correctCredential(
  deps: ReissueDeps,
  original: CredentialRecord,
  correction: Correction,
  reason: string,
  actor: { id: string; name: string },
): Promise<CredentialRecord> {
  if (original.status === 'REVOKED') throw new ConflictError('This credential was revoked: a revoked credential is not corrected.');
  if (correction.validUntil !== undefined) {
    if (Date.parse(correction.validUntil) <= deps.clock.now().getTime()) throw new ValidationError('The new expiry has passed.', [{ path: 'body.validUntil', message: 'must be in the future' }]);
    if (original.validUntil && Date.parse(correction.validUntil) <= Date.parse(original.validUntil)) {
      throw new ValidationError('An extension moves the expiry later.', [{ path: 'body.validUntil', message: `must be after the current expiry, ${original.validUntil}` }]);
    }
  }
  return reissue(deps, original, { key: `correction:${canonicalJson(correction)}`, change: correction, reason, actor: { kind: 'staff', ...actor }, event: correction.validUntil ? 'EXTENDED' : 'CORRECTED' });
}

interface Reissue {
  /** Names the change: with the original's id, it fixes the successor's. */
  key: string;
  change: Correction;
  reason: string;
  actor: { kind: 'staff' | 'learner' | 'system'; id?: string; name: string };
  event: 'NAME_WITHDRAWN' | 'CORRECTED' | 'EXTENDED';
}

async function reissue(deps: ReissueDeps, original: CredentialRecord, r: Reissue): Promise<CredentialRecord> {
  const newId = successorId(original.id, r.key);
  let marked = original.supersededBy;
  if (!marked) {
    marked = (await deps.credentials.markSuperseded(original.id, { credentialId: newId, at: deps.clock.now().toISOString(), reason: r.reason }))?.supersededBy;
    // Replaced a moment ago by this same request retried, or by another change: read what won.
    marked ??= (await deps.credentials.get(original.id))?.supersededBy;
  }
  if (!marked || marked.credentialId !== newId) {
    throw new ConflictError(r.actor.kind === 'learner' ? 'This credential was replaced by another change a moment ago; reload your claim page.' : `This credential was already replaced (by ${marked?.credentialId}): correct the current one.`);
  }
  const { record: successor, created } = await signSuccessor(deps, original, newId, marked.at, r.change);
  // What the successor says now is what every later reissue or renewal starts from (idempotent: a retry writes it again).
  const { validUntil: _v, ...amendment } = r.change;
  if (Object.keys(amendment).length) await deps.issuances.amend(original.issuanceId, amendment);
  // The request that recorded the successor says so, once: a repeat of the same change answers it quietly.
  if (!created) return successor;
  await deps.audit.append({ type: 'credential', id: original.id }, { actor: r.actor, action: 'SUPERSEDED', after: { supersededBy: newId }, reason: r.reason }, marked.at);
  await deps.audit.append({ type: 'credential', id: newId }, { actor: r.actor, action: 'REISSUED', after: { supersedes: original.id, changed: Object.keys(r.change) }, reason: r.reason }, marked.at);
  if (deps.eventBus) {
    const urls = publicUrls(deps.settings.publicBaseUrl);
    const detail: CredentialSupersededV1 = {
      version: '1',
      credentialId: original.id,
      credentialUrl: urls.credential(original.id),
      supersededBy: newId,
      supersededByUrl: urls.credential(newId),
      achievementId: original.achievementId,
      issuerId: original.issuerId,
      reason: r.event === 'NAME_WITHDRAWN' ? 'NAME_WITHDRAWN' : 'CORRECTED',
      supersededAt: marked.at,
    };
    await deps.eventBus.publish([{ detailType: DETAIL_TYPES.credentialSuperseded, detail, resources: [detail.credentialUrl] }]);
  }
  return successor;
}

/** Signs, stores (once) and records the successor: the original's award, with the change. */
async function signSuccessor(deps: ReissueDeps, original: CredentialRecord, newId: string, signedAt: string, change: Correction): Promise<{ record: CredentialRecord; created: boolean }> {
  const existing = await deps.credentials.get(newId);
  if (existing) return { record: existing, created: false };
  const issuance = await deps.issuances.get(original.issuanceId);
  const achievement = await deps.achievements.getVersion(original.achievementId, original.achievementVersion);
  const issuer = await loadIssuer({ issuers: deps.issuers, defaultIssuer: deps.settings.issuer }, original.issuerId);
  if (!issuance || !achievement || !issuer) throw new NotFoundError('The records this credential was issued from are gone.');
  const learner = learnerOf(issuance);
  const award = {
    ...issuance,
    credentialId: newId,
    recipient: {
      ...learner,
      ...(change.name !== undefined ? { name: change.name, publishName: change.publishName ?? learner.publishName ?? false } : {}),
      ...(change.name === undefined && change.publishName !== undefined ? { publishName: change.publishName } : {}),
    },
    award: { ...issuance.award, ...(change.results ? { results: change.results } : {}) },
  };
  // The original's issue time and status entry: the same award, valid for as long (or as extended), one revocation bit.
  const unsigned = unsignedCredential(award, achievement, issuer, publicUrls(deps.settings.publicBaseUrl), original.statusPosition, original.issuedAt, change.validUntil ?? original.validUntil);
  const signed = await signAward(unsigned, await deps.signer(original.issuerId), { issuedAt: signedAt });
  const key = artifactKey(newId);
  const body = await storeOnce(deps.artifacts, key, credentialBody(signed.credential), { form: 'json-ld', metadata: { issuance: issuance.id, supersedes: original.id } });
  const record = { ...credentialRecord(award, signed.credential, { artifact: { key, sha256: sha256Hex(body) } }, original.statusPosition), supersedes: original.id };
  // The reminders go on where the original's were: none sent twice, none skipped.
  const schedule = await deps.reminders.get(original.id);
  const put = await deps.credentials.putOnce(record, { ...reminderPlanOf(achievement), ...(schedule ? { next: schedule.next } : {}) });
  return { record, created: put === 'created' };
}
