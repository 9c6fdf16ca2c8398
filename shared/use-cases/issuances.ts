import { createHash, randomUUID } from 'node:crypto';
import type { RequestIssuanceBody } from '../domain/award';
import { newSalt, normalizeEmail } from '../credentials/recipient';
import type { AchievementRepository } from '../entities/achievement';
import { IDEMPOTENCY_TTL_SECONDS, type IdempotencyRepository } from '../entities/idempotency';
import { canonicalJson } from '../canonical-json';
import type { AuditLog } from '../entities/audit';
import type { HoldingRepository } from '../entities/holding';
import type { UploadRepository } from '../entities/upload';
import { learnerOf, stepUpdate, type HoldingOf, type Issuance, type IssuanceRepository } from '../entities/issuance';
import { timeRange } from '../entities/time-index';
import { maskEmail, seesEmail } from '../domain/staff';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { DETAIL_TYPES, type IssuanceCancelledV1 } from '../../events/schemas';
import type { EventBus, WorkflowEngine } from '../ports';
import { countBusinessEvent } from '../observability';
import { holdsApprovalRole, type Principal } from '../domain/staff';
import { decodeCursor, encodeCursor } from '../entities/cursor';
import { WORKFLOW_ERRORS } from '../workflow/contract';
import type { Clock } from '../clock';

export interface IssuanceDeps {
  achievements: Pick<AchievementRepository, 'getLatest'>;
  issuances: Pick<IssuanceRepository, 'create' | 'get' | 'recordExecution' | 'decide' | 'reopenFailed' | 'cancel' | 'reopenForException' | 'listPending' | 'listByMonth'>;
  idempotency: Pick<IdempotencyRepository, 'get'>;
  holdings: Pick<HoldingRepository, 'holder'>;
  uploads: Pick<UploadRepository, 'get'>;
  audit: Pick<AuditLog, 'append'>;
  /** The issuance state machine. */
  workflow: WorkflowEngine;
  clock: Clock;
}

/** Where the learner's holding of this achievement version is kept. */
const holdingOf = (i: Issuance): HoldingOf => ({ achievementId: i.achievementId, achievementVersion: i.achievementVersion, email: learnerOf(i).email, issuanceId: i.id });

/** The approval decision the workflow receives as the Approval task's output. */
export interface ApprovalOutput {
  decision: 'APPROVED';
  decidedBy: { id: string; name: string };
  decidedAt: string;
  comment?: string;
  /** Steps of the chain still to approve; the state machine loops while it is above zero. */
  remaining: number;
}
export const APPROVAL_REJECTED_ERROR = WORKFLOW_ERRORS.approvalRejected;

/**
 * Records the request, then starts the workflow named after the issuance: Step Functions
 * refuses a second execution of the same name, so a retried start can never issue twice.
 * With an Idempotency-Key, the same key and body return the first issuance (`replayed`);
 * the same key with another body is a 409.
 */
