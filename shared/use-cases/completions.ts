import { requestIssuanceBody, type RequestIssuanceBody } from '../domain/award';
import { normalizeEmail } from '../credentials/recipient';
import { derivedUuid } from '../derived-id';
import type { AuditLog } from '../entities/audit';
import { completionIndexKeys, namesLearner, type Completion, type CompletionFailure, type CompletionRepository } from '../entities/completion';
import type { CompletionSource, CompletionSourceRepository } from '../entities/completion-source';
import type { CourseMapping, CourseMappingRepository } from '../entities/course-mapping';
import type { Issuance, IssuanceRepository } from '../entities/issuance';
import { maskEmail, seesEmail, type Principal } from '../domain/staff';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import type { LearnerKeyer } from '../ports';
import { encodeCursor } from '../entities/cursor';
import { LearnerHoldsError, type SystemRequest } from './issuances';
import type { Clock } from '../clock';

/**
 * Completions in (issue #21): whatever channel a completion arrives by — the signed webhook,
 * Moodle's bearer-token POST, Canvas Live Events through SQS or signed HTTPS, `CompletionRecorded`
 * on the bus — the receiver authenticates it and hands it here as a ReportedCompletion, and this
 * one path turns it into a request through the issuing core (requestIssuance, as staff request
 * one), exactly once per source, course and learner:
 *
 * - the completion's id is derived from the three (never from its time), so a redelivery finds
 *   the first and changes nothing but its count;
 * - the request's ids are derived from the completion and its attempt, so a request made twice
 *   (two deliveries at once, a crash between the request and its record) is one issuance;
 * - what could not be requested — no mapping for the course, no address for the learner, a
 *   mapping the achievement refuses — is recorded as FAILED with the reason, listed for staff,
 *   and carried out again by a redelivery or a staff replay once fixed. Rules not met are the
 *   workflow's to decide: the issuance is REJECTED at its evidence check, visible beside the
 *   completion, and a replay makes a new attempt.
 */
export interface ReportedCompletion {
  sourceId: string;
  via: Completion['via'];
  courseId: string;
  courseName?: string | undefined;
  learner: { email?: string | undefined; name?: string | undefined; studentNumber?: string | undefined; externalId?: string | undefined };
  completedAt?: string | undefined;
  score?: number | undefined;
  evidenceUrl?: string | undefined;
}

export interface CompletionDeps {
  sources: Pick<CompletionSourceRepository, 'get'>;
  mappings: Pick<CourseMappingRepository, 'get'>;
  completions: Pick<CompletionRepository, 'receive' | 'get' | 'refresh' | 'markRequested' | 'markHeld' | 'markFailed' | 'nextAttempt'>;
  learnerKeys: LearnerKeyer;
  /** The address the learner index knows for a student number (their latest issuance's), if any. */
  emailOfStudent(studentNumber: string): Promise<string | undefined>;
  /** The issuing core, as staff reach it (use-cases/issuances.ts requestIssuance), with a system actor and derived ids. */
  requestIssuance(input: RequestIssuanceBody, ids: SystemRequest, actor: Principal): Promise<{ issuance: Issuance; replayed: boolean }>;
  clock: Clock;
}

/** What a receiver answers the source: the completion, and what became of it. */
export interface CompletionOutcome {
  completionId: string;
  status: Completion['status'];
  duplicate: boolean;
  issuanceId?: string | undefined;
  failure?: { reason: CompletionFailure; detail: string } | undefined;
}

/**
 * The learner as the source knows them, keyed (an HMAC: the table holds no identifier in a key):
 * its own id for them when it sends one, else the student number, else the address — the most
 * stable first, so a learner whose address changes between deliveries is still the same learner.
 */
