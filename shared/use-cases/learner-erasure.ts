import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../entities/audit';
import type { BatchRepository } from '../entities/batch';
import { completionIndexKeys, namesLearner, type CompletionRepository } from '../entities/completion';
import type { CredentialRepository } from '../entities/credential';
import { noCounts, type Erasure, type ErasureCounts, type ErasureRepository } from '../entities/erasure';
import { isErased, learnerOf, type Issuance, type IssuanceRepository } from '../entities/issuance';
import { learnerIndexKey, type LearnerIdentifier, type LearnerRepository } from '../entities/learner';
import { timeRange } from '../entities/time-index';
import type { UploadRepository } from '../entities/upload';
import type { Principal } from '../domain/staff';
import { ConflictError, NotFoundError } from '../errors';
import type { EventBus, LearnerKeyer, PersonalFiles, WorkflowEngine } from '../ports';
import type { Clock } from '../clock';
import { DETAIL_TYPES, type LearnerErasedV1 } from '../../events/schemas';
import { cancelIssuance } from './issuances';
import { eraseFromCohortFiles, type IsLearner } from './erase-cohort-files';

/**
 * Erasing a learner (issue #17): their personal data leaves every issuance, the learner index,
 * their holdings, the credentials' records, the audit trail's sealed details, their evidence
 * files, the completions their LMS or SIS reported (those that led to an issuance, and those
 * that failed before any did: the learner index knows both) and the cohort files and reports
 * that name them, in every version S3 keeps. What verification needs stays: the signed
 * credential (which names no email) and its status.
 *
 * Requests nobody has decided are cancelled first (an erased learner is issued nothing); one
 * being signed or delivered that moment is waited for: the erasure answers IN_PROGRESS and a
 * continuation erases it once it has settled. Cohort files are searched from the newest batch
 * back to the oldest one the retention still keeps, within a time budget per call; a
 * continuation goes on where the last stopped. Every step is safe to repeat: an issuance's
 * erasure is one transaction (its record, its index entries, its holding), so the index never
 * loses sight of a learner whose record still names them.
 *
 * The erasure's own audit trail (subject `erasure`) records who asked and why (sealed, like any
 * reason), and what was erased, in counts; each issuance's trail records that it was erased.
 */

export interface ErasureDeps {
  issuances: Pick<IssuanceRepository, 'get' | 'erase' | 'cancel'>;
  learners: Pick<LearnerRepository, 'entries' | 'completionEntries'>;
  completions: Pick<CompletionRepository, 'get' | 'eraseLearner'>;
  credentials: Pick<CredentialRepository, 'get' | 'eraseDeliveryDetail' | 'leaveDirectory'>;
  uploads: Pick<UploadRepository, 'remove'>;
  batches: Pick<BatchRepository, 'created' | 'get' | 'eraseLines'>;
  erasures: ErasureRepository;
  audit: Pick<AuditLog, 'append' | 'eraseDetails'>;
  files: PersonalFiles;
  keys: LearnerKeyer;
  /** The issuance workflow: cancelling a pending request stops its execution. */
  workflow: WorkflowEngine;
  eventBus: EventBus;
  clock: Clock;
  settings: {
    /** How long cohort files are kept (laurel:batchFileRetentionDays): older batches have none left to search. */
    batchFileRetentionDays: number;
  };
}

export interface ErasureRequest {
  email?: string | undefined;
  studentId?: string | undefined;
  reason: string;
}

/** What the admin API answers: the erasure, and what it could not reach. */
export interface ErasureView {
  id: string;
  status: Erasure['status'];
  requestedBy: Erasure['requestedBy'];
  requestedAt: string;
  completedAt?: string;
  counts: ErasureCounts;
  /** Still to do: issuances being issued right now, and batches running. */
  waitingFor: { issuances: string[]; batches: string[] };
  /** Credentials whose signed document carries the learner's name: revoke them if the learner wants it gone (README, Security). */
  namedCredentials: string[];
}

/** The statuses an issuance settles in; between REQUESTED and these it is being worked on. */
const SETTLED = new Set(['ISSUED', 'REJECTED', 'FAILED', 'EXPIRED', 'CANCELLED']);
const UNDECIDED = new Set(['REQUESTED', 'AWAITING_APPROVAL']);
/** Batches whose files their workflow is reading or writing now: erased later, if they name the learner. */
const BUSY_BATCHES = new Set(['VALIDATING', 'RUNNING']);
/** Batches read from the time index at a time (the deadline is checked between pages). */
const BATCHES_PER_PAGE = 25;
/** The lifecycle rule removes expired files within a day or two of their date. */
const LIFECYCLE_SLACK_DAYS = 2;
export const ERASURE_CANCEL_REASON = "the learner's personal data is being erased";