export async function requestIssuance(
  deps: IssuanceDeps,
  input: RequestIssuanceBody,
  actor: Principal,
  idempotencyKey?: string,
  system?: SystemRequest,
  renewal?: RenewalRequest,
): Promise<{ issuance: Issuance; replayed: boolean }> {
  const achievement = await deps.achievements.getLatest(input.achievementId);
  if (!achievement) {
    throw new ValidationError('The achievement does not exist.', [{ path: 'body.achievementId', message: `no achievement '${input.achievementId}'` }]);
  }
  if (achievement.lifecycle === 'archived') {
    throw new ConflictError(`The achievement '${achievement.id}' is archived: it is no longer awarded. Restore it to issue it again.`);
  }
  if (achievement.validUntilDate && Date.parse(achievement.validUntilDate) <= deps.clock.now().getTime()) {
    throw new ConflictError(`The achievement's credentials were valid until ${achievement.validUntilDate}: a credential issued now would be born expired. Set a later end date first.`);
  }
  // A result must say which of the achievement's result descriptions it reports.
  const known = new Set(achievement.resultDescriptions.map((d) => d.key));
  const unknown = input.results.flatMap((r, i) => (known.has(r.resultKey) ? [] : [{ path: `body.results.${i}.resultKey`, message: `'${r.resultKey}' is not a result of this achievement${known.size ? ` (known: ${[...known].join(', ')})` : ''}` }]));
  if (unknown.length) throw new ValidationError('Results refer to result descriptions the achievement does not have.', unknown);
  // Evidence files must have been offered to this requester (their content is checked later).
  const notYours = (
    await Promise.all(input.evidenceFiles.map(async (f, i) => ((await deps.uploads.get(f.uploadId))?.uploadedBy === actor.id ? undefined : i)))
  ).filter((i): i is number => i !== undefined);
  if (notYours.length) {
    throw new ValidationError(
      'Evidence files must be uploads you made through POST /evidence-uploads.',
      notYours.map((i) => ({ path: `body.evidenceFiles.${i}.uploadId`, message: 'no such upload of yours' })),
    );
  }
  const { achievementId: _a, recipient, ...award } = input;
  const now = deps.clock.now().toISOString();
  const issuance: Issuance = {
    id: system?.issuanceId ?? randomUUID(),
    achievementId: achievement.id,
    achievementVersion: achievement.version,
    issuerId: achievement.issuerId,
    credentialId: system?.credentialId ?? randomUUID(),
    recipient: { ...recipient, email: normalizeEmail(recipient.email) },
    award,
    ...(system?.origin ? { origin: system.origin } : {}),
    ...(renewal ? { renews: renewal.renews, ...(renewal.deliveryEmail ? { deliveryEmail: renewal.deliveryEmail } : {}) } : {}),
    recipientSalt: newSalt(),
    status: 'REQUESTED',
    steps: {},
    retries: [],
    approvals: [],
    deliveries: [],
    verifiedFiles: [],
    requestedBy: { id: actor.id, name: actor.name },
    requestedAt: now,
    updatedAt: now,
  };
  const record = idempotencyKey
    ? {
        principalId: actor.id,
        key: idempotencyKey,
        requestHash: createHash('sha256').update(canonicalJson(input)).digest('hex'),
        issuanceId: issuance.id,
        createdAt: now,
        expiresAt: Math.floor(Date.parse(now) / 1000) + IDEMPOTENCY_TTL_SECONDS,
      }
    : undefined;
  // One active credential per learner and achievement version, unless the policy allows repeats.
  // A renewal replaces the credential that holds this achievement for the learner: it takes no holding of its own.
  const created = await deps.issuances.create(issuance, { ...(record ? { idempotency: record } : {}), takeHolding: !achievement.allowRepeats && !renewal });
  if (created === 'created') {
    await auditRequested(deps, issuance, actor, system ? 'system' : (renewal?.by ?? 'staff'));
    return { issuance: await startWorkflow(deps, issuance), replayed: false };
  }
  const holder = created === 'learner-holds' ? await deps.holdings.holder(achievement.id, achievement.version, learnerOf(issuance).email) : undefined;
  if (system && (created === 'id-taken' || holder === issuance.id)) {
    // The id names what is requested: this request was made before (perhaps stopped before its
    // workflow started). Its holding, taken first in the write, is what a repeat trips on.
    const existing = await getIssuance(deps, issuance.id);
    return { issuance: existing.executionArn ? existing : await startWorkflow(deps, existing), replayed: true };
  }
  if (created === 'id-taken') throw new ConflictError('Issuance id collision; retry the request.');
  if (created === 'learner-holds') {
    throw new LearnerHoldsError(
      `The learner already holds, or is being issued, version ${achievement.version} of this achievement${holder ? ` (issuance ${holder})` : ''}; the policy allows one.`,
    );
  }
  if (!idempotencyKey || !record) throw new ConflictError('Retry the request.');
  const requestHash = record.requestHash;
  const first = await deps.idempotency.get(actor.id, idempotencyKey);
  if (!first) throw new ConflictError('The Idempotency-Key is being used by a request in flight; retry shortly.');
  if (first.requestHash !== requestHash) {
    throw new ConflictError('This Idempotency-Key was already used with a different request body.');
  }
  const existing = await getIssuance(deps, first.issuanceId);
  // The first request may have stopped between its write and starting the workflow: finish its job.
  return { issuance: existing.executionArn ? existing : await startWorkflow(deps, existing), replayed: true };
}

const staff = (p: Principal) => ({ kind: 'staff' as const, id: p.id, name: p.name });