function learnerRef(keys: LearnerKeyer, c: ReportedCompletion): string {
  const { externalId, studentNumber, email } = c.learner;
  const ref = externalId ? `id:${externalId}` : studentNumber ? `student:${studentNumber.trim()}` : email ? `email:${normalizeEmail(email)}` : undefined;
  if (!ref) throw new ValidationError('The completion does not say who completed the course.', [{ path: 'body.learner', message: 'give the learner’s email, student number or id' }]);
  return keys.keyFor(`completion-learner:${c.sourceId}:${ref}`);
}

export const completionIdOf = (sourceId: string, courseId: string, ref: string) => derivedUuid(['laurel-completion', sourceId, courseId, ref], { version: '8', variant: '8' });
const requestIdsOf = (completionId: string, attempt: number) => ({
  issuanceId: derivedUuid(['laurel-completion-issuance', completionId, String(attempt)], { version: '8', variant: '9' }),
  credentialId: derivedUuid(['laurel-completion-credential', completionId, String(attempt)], { version: '8', variant: 'a' }),
});

/** The source acts in the trail as a system actor of its own: which system asked is part of the appeal's answer. */
const sourceActor = (source: Pick<CompletionSource, 'id' | 'name'>): Principal => ({ id: `source:${source.id}`, name: source.name, roles: [], groups: [] });

/** Receives a completion (authenticated by its receiver) and carries it out, once. */
export async function receiveCompletion(deps: CompletionDeps, reported: ReportedCompletion): Promise<CompletionOutcome> {
  await deps.learnerKeys.ready();
  const now = deps.clock.now().toISOString();
  const id = completionIdOf(reported.sourceId, reported.courseId, learnerRef(deps.learnerKeys, reported));
  const details = {
    learner: JSON.parse(JSON.stringify(reported.learner)) as Completion['learner'],
    ...(reported.courseName ? { courseName: reported.courseName } : {}),
    ...(reported.completedAt ? { completedAt: reported.completedAt } : {}),
    ...(reported.score !== undefined ? { score: reported.score } : {}),
    ...(reported.evidenceUrl ? { evidenceUrl: reported.evidenceUrl } : {}),
  };
  const { created, completion } = await deps.completions.receive({
    id,
    sourceId: reported.sourceId,
    courseId: reported.courseId,
    via: reported.via,
    ...details,
    receivedAt: now,
    lastReceivedAt: now,
    received: 1,
    attempt: 1,
    status: 'RECEIVED',
    updatedAt: now,
  }, completionIndexKeys(deps.learnerKeys, details.learner));
  // Requested or held already: a redelivery, answered as the first was.
  if (completion.status === 'REQUESTED' || completion.status === 'HELD') return outcome(completion, !created);
  // Failed before: this delivery may bring what was missing (an address), or the course may be mapped since.
  // Also after the learner's erasure: details the source sends again are new data from the source,
  // kept (and indexed) as a first delivery's would be; an erasure never stops a source reporting.
  const current = completion.status === 'FAILED' ? ((await deps.completions.refresh(completion, details, now, completionIndexKeys(deps.learnerKeys, details.learner))) ?? completion) : completion;
  return outcome(await carryOut(deps, current), !created);
}

const outcome = (c: Completion, duplicate: boolean): CompletionOutcome => ({
  completionId: c.id,
  status: c.status,
  duplicate,
  ...(c.issuanceId ? { issuanceId: c.issuanceId } : {}),
  ...(c.failure ? { failure: { reason: c.failure.reason, detail: c.failure.detail } } : {}),
});