/** Starts an erasure and does as much as `deadline` allows. */
export async function eraseLearner(deps: ErasureDeps, request: ErasureRequest, actor: Principal, deadline: number): Promise<ErasureView> {
  await deps.keys.ready();
  const now = deps.clock.now();
  const identifiers: LearnerIdentifier[] = [...(request.email ? [{ email: request.email }] : []), ...(request.studentId ? [{ studentId: request.studentId }] : [])];
  const erasure: Erasure = {
    id: randomUUID(),
    status: 'RUNNING',
    requestedBy: { id: actor.id, name: actor.name },
    requestedAt: now.toISOString(),
    updatedAt: now.toISOString(),
    learnerKeys: identifiers.map((id) => learnerIndexKey(deps.keys, id)),
    batches: { from: new Date(now.getTime() - (deps.settings.batchFileRetentionDays + LIFECYCLE_SLACK_DAYS) * 86_400_000).toISOString(), done: false, revisit: [] },
    waitingFor: [],
    issuanceIds: [],
    credentialIds: [],
    namedCredentials: [],
    counts: noCounts(),
  };
  await deps.erasures.create(erasure);
  await deps.audit.append(
    { type: 'erasure', id: erasure.id },
    { actor: staffActor(actor), action: 'ERASURE_STARTED', after: { identifiers: identifiers.map((i) => ('email' in i ? 'email' : 'studentId')) }, reason: request.reason },
    erasure.requestedAt,
  );
  return run(deps, erasure, actor, deadline);
}

/** An erasure as it stands. */
export async function getErasure(deps: Pick<ErasureDeps, 'erasures'>, id: string): Promise<ErasureView> {
  const erasure = await deps.erasures.get(id);
  if (!erasure) throw new NotFoundError(`No erasure ${id}.`);
  return viewOf(erasure);
}

/** Goes on with an erasure that could not finish (issuances being issued, cohort files left to search). */
export async function continueErasure(deps: ErasureDeps, id: string, actor: Principal, deadline: number): Promise<ErasureView> {
  const erasure = await deps.erasures.get(id);
  if (!erasure) throw new NotFoundError(`No erasure ${id}.`);
  if (erasure.status === 'COMPLETED') return viewOf(erasure);
  await deps.keys.ready();
  return run(deps, erasure, actor, deadline);
}

async function run(deps: ErasureDeps, seen: Erasure, actor: Principal, deadline: number): Promise<ErasureView> {
  const work: Erasure = structuredClone(seen);
  await eraseIssuances(deps, work, actor);
  await eraseCohortFiles(deps, work, deadline);
  const done = work.waitingFor.length === 0 && work.batches.done && work.batches.revisit.length === 0;
  const at = deps.clock.now().toISOString();
  // Announced before it is recorded COMPLETED: a failure between the two repeats the event on
  // the next call (at least once; subscribers drop a repeat by its erasureId), never loses it.
  if (done) await announce(deps, work, actor, at);
  const next: Erasure = done ? { ...work, status: 'COMPLETED', completedAt: at, updatedAt: at, learnerKeys: [] } : { ...work, updatedAt: at };
  if ((await deps.erasures.save(seen, next)) === 'changed') throw new ConflictError('Another call is working on this erasure; read it again in a moment.');
  return viewOf(next);
}

/** The erasure's end in its trail (counts, no data), and LearnerErased for subscribers (ids, no data). */
async function announce(deps: ErasureDeps, work: Erasure, actor: Principal, at: string) {
  await deps.audit.append({ type: 'erasure', id: work.id }, { actor: staffActor(actor), action: 'LEARNER_ERASED', after: { counts: work.counts, namedCredentials: work.namedCredentials.length } }, at);
  const detail: LearnerErasedV1 = { version: '1', erasureId: work.id, issuanceIds: work.issuanceIds, credentialIds: work.credentialIds, erasedBy: actor.name, erasedAt: at };
  await deps.eventBus.publish([{ detailType: DETAIL_TYPES.learnerErased, detail }]);
}

// ---------------------------------------------------------------- issuances

/**
 * Every issuance the learner index knows under the erasure's keys, erased, or waited for. Keys
 * found on the learner's issuances (their other email, their student number) join the search;
 * each key's partition is read once.
 */