/**
 * A request Laurel makes by itself (a pathway's award, shared/use-cases/pathways.ts): its ids are
 * derived from what it awards, so a second request for the same thing finds the first ('id-taken'
 * answers that issuance, its workflow started if it was not), and the trail names a system actor.
 */
export interface SystemRequest {
  issuanceId: string;
  credentialId: string;
  /** A completion's request: kept on the issuance (its origin, and whether its mapping requires approval). */
  origin?: NonNullable<Issuance['origin']>;
}

/** The learner already holds (or is being issued) this achievement version, and its policy allows one. */
export class LearnerHoldsError extends ConflictError {}

/**
 * A renewal (use-cases/renewals.ts): the credential it renews, and who asked — staff, or the
 * learner from their claim page — and where the learner is written to now.
 */
export interface RenewalRequest {
  renews: NonNullable<Issuance['renews']>;
  by: 'staff' | 'learner';
  deliveryEmail?: string | undefined;
}

async function auditRequested(deps: Pick<IssuanceDeps, 'audit'>, issuance: Issuance, actor: Principal, kind: 'staff' | 'system' | 'learner' = 'staff') {
  await deps.audit.append(
    { type: 'issuance', id: issuance.id },
    {
      actor: { ...staff(actor), kind },
      action: 'REQUESTED',
      after: {
        status: issuance.status,
        achievementId: issuance.achievementId,
        achievementVersion: issuance.achievementVersion,
      },
      // Results, evidence and narrative are the learner's: sealed apart, erasable.
      personal: { award: issuance.award },
    },
  );
}

/** Runs the workflow as the execution `name` (once per name) and records which execution it is. */
async function startWorkflow(deps: Pick<IssuanceDeps, 'workflow' | 'issuances'>, issuance: Issuance, name = issuance.id): Promise<Issuance> {
  const { executionArn } = await deps.workflow.start(name, { issuanceId: issuance.id });
  return deps.issuances.recordExecution(issuance.id, executionArn);
}

export async function getIssuance(deps: { issuances: Pick<IssuanceRepository, 'get'> }, id: string): Promise<Issuance> {
  const issuance = await deps.issuances.get(id);
  if (!issuance) throw new NotFoundError(`No issuance with id '${id}'.`);
  return issuance;
}

/**
 * An approver decides the pending approval step. They must hold the role the step asks for; the
 * requester may not decide, and nobody decides two steps of one chain (separation of duties).
 * The decision is recorded before the workflow is told, and the conditional write on the task
 * token makes a second, concurrent decision fail with 409.
 */
export async function decideApproval(
  deps: Pick<IssuanceDeps, 'issuances' | 'workflow' | 'audit' | 'clock'>,
  id: string,
  actor: Principal,
  decision: { approve: true; comment?: string } | { approve: false; reason: string },
): Promise<Issuance> {
  const issuance = await getIssuance(deps, id);
  const pending = issuance.approval;
  if (issuance.status !== 'AWAITING_APPROVAL' || !pending?.taskToken) {
    throw new ConflictError(`The issuance is ${issuance.status}, not awaiting a decision right now.`);
  }
  if (!holdsApprovalRole(actor, pending.role)) {
    throw new ForbiddenError(`This approval step needs the role '${pending.role}'.`);
  }
  if (issuance.requestedBy.id === actor.id) {
    throw new ForbiddenError('Separation of duties: the person who requested an issuance cannot decide its approval.');
  }
  if (issuance.approvals.some((a) => a.decidedBy.id === actor.id)) {
    throw new ForbiddenError('Separation of duties: you already decided an earlier step of this approval chain.');
  }
  const decidedAt = deps.clock.now().toISOString();
  const token = pending.taskToken;
  const comment = decision.approve ? decision.comment : decision.reason;
  const verdict = decision.approve ? ('APPROVED' as const) : ('REJECTED' as const);
  const approvals = [
    ...issuance.approvals,
    { step: pending.step, role: pending.role, decision: verdict, decidedBy: { id: actor.id, name: actor.name }, decidedAt, ...(comment ? { comment } : {}) },
  ];
  const remaining = decision.approve ? Math.max(0, (pending.steps ?? pending.step + 1) - (pending.step + 1)) : 0;
  const status = !decision.approve ? 'REJECTED' : remaining > 0 ? 'AWAITING_APPROVAL' : 'APPROVED';
  const progress = stepUpdate(
    decidedAt,
    'Approval',
    !decision.approve ? 'FAILED' : remaining > 0 ? 'WAITING' : 'SUCCEEDED',
    `step ${pending.step + 1} (${pending.role}) ${decision.approve ? 'approved' : 'rejected'} by ${actor.name}`,
  );
  // A rejection is final the moment it is recorded: the learner's holding goes with it, so
  // nobody who reads REJECTED is then refused a new request for that learner.
  const updated = await deps.issuances.decide(
    id,
    token,
    { decision: approvals.at(-1)!, approvals, status, ...(decision.approve ? {} : { rejection: { stage: 'approval', reason: decision.reason } }), progress },
    decision.approve ? undefined : holdingOf(issuance),
  );
  if (!updated) throw new ConflictError('The approval was decided by someone else a moment ago.');
  await deps.audit.append(
    { type: 'issuance', id },
    {
      actor: staff(actor),
      action: verdict,
      before: { status: 'AWAITING_APPROVAL', role: pending.role, step: pending.step, exception: pending.exception },
      after: { status: updated.status, remaining },
      ...(comment ? { reason: comment } : {}),
    },
    decidedAt,
  );
  if (decision.approve) {
    const output: ApprovalOutput = { decision: 'APPROVED', decidedBy: { id: actor.id, name: actor.name }, decidedAt, remaining, ...(comment ? { comment } : {}) };
    await deps.workflow.answer(token, { output });
  } else {
    await deps.workflow.answer(token, { failure: { error: APPROVAL_REJECTED_ERROR, cause: decision.reason } });
  }
  return updated;
}