/** Turns a received (or failed) completion into its request, or records why it cannot be made. */
async function carryOut(deps: CompletionDeps, c: Completion): Promise<Completion> {
  const at = deps.clock.now().toISOString();
  const fail = async (reason: CompletionFailure, detail: string) => (await deps.completions.markFailed(c.id, c.attempt, { reason, detail, at })) ?? (await reloaded(deps, c.id));
  const source = await deps.sources.get(c.sourceId);
  if (!source || source.status !== 'active') return fail('SOURCE_DISABLED', `the source '${c.sourceId}' is disabled: enable it, then replay`);
  const mapping = await deps.mappings.get(c.sourceId, c.courseId);
  if (!mapping) return fail('UNMAPPED_COURSE', `course '${c.courseId}'${c.courseName ? ` (${c.courseName})` : ''} of ${source.name} is not mapped to an achievement: map it, then replay`);
  const email = c.learner.email ?? (c.learner.studentNumber ? await deps.emailOfStudent(c.learner.studentNumber) : undefined);
  if (!email) return fail('UNKNOWN_LEARNER', 'the completion carries no email address, and no learner with its student number is known: replay it with the address');
  const body = requestIssuanceBody.safeParse(requestOf(c, mapping, email));
  if (!body.success) {
    const issues = body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return fail(body.error.issues.some((i) => i.path[0] === 'recipient') ? 'UNKNOWN_LEARNER' : 'MAPPING_REFUSED', `the request could not be made from it (${issues})`);
  }
  const ids = requestIdsOf(c.id, c.attempt);
  try {
    await deps.requestIssuance(body.data, { ...ids, origin: { kind: 'completion', sourceId: c.sourceId, courseId: c.courseId, completionId: c.id, requireApproval: mapping.policy === 'approval' } }, sourceActor(source));
  } catch (e) {
    if (e instanceof LearnerHoldsError) return (await deps.completions.markHeld(c.id, c.attempt, at)) ?? (await reloaded(deps, c.id));
    if (e instanceof ValidationError || e instanceof ConflictError) return fail('MAPPING_REFUSED', `${e.message}${e instanceof ValidationError && e.errors.length ? ` (${e.errors.map((i) => `${i.path}: ${i.message}`).join('; ')})` : ''}`);
    throw e;
  }
  return (await deps.completions.markRequested(c.id, c.attempt, ids, at)) ?? (await reloaded(deps, c.id));
}

/** A write whose condition failed lost to a concurrent one (a replay moved the attempt on): what it made is the answer. */
async function reloaded(deps: Pick<CompletionDeps, 'completions'>, id: string): Promise<Completion> {
  const c = await deps.completions.get(id);
  if (!c) throw new Error(`completion ${id} vanished`);
  return c;
}

/** The mapping's request: the score as its result, the completion time, the course as evidence. */
function requestOf(c: Completion, m: CourseMapping, email: string): unknown {
  const name = c.learner.name;
  const evidence = m.courseAsEvidence && (c.evidenceUrl || m.evidenceNarrative)
    ? [{ ...(c.evidenceUrl ? { id: c.evidenceUrl } : {}), name: c.courseName ?? `Course ${c.courseId}`, genre: 'Course completion', ...(m.evidenceNarrative ? { narrative: m.evidenceNarrative } : {}) }]
    : [];
  return {
    achievementId: m.achievementId,
    recipient: { email, ...(name ? { name } : {}), publishName: m.publishName && !!name, ...(c.learner.studentNumber ? { studentId: c.learner.studentNumber } : {}) },
    evidence,
    results: m.scoreResultKey && c.score !== undefined ? [{ resultKey: m.scoreResultKey, value: String(c.score) }] : [],
    ...(c.completedAt ? { completedAt: c.completedAt } : {}),
  };
}

export interface ReplayDeps extends CompletionDeps {
  issuances: Pick<IssuanceRepository, 'get'>;
  audit: Pick<AuditLog, 'append'>;
}

/** Issuances that ended without a credential: a replay may ask again (attempt n + 1). */
const ENDED_WITHOUT_CREDENTIAL = new Set(['REJECTED', 'FAILED', 'CANCELLED', 'EXPIRED']);

/**
 * Staff carry a completion out again once what stopped it is fixed: a failed one as it is (or
 * with the learner's address, when that was what was missing); one whose request ended without
 * a credential — rules not met, rejected, expired — as a new attempt. One that is under way or
 * issued is refused: a replay never issues twice.
 */