async function eraseIssuances(deps: ErasureDeps, work: Erasure, actor: Principal) {
  const seen = new Set<string>();
  const waiting: string[] = [];
  const join = (keys: string[]) => {
    for (const key of keys) if (!work.learnerKeys.includes(key)) work.learnerKeys.push(key);
  };
  for (let k = 0; k < work.learnerKeys.length; k++) {
    const key = work.learnerKeys[k]!;
    for (const { issuanceId } of await deps.learners.entries(key)) {
      if (seen.has(issuanceId)) continue;
      seen.add(issuanceId);
      const outcome = await eraseIssuance(deps, work, issuanceId, actor);
      if (outcome === 'waiting') waiting.push(issuanceId);
      else if (outcome !== 'gone') join(outcome.keys);
    }
    // Completions, whether or not they led to an issuance (one that failed is known here alone).
    for (const { completionId } of await deps.learners.completionEntries(key)) join(await eraseCompletion(deps, work, completionId, key));
  }
  work.waitingFor = waiting;
}

/**
 * One completion's learner details, and its learner index entries (under the keys of the
 * identifiers it holds, and the one it was found under), in one transaction (completion.ts
 * eraseLearner). The keys of its identifiers join the search, as an issuance's do. Safe to
 * repeat: one found through its issuance that names nobody any more is left as it is; one found
 * in the index is erased again, if only to delete that entry; each is counted once, when it
 * still named the learner.
 */
async function eraseCompletion(deps: ErasureDeps, work: Erasure, id: string, foundUnder?: string): Promise<string[]> {
  const completion = await deps.completions.get(id);
  if (!completion) return [];
  const keys = completionIndexKeys(deps.keys, completion.learner);
  if (!namesLearner(completion.learner) && !foundUnder) return keys;
  if (await deps.completions.eraseLearner(completion, { erasureId: work.id, at: deps.clock.now().toISOString() }, [...keys, ...(foundUnder ? [foundUnder] : [])])) {
    if (namesLearner(completion.learner)) work.counts.completions++;
  }
  return keys;
}

/**
 * One issuance: cancelled if undecided, erased if settled; 'waiting' while it is being issued.
 * What goes before the record (trails' details, files) goes once; only the record's own
 * transaction is tried again when the record moved meanwhile (a status mirrored, SES feedback).
 */
async function eraseIssuance(deps: ErasureDeps, work: Erasure, id: string, actor: Principal): Promise<'waiting' | 'gone' | { keys: string[] }> {
  let issuance = await deps.issuances.get(id);
  if (!issuance || isErased(issuance)) return 'gone';
  if (UNDECIDED.has(issuance.status)) {
    issuance = await cancelForErasure(deps, issuance, actor);
    work.counts.cancelled++;
  }
  if (!SETTLED.has(issuance.status)) return 'waiting';
  const keys = learnerKeysOf(deps, issuance);
  await eraseAround(deps, work, issuance, actor);
  // The completion it was requested for keeps the learner's details too (it may have no index entry: received before completions had one).
  if (issuance.origin?.kind === 'completion') await eraseCompletion(deps, work, issuance.origin.completionId);
  for (let attempt = 0; attempt < 5; attempt++) {
    if ((await deps.issuances.erase(issuance, { id: work.id, at: deps.clock.now().toISOString(), by: work.requestedBy })) === 'erased') {
      work.counts.issuances++;
      work.issuanceIds.push(issuance.id);
      if (issuance.artifact) work.credentialIds.push(issuance.credentialId);
      work.counts.indexEntries += keys.length;
      return { keys };
    }
    const again = await deps.issuances.get(id);
    if (!again || isErased(again)) return 'gone';
    issuance = again;
  }
  throw new ConflictError(`Issuance ${id} kept changing while it was being erased; continue the erasure in a moment.`);
}

async function cancelForErasure(deps: ErasureDeps, issuance: Issuance, actor: Principal): Promise<Issuance> {
  try {
    return await cancelIssuance(deps, issuance.id, actor, ERASURE_CANCEL_REASON);
  } catch (e) {
    // Decided a moment ago: read it again and see where it went.
    if (e instanceof ConflictError) return (await deps.issuances.get(issuance.id)) ?? issuance;
    throw e;
  }
}