/**
 * A FAILED issuance, retried by staff once the cause is fixed. Every step is idempotent (the same
 * credential bytes, status position and at most one email), so the workflow simply runs again,
 * in a new execution; an approval already given is not asked for again.
 */
export async function retryIssuance(
  deps: Pick<IssuanceDeps, 'issuances' | 'workflow' | 'audit' | 'clock'>,
  id: string,
  actor: Principal,
): Promise<Issuance> {
  const issuance = await getIssuance(deps, id);
  if (issuance.status !== 'FAILED' || !issuance.failure) throw new ConflictError(`Only a FAILED issuance can be retried; this one is ${issuance.status}.`);
  const attempt = issuance.retries.length + 1;
  const retries = [...issuance.retries, { by: actor.name, at: deps.clock.now().toISOString(), failure: issuance.failure }];
  const updated = await deps.issuances.reopenFailed(id, issuance.retries.length, retries);
  if (!updated) throw new ConflictError('The issuance changed a moment ago (another retry?); read it and try again.');
  await deps.audit.append(
    { type: 'issuance', id },
    { actor: staff(actor), action: 'RETRIED', before: { status: 'FAILED', failure: issuance.failure }, after: { status: 'REQUESTED', attempt } },
  );
  return startWorkflow(deps, updated, `${id}-retry-${attempt}`);
}

/**
 * The approvals waiting for a role, oldest first, with their age: what an approver works
 * through, and what a registrar chases. Approvers see the roles they hold; auditors see all.
 */
