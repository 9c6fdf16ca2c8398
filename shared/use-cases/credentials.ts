import { maskEmail } from '../domain/staff';
import { normalizeEmail } from '../credentials/recipient';
import type { AuditLog } from '../entities/audit';
import { credentialSummaryOf, type CredentialRecord, type CredentialRepository, type CredentialSummary } from '../entities/credential';
import type { IssuanceRepository } from '../entities/issuance';
import type { LearnerIdentifier, LearnerRepository } from '../entities/learner';
import { timeRange } from '../entities/time-index';
import { NotFoundError } from '../errors';
import type { Principal } from '../domain/staff';
import { encodeCursor } from '../entities/cursor';
import { publicUrls } from '../issuer';
import type { Clock } from '../clock';

export interface CredentialQueryDeps {
  credentials: Pick<CredentialRepository, 'get' | 'getMany' | 'listByMonth'>;
  learners: Pick<LearnerRepository, 'list'>;
  publicBaseUrl: string;
  clock: Clock;
}

export async function getCredentialRecord(deps: Pick<CredentialQueryDeps, 'credentials' | 'publicBaseUrl'>, id: string): Promise<CredentialRecord & { publicUrl: string }> {
  const record = await deps.credentials.get(id);
  if (!record) throw new NotFoundError(`No credential with id '${id}'.`);
  return { ...record, publicUrl: publicUrls(deps.publicBaseUrl).credential(id) };
}

/** Credentials newest first, from the month partitions: every one's, or one achievement's (a filter). */
export async function listCredentials(
  deps: CredentialQueryDeps,
  q: { achievementId?: string | undefined; status?: string[] | undefined; delivery?: string[] | undefined; from?: string | undefined; to?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<{ items: CredentialSummary[]; cursor?: string }> {
  const range = timeRange(q, deps.clock.now());
  const { items, cursor } = await deps.credentials.listByMonth({ range, limit: q.limit, status: q.status, achievementId: q.achievementId, delivery: q.delivery, ...(q.cursor ? { cursor: q.cursor } : {}) });
  return { items, ...(cursor ? { cursor } : {}) };
}

/**
 * A learner's credentials, found through the learner index by the keyed hash of their email or
 * student number: the index never stores either in clear, and the search takes them in the
 * body, so they do not land in URLs or access logs.
 */
export async function searchCredentials(
  deps: CredentialQueryDeps,
  q: { email?: string | undefined; studentId?: string | undefined; achievementId?: string | undefined; status?: string[] | undefined; limit: number; cursor?: string | undefined },
): Promise<{ items: CredentialSummary[]; cursor?: string }> {
  const learner: LearnerIdentifier = q.email ? { email: q.email } : { studentId: q.studentId! };
  // The repository checks the cursor against the learner's partition: only it can key one.
  const { items: entries, next } = await deps.learners.list(learner, { limit: q.limit, cursor: q.cursor });
  const wanted = entries.filter((e) => !q.achievementId || e.achievementId === q.achievementId);
  const found = new Map((await deps.credentials.getMany(wanted.map((e) => e.credentialId))).map((c) => [c.id, c]));
  const items = wanted
    .map((e) => found.get(e.credentialId)) // an issuance not (yet) issued has no credential
    .filter((c): c is CredentialRecord => c !== undefined && (!q.status || q.status.includes(c.status)))
    .map(credentialSummaryOf);
  const cursor = encodeCursor(next);
  return { items, ...(cursor ? { cursor } : {}) };
}

/**
 * Where the learner's emails go from now on (a resend, a renewal notice). The credential's
 * hashed identity does not change; the trail records that the address changed, not the address.
 */
export async function changeDeliveryAddress(
  deps: { credentials: Pick<CredentialRepository, 'get'>; issuances: Pick<IssuanceRepository, 'setDeliveryEmail'>; audit: Pick<AuditLog, 'append'> },
  id: string,
  email: string,
  actor: Principal,
) {
  const record = await deps.credentials.get(id);
  if (!record) throw new NotFoundError(`No credential with id '${id}'.`);
  const deliveryEmail = normalizeEmail(email);
  await deps.issuances.setDeliveryEmail(record.issuanceId, deliveryEmail);
  await deps.audit.append(
    { type: 'credential', id },
    { actor: { kind: 'staff', id: actor.id, name: actor.name }, action: 'DELIVERY_ADDRESS_CHANGED', after: { deliveryAddressChanged: true }, personal: { deliveryEmail: maskEmail(deliveryEmail) } },
  );
  return { credentialId: id, deliveryEmail };
}