/** What goes before the record: the trails' sealed details, the evidence files, SES's words on the credential. */
async function eraseAround(deps: ErasureDeps, work: Erasure, issuance: Issuance, actor: Principal) {
  const learner = learnerOf(issuance);
  await deps.audit.append({ type: 'issuance', id: issuance.id }, { actor: staffActor(actor), action: 'LEARNER_ERASED', after: { erasureId: work.id } });
  work.counts.auditDetails += await deps.audit.eraseDetails({ type: 'issuance', id: issuance.id });
  const credential = await deps.credentials.get(issuance.credentialId);
  if (credential) {
    work.counts.auditDetails += await deps.audit.eraseDetails({ type: 'credential', id: credential.id });
    if (await deps.credentials.eraseDeliveryDetail(credential.id)) work.counts.deliveryDetails++;
    // Out of the issuer's public directory, whatever the learner chose (the entry holds their name).
    await deps.credentials.leaveDirectory(credential, deps.clock.now().toISOString());
    if (learner.publishName && learner.name && !work.namedCredentials.includes(credential.id)) work.namedCredentials.push(credential.id);
  }
  for (const { uploadId } of issuance.award.evidenceFiles) {
    for (const v of await deps.files.versions(`evidence/${uploadId}`)) {
      await deps.files.destroy(v.key, v.versionId);
      work.counts.evidenceVersions++;
    }
    await deps.uploads.remove(uploadId);
  }
}

/** The learner index keys of an issuance's learner: its email's, and its student number's. */
const learnerKeysOf = (deps: Pick<ErasureDeps, 'keys'>, issuance: Issuance) => {
  const { email, studentId } = learnerOf(issuance);
  return [learnerIndexKey(deps.keys, { email }), ...(studentId ? [learnerIndexKey(deps.keys, { studentId })] : [])];
};

// ---------------------------------------------------------------- cohort files

/** Batches from the newest back to the oldest whose files the retention keeps, until the deadline; then the ones that were running. */
async function eraseCohortFiles(deps: ErasureDeps, work: Erasure, deadline: number) {
  const keys = new Set(work.learnerKeys);
  const isLearner: IsLearner = ({ email, studentId }) =>
    (email !== undefined && keys.has(learnerIndexKey(deps.keys, { email }))) || (studentId !== undefined && keys.has(learnerIndexKey(deps.keys, { studentId })));
  const revisit = work.batches.revisit;
  work.batches.revisit = [];
  for (const id of revisit) await eraseBatch(deps, work, id, isLearner);
  const range = timeRange({ from: work.batches.from, to: work.requestedAt }, deps.clock.now());
  while (!work.batches.done && deps.clock.now().getTime() < deadline) {
    const page = await deps.batches.created({ range, limit: BATCHES_PER_PAGE, cursor: work.batches.cursor });
    for (const b of page.items) await eraseBatch(deps, work, b.id, isLearner);
    if (page.cursor) work.batches.cursor = page.cursor;
    else {
      work.batches.done = true;
      delete work.batches.cursor;
    }
  }
}

async function eraseBatch(deps: ErasureDeps, work: Erasure, batchId: string, isLearner: IsLearner) {
  const batch = await deps.batches.get(batchId);
  if (!batch) return;
  work.counts.batchesScanned++;
  if (BUSY_BATCHES.has(batch.status)) {
    // Its workflow is reading the files: waited for only if they name the learner (a batch stuck
    // there that does is named in `waitingFor`, for staff to cancel).
    if ((await eraseFromCohortFiles(deps.files, batchId, isLearner, { findOnly: true })).lines.size > 0) work.batches.revisit.push(batchId);
    return;
  }
  const outcome = await eraseFromCohortFiles(deps.files, batchId, isLearner);
  work.counts.fileVersionsDestroyed += outcome.destroyed;
  if (outcome.lines.size === 0) return;
  work.counts.batchesChanged++;
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = attempt === 0 ? batch : await deps.batches.get(batchId);
    if (!current || (await deps.batches.eraseLines(current, outcome.lines)) === 'erased') return;
  }
  work.batches.revisit.push(batchId);
}

// ----------------------------------------------------------------

const staffActor = (p: Principal) => ({ kind: 'staff' as const, id: p.id, name: p.name });

export const viewOf = (e: Erasure): ErasureView => ({
  id: e.id,
  status: e.status,
  requestedBy: e.requestedBy,
  requestedAt: e.requestedAt,
  ...(e.completedAt ? { completedAt: e.completedAt } : {}),
  counts: { ...noCounts(), ...e.counts },
  waitingFor: { issuances: e.waitingFor, batches: e.batches.revisit },
  namedCredentials: e.namedCredentials,
});