export async function pendingApprovals(
  deps: Pick<IssuanceDeps, 'issuances' | 'clock'> & { achievements: Pick<AchievementRepository, 'getVersion'> },
  actor: Principal,
  query: { role: string; achievementId?: string; cohort?: string; olderThanMinutes?: number; limit: number; cursor?: string },
) {
  if (!holdsApprovalRole(actor, query.role) && !actor.roles.includes('auditor') && !actor.roles.includes('registrar')) {
    throw new ForbiddenError(`Only holders of the role '${query.role}' (or registrars and auditors, who chase and check them) may list its approvals.`);
  }
  const now = deps.clock.now();
  const before = query.olderThanMinutes !== undefined ? new Date(now.getTime() - query.olderThanMinutes * 60_000).toISOString() : undefined;
  const after = decodeCursor(query.cursor, { GSI2PK: `APPROVALS#PENDING#${query.role}` });
  const { items, next } = await deps.issuances.listPending(query.role, {
    limit: query.limit,
    ...(before ? { before } : {}),
    ...(query.achievementId ? { achievementId: query.achievementId } : {}),
    ...(query.cohort ? { cohort: query.cohort } : {}),
    ...(after ? { after } : {}),
  });
  const names = await achievementNames(deps, items);
  return {
    items: items.map((i) => ({
      issuanceId: i.id,
      achievementId: i.achievementId,
      achievementVersion: i.achievementVersion,
      ...(names.get(`${i.achievementId}#${i.achievementVersion}`) ? { achievementName: names.get(`${i.achievementId}#${i.achievementVersion}`) } : {}),
      ...(i.award.cohort ? { cohort: i.award.cohort } : {}),
      role: i.approval?.role,
      step: (i.approval?.step ?? 0) + 1,
      steps: i.approval?.steps,
      exception: i.approval?.exception ?? false,
      ...(i.award.exception ? { justification: i.award.exception.justification } : {}),
      requestedBy: i.requestedBy.name,
      waitingSince: i.approval?.requestedAt,
      ageMinutes: i.approval?.requestedAt ? Math.floor((now.getTime() - Date.parse(i.approval.requestedAt)) / 60_000) : undefined,
      ...(i.approval?.dueAt ? { dueAt: i.approval.dueAt } : {}),
    })),
    ...(next ? { cursor: encodeCursor(next) } : {}),
  };
}

/**
 * The name of each achievement version on a page of approvals, read once per version (a queue
 * is mostly a few achievements): approvers work by name, not by slug.
 */
async function achievementNames(deps: { achievements: Pick<AchievementRepository, 'getVersion'> }, items: Issuance[]): Promise<Map<string, string>> {
  const versions = [...new Map(items.map((i) => [`${i.achievementId}#${i.achievementVersion}`, i] as const)).values()];
  const names = new Map<string, string>();
  await Promise.all(
    versions.map(async (i) => {
      const name = (await deps.achievements.getVersion(i.achievementId, i.achievementVersion))?.name;
      if (name) names.set(`${i.achievementId}#${i.achievementVersion}`, name);
    }),
  );
  return names;
}

/**
 * Issuances newest first. With an achievement, one partition of GSI1 (a date range in the key
 * condition); without, the month partitions of the time index. Status, cohort, campus,
 * programme and requester narrow either. Emails are masked for roles that do not need them.
 */