export async function replayCompletion(deps: ReplayDeps, id: string, input: { email?: string | undefined }, actor: Principal): Promise<CompletionOutcome> {
  await deps.learnerKeys.ready();
  let c = await deps.completions.get(id);
  if (!c) throw new NotFoundError(`No completion with id '${id}'.`);
  // Erased with its learner: nothing left to request for, and staff do not bring an erased
  // learner's details back (only the source may, by reporting the completion again).
  if (c.erased && !namesLearner(c.learner)) {
    throw new ConflictError(`The learner's details were erased from this completion (erasure ${c.erased.erasureId}): nothing to replay.`);
  }
  const at = deps.clock.now().toISOString();
  if (input.email) {
    if (c.status !== 'FAILED') throw new ConflictError('Only a failed completion takes an address: this one was requested already.');
    const learner = { ...c.learner, email: normalizeEmail(input.email) };
    c = (await deps.completions.refresh(c, { learner }, at, completionIndexKeys(deps.learnerKeys, learner))) ?? (await reloaded(deps, id));
  }
  if (c.status === 'REQUESTED' || c.status === 'HELD') {
    const issuance = c.issuanceId ? await deps.issuances.get(c.issuanceId) : undefined;
    if (c.status === 'REQUESTED' && issuance && !ENDED_WITHOUT_CREDENTIAL.has(issuance.status)) {
      throw new ConflictError(`The completion's request is ${issuance.status.toLowerCase().replace(/_/g, ' ')} (issuance ${issuance.id}): nothing to replay.`);
    }
    c = (await deps.completions.nextAttempt(id, c.attempt, at)) ?? (await reloaded(deps, id));
  }
  await deps.audit.append({ type: 'source', id: c.sourceId }, { actor: { kind: 'staff', id: actor.id, name: actor.name }, action: 'COMPLETION_REPLAYED', after: { completionId: c.id, courseId: c.courseId, attempt: c.attempt } }, at);
  return outcome(await carryOut(deps, c), false);
}

/** A completion as staff see it: the learner's address masked unless their role sees addresses, and its request's status now. */
export interface CompletionView extends Omit<Completion, 'learner'> {
  learner: { email?: string | undefined; name?: string | undefined; studentNumber?: string | undefined; externalId?: string | undefined };
  issuanceStatus?: Issuance['status'] | undefined;
}

export async function listCompletions(
  deps: { completions: Pick<CompletionRepository, 'listBySource' | 'listFailed'>; sources: Pick<CompletionSourceRepository, 'get'>; issuances: Pick<IssuanceRepository, 'get'> },
  q: { sourceId?: string | undefined; failed?: boolean | undefined; limit: number; cursor?: string | undefined },
  viewer: Principal,
): Promise<{ items: CompletionView[]; next?: string | undefined }> {
  if (!q.failed && !q.sourceId) throw new ValidationError('Name a source, or ask for the failed completions.', [{ path: 'query.sourceId', message: 'required unless failed=true' }]);
  if (q.sourceId && !(await deps.sources.get(q.sourceId))) throw new NotFoundError(`No completion source with id '${q.sourceId}'.`);
  const page = q.failed && !q.sourceId ? await deps.completions.listFailed(q) : await deps.completions.listBySource(q.sourceId!, q);
  const items = page.items.filter((c) => !q.failed || c.status === 'FAILED');
  const statuses = await Promise.all(items.map(async (c) => (c.issuanceId ? (await deps.issuances.get(c.issuanceId))?.status : undefined)));
  const sees = seesEmail(viewer);
  return {
    items: items.map((c, i) => ({
      ...c,
      learner: { ...c.learner, ...(c.learner.email ? { email: sees ? c.learner.email : maskEmail(c.learner.email) } : {}) },
      ...(statuses[i] ? { issuanceStatus: statuses[i] } : {}),
    })),
    ...(page.next ? { next: encodeCursor(page.next) } : {}),
  };
}