export async function listIssuances(
  deps: Pick<IssuanceDeps, 'issuances' | 'clock'>,
  actor: Principal,
  q: {
    status?: string[] | undefined;
    achievementId?: string | undefined;
    cohort?: string | undefined;
    campus?: string | undefined;
    programme?: string | undefined;
    requestedBy?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
) {
  const range = timeRange(q, deps.clock.now());
  const filters = {
    status: q.status,
    cohort: q.cohort,
    campus: q.campus,
    programme: q.programme,
    requesterId: q.requestedBy === 'me' ? actor.id : q.requestedBy,
    achievementId: q.achievementId,
  };
  const page = await deps.issuances.listByMonth({ range, limit: q.limit, filters, ...(q.cursor ? { cursor: q.cursor } : {}) });
  const visible = seesEmail(actor);
  return {
    items: page.items.map((i) => ({ ...i, recipient: 'erased' in i.recipient || visible ? i.recipient : { ...i.recipient, email: maskEmail(i.recipient.email) } })),
    ...(page.cursor ? { cursor: page.cursor } : {}),
  };
}

const CANCELLABLE = ['REQUESTED', 'AWAITING_APPROVAL'] as const;

/**
 * Withdraws a request nobody has decided yet. The status, the end of any pending approval and
 * the release of the learner's holding commit together; then the execution is stopped. A step
 * still in flight cannot move a CANCELLED issuance on (the repository refuses status changes).
 */
export async function cancelIssuance(
  deps: Pick<IssuanceDeps, 'workflow' | 'audit' | 'clock'> & { issuances: Pick<IssuanceRepository, 'get' | 'cancel'>; eventBus: EventBus },
  id: string,
  actor: Principal,
  reason: string,
): Promise<Issuance> {
  const issuance = await getIssuance(deps, id);
  const mayCancelAny = actor.roles.includes('admin') || actor.roles.includes('registrar');
  if (!mayCancelAny && issuance.requestedBy.id !== actor.id) {
    throw new ForbiddenError('An issuer may cancel only the requests they made; a registrar may cancel any.');
  }
  // Repeating a cancellation converges: it stops the execution and puts the event again (at
  // least once), so a client retry after a failure part-way loses neither.
  if (issuance.status === 'CANCELLED' && issuance.cancellation) return finishCancellation(deps, issuance, issuance.cancellation);
  if (!(CANCELLABLE as readonly string[]).includes(issuance.status)) {
    throw new ConflictError(`Only a request not yet decided (REQUESTED or AWAITING_APPROVAL) can be cancelled; this one is ${issuance.status}.`);
  }
  const at = deps.clock.now().toISOString();
  const cancellation = { by: { id: actor.id, name: actor.name }, at, reason };
  const progress = issuance.status === 'AWAITING_APPROVAL' ? stepUpdate(at, 'Approval', 'SKIPPED', `cancelled by ${actor.name}`) : {};
  const updated = await deps.issuances.cancel(id, cancellation, progress, holdingOf(issuance), issuance.approval !== undefined);
  if (!updated) throw new ConflictError('The request was decided a moment ago; read it again.');
  await deps.audit.append(
    { type: 'issuance', id },
    { actor: staff(actor), action: 'CANCELLED', before: { status: issuance.status }, after: { status: 'CANCELLED' }, reason },
    at,
  );
  countBusinessEvent('IssuanceCancelled');
  return finishCancellation(deps, updated, cancellation);
}

async function finishCancellation(
  deps: Pick<IssuanceDeps, 'workflow'> & { eventBus: EventBus },
  issuance: Issuance,
  cancellation: NonNullable<Issuance['cancellation']>,
): Promise<Issuance> {
  const { id } = issuance;
  const { reason, at } = cancellation;
  if (issuance.executionArn) await deps.workflow.stop(issuance.executionArn, { error: WORKFLOW_ERRORS.issuanceCancelled, cause: reason });
  const detail: IssuanceCancelledV1 = { version: '1', issuanceId: id, achievementId: issuance.achievementId, cancelledBy: cancellation.by.name, reason, cancelledAt: at };
  await deps.eventBus.publish([{ detailType: DETAIL_TYPES.issuanceCancelled, detail }]);
  return issuance;
}

/**
 * After the evidence check refused a request, its requester asks for an exception: the same
 * issuance runs again, this time to an approver, flagged, with the justification. The learner's
 * holding is taken back in the same transaction (the rejection had released it).
 */
export async function requestException(
  deps: Pick<IssuanceDeps, 'issuances' | 'workflow' | 'audit' | 'clock'> & { achievements: Pick<AchievementRepository, 'getVersion'> },
  id: string,
  actor: Principal,
  justification: string,
): Promise<Issuance> {
  const issuance = await getIssuance(deps, id);
  const allowRepeats = (await deps.achievements.getVersion(issuance.achievementId, issuance.achievementVersion))?.allowRepeats ?? false;
  if (!actor.roles.includes('admin') && issuance.requestedBy.id !== actor.id) {
    throw new ForbiddenError('Only the person who requested an issuance may ask for an exception to its rules.');
  }
  if (issuance.status !== 'REJECTED' || issuance.rejection?.stage !== 'evidence') {
    throw new ConflictError(`An exception is for a request the evidence check rejected; this one is ${issuance.status}${issuance.rejection ? ` (rejected at ${issuance.rejection.stage})` : ''}.`);
  }
  if (issuance.award.exception) throw new ConflictError('An exception was already requested for this issuance; its decision is final.');
  const at = deps.clock.now().toISOString();
  // The rejection had released the learner's holding: it is taken back in the same write.
  const updated = await deps.issuances.reopenForException(id, justification, issuance.rejection, allowRepeats ? undefined : holdingOf(issuance));
  if (updated === 'taken') throw new ConflictError('The learner has since been issued, or is being issued, this achievement version.');
  if (updated === 'changed') throw new ConflictError('The issuance changed a moment ago; read it again.');
  await deps.audit.append(
    { type: 'issuance', id },
    { actor: staff(actor), action: 'EXCEPTION_REQUESTED', before: { status: 'REJECTED', rejectedAt: issuance.rejection?.stage }, after: { status: 'REQUESTED' }, personal: { rejection: issuance.rejection }, reason: justification },
    at,
  );
  return startWorkflow(deps, updated, `${id}-exception`);
}
