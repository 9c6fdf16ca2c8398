import { describe, expect, it } from 'vitest';
import { requestIssuanceBody } from '../../shared/domain/award';
import { verifyAuditChain } from '../../shared/entities/audit';
import { holdingItem } from '../../shared/entities/holding';
import type { Issuance, IssuanceRepository } from '../../shared/entities/issuance';
import { ConflictError, ForbiddenError } from '../../shared/errors';
import type { Principal } from '../../shared/http/auth';
import { deliverCredential } from '../../shared/use-cases/credential-delivery';
import { evidenceCheck, recordOutcome, requestApproval, signCredential, storeCredential } from '../../shared/use-cases/issuance-workflow';
import { cancelIssuance, decideApproval, pendingApprovals, requestException, requestIssuance, retryIssuance } from '../../shared/use-cases/issuances';
import { verifyIssuedCredential } from '../../shared/use-cases/verification';
import { memoryWorld, staff, type MemoryWorld } from '../support/memory-world';

/**
 * The issuance use cases on in-memory ports (issue #16): the admin API's decisions and the
 * workflow's steps against a table that refuses what DynamoDB refuses, and a workflow engine
 * that records what it was told. Races are played out in a fixed order: a "stale" caller reads
 * the issuance as it was before the winner wrote, so its conditional write is what must refuse.
 */

const requester = staff('ria.issuer', ['issuer']);
const otherIssuer = staff('oth.issuer', ['issuer']);
const registrar = staff('reg.registrar', ['registrar']);
const approver = staff('abe.approver', ['approver']);
const secondApprover = staff('ava.approver', ['approver']);
const assessor = staff('asa.assessor', ['assessor']);
const lead = staff('lee.lead', ['programme-lead']);

const learner = { email: 'Lin.Learner@Example.edu', name: 'Lin Learner' };
const LEARNER_EMAIL = 'lin.learner@example.edu';
const CHAIN = { mode: 'chain' as const, roles: ['assessor', 'programme-lead'] };

/** A request that went through its evidence check and waits for its (first) approval step. */
async function awaitingApproval(w: MemoryWorld, achievementId: string, by: Principal = requester) {
  const { issuance } = await w.request(by, { achievementId, recipient: learner });
  expect((await evidenceCheck(w.workflow, issuance.id)).decision).toBe('APPROVAL_REQUIRED');
  const token = await w.taskToken(issuance.id);
  await requestApproval(w.workflow, issuance.id, token);
  return { id: issuance.id, token, issuance: (await w.repos.issuances.get(issuance.id))! };
}

const stored = async (w: MemoryWorld, id: string) => (await w.repos.issuances.get(id))!;
const holder = (w: MemoryWorld, achievementId: string, email = LEARNER_EMAIL) => w.repos.holdings.holder(achievementId, 1, email);
const trail = async (w: MemoryWorld, id: string) => w.repos.audit.list({ type: 'issuance', id });
const actions = async (w: MemoryWorld, id: string) => (await trail(w, id)).map((e) => e.action);

type WithIssuances = { issuances: Pick<IssuanceRepository, 'get'> };
/** The same deps, but their reads return the issuance as it was (a caller who read before another wrote). */
const readingStale = <D extends WithIssuances>(deps: D, snapshot: Issuance): D => ({ ...deps, issuances: { ...deps.issuances, get: async () => structuredClone(snapshot) } }) as D;
/** Deps whose reads wait until `n` callers have read: they all read the same state, then all write. */
function readingTogether(n: number) {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return <D extends WithIssuances>(deps: D): D =>
    ({
    ...deps,
    issuances: {
      ...deps.issuances,
      get: async (id: string) => {
        const issuance = await deps.issuances.get(id);
        if (++arrived >= n) open();
        await opened;
        return issuance;
      },
    },
  }) as D;
}

describe('requestIssuance', () => {
  it('records the request and the learner’s holding, and starts the workflow named after it', async () => {
    const w = await memoryWorld();
    const a = await w.achievement();
    const { issuance, replayed } = await w.request(requester, { achievementId: a.id, recipient: learner });
    expect(replayed).toBe(false);
    expect(issuance).toMatchObject({ status: 'REQUESTED', recipient: { email: LEARNER_EMAIL }, requestedBy: { id: requester.id, name: requester.name } });
    expect(w.issuanceMachine.starts).toEqual([{ name: issuance.id, input: { issuanceId: issuance.id }, started: true, executionArn: w.issuanceMachine.arnOf(issuance.id) }]);
    expect((await stored(w, issuance.id)).executionArn).toBe(w.issuanceMachine.arnOf(issuance.id));
    expect(await holder(w, a.id)).toBe(issuance.id);
    expect(await trail(w, issuance.id)).toMatchObject([{ action: 'REQUESTED', actor: { kind: 'staff', name: requester.name }, after: { status: 'REQUESTED', achievementId: a.id } }]);
  });

  it('replays the same Idempotency-Key and body: the first issuance, and no second workflow', async () => {
    const w = await memoryWorld();
    const a = await w.achievement();
    const body = { achievementId: a.id, recipient: learner };
    const first = await w.request(requester, body, 'key-1');
    const again = await w.request(requester, body, 'key-1');
    expect(again).toMatchObject({ replayed: true, issuance: { id: first.issuance.id, executionArn: first.issuance.executionArn } });
    expect(w.issuanceMachine.starts).toHaveLength(1);
    expect(w.items('Issuance')).toHaveLength(1);
  });

  it('a replay finishes the job of a first request that stopped before it started the workflow', async () => {
    const w = await memoryWorld();
    const a = await w.achievement();
    const body = { achievementId: a.id, recipient: learner };
    const throttled = { ...w.issuances, workflow: { ...w.issuances.workflow, start: () => Promise.reject(new Error('ThrottlingException')) } };
    const parsed = requestIssuanceBody.parse(body);
    await expect(requestIssuance(throttled, parsed, requester, 'key-1')).rejects.toThrow('ThrottlingException');
    const [orphan] = w.items('Issuance');
    expect(orphan).toMatchObject({ status: 'REQUESTED' });
    expect(orphan!.executionArn).toBeUndefined();

    const replay = await w.request(requester, body, 'key-1');
    expect(replay).toMatchObject({ replayed: true, issuance: { id: orphan!.id, executionArn: w.issuanceMachine.arnOf(orphan!.id as string) } });
    expect(w.issuanceMachine.starts.map((s) => [s.name, s.started])).toEqual([[orphan!.id, true]]);
  });

  it('a replay after the workflow started but was not recorded starts nothing twice: the engine refuses the name, the ARN is recorded', async () => {
    const w = await memoryWorld();
    const a = await w.achievement();
    const body = { achievementId: a.id, recipient: learner };
    const unrecorded = { ...w.issuances, issuances: { ...w.issuances.issuances, recordExecution: () => Promise.reject(new Error('ProvisionedThroughputExceededException')) } };
    await expect(requestIssuance(unrecorded, requestIssuanceBody.parse(body), requester, 'key-1')).rejects.toThrow('ProvisionedThroughputExceededException');
    const replay = await w.request(requester, body, 'key-1');
    const arn = w.issuanceMachine.arnOf(replay.issuance.id);
    expect(replay).toMatchObject({ replayed: true, issuance: { executionArn: arn } });
    expect(w.issuanceMachine.starts.map((s) => [s.name, s.started, s.executionArn])).toEqual([
      [replay.issuance.id, true, arn],
      [replay.issuance.id, false, arn],
    ]);
  });

  it('the same key with another body is a 409, and writes nothing', async () => {
    const w = await memoryWorld();
    const a = await w.achievement();
    await w.request(requester, { achievementId: a.id, recipient: learner }, 'key-1');
    await expect(w.request(requester, { achievementId: a.id, recipient: { email: 'someone.else@example.edu' } }, 'key-1')).rejects.toThrow(
      new ConflictError('This Idempotency-Key was already used with a different request body.'),
    );
    expect(w.items('Issuance')).toHaveLength(1);
    expect(w.items('LearnerIndex')).toHaveLength(1);
    expect(await holder(w, a.id, 'someone.else@example.edu')).toBeUndefined();
    expect(w.issuanceMachine.starts).toHaveLength(1);
  });

  it('a learner who already holds the version is a 409 naming their issuance; nothing is written, the key not spent', async () => {
    const w = await memoryWorld();
    const a = await w.achievement();
    const first = await w.request(requester, { achievementId: a.id, recipient: learner });
    const refused = w.request(otherIssuer, { achievementId: a.id, recipient: { ...learner, email: 'LIN.learner@example.edu' } }, 'key-2');
    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(refused).rejects.toThrow(`(issuance ${first.issuance.id})`);
    expect(await w.repos.idempotency.get(otherIssuer.id, 'key-2')).toBeUndefined();
    expect(w.items('Issuance')).toHaveLength(1);
    expect(w.items('LearnerIndex')).toHaveLength(1);
    expect(await holder(w, a.id)).toBe(first.issuance.id);
    expect(w.issuanceMachine.starts).toHaveLength(1);
  });

  it('an achievement that allows repeats takes no holding', async () => {
    const w = await memoryWorld();
    const a = await w.achievement({ allowRepeats: true });
    await w.request(requester, { achievementId: a.id, recipient: learner });
    await w.request(requester, { achievementId: a.id, recipient: learner });
    expect(w.items('Issuance')).toHaveLength(2);
    expect(w.items('Holding')).toEqual([]);
  });
});

describe('approval deadlines', () => {
  it("take the achievement's own deadline, else the deployment's; each step records when it expires", async () => {
    const w = await memoryWorld();
    const own = await w.achievement({ approval: { ...CHAIN, deadlineHours: 36 } });
    const theirs = await w.achievement({ approval: { mode: 'single', role: 'approver' } });
    const { issuance } = await w.request(requester, { achievementId: own.id, recipient: learner });
    const checked = await evidenceCheck(w.workflow, issuance.id, 7 * 24 * 3600);
    expect(checked).toMatchObject({ decision: 'APPROVAL_REQUIRED', approvalTimeoutSeconds: 36 * 3600 });
    await requestApproval(w.workflow, issuance.id, await w.taskToken(issuance.id), checked.approvalTimeoutSeconds);
    const waiting = (await stored(w, issuance.id)).approval!;
    expect(Date.parse(waiting.dueAt!) - Date.parse(waiting.requestedAt!)).toBe(36 * 3600_000);
    const [queued] = (await pendingApprovals(w.issuances, assessor, { role: 'assessor', limit: 10 })).items;
    expect(queued).toMatchObject({ issuanceId: issuance.id, achievementName: own.name, dueAt: waiting.dueAt });
    expect((await trail(w, issuance.id)).find((e) => e.action === 'APPROVAL_REQUESTED')?.after).toMatchObject({ dueAt: waiting.dueAt });

    const other = await w.request(requester, { achievementId: theirs.id, recipient: learner });
    expect((await evidenceCheck(w.workflow, other.issuance.id, 3600)).approvalTimeoutSeconds).toBe(3600);
  });

  it('refuses a deadline over 60 days, or under an hour', async () => {
    const { approvalPolicy } = await import('../../shared/domain/achievement-definition');
    const { safeParse } = await import('../../shared/zod');
    expect(safeParse(approvalPolicy, { mode: 'single', role: 'approver', deadlineHours: 1441 }).error?.issues[0]).toMatchObject({ path: ['deadlineHours'], message: 'at most 1440 hours (60 days)' });
    expect(safeParse(approvalPolicy, { mode: 'chain', roles: ['a', 'b'], deadlineHours: 0 }).success).toBe(false);
    expect(safeParse(approvalPolicy, { mode: 'auto', deadlineHours: 24 }).success).toBe(false);
  });
});

describe('a two-step approval chain', () => {
  it('each step is decided by its role in turn; the engine hears what remains; every decision is on the trail', async () => {
    const w = await memoryWorld();
    const a = await w.achievement({ approval: CHAIN });
    const requesterWhoAssesses = staff('ria.issuer', ['issuer', 'assessor']);
    const both = staff('bo.both', ['assessor', 'programme-lead']);
    const { id, token } = await awaitingApproval(w, a.id, requesterWhoAssesses);
    expect((await stored(w, id)).approval).toMatchObject({ role: 'assessor', step: 0, steps: 2, exception: false, taskToken: token });
    expect((await pendingApprovals(w.issuances, assessor, { role: 'assessor', limit: 10 })).items).toMatchObject([{ issuanceId: id, role: 'assessor', step: 1, steps: 2 }]);

    // Step 1 is the assessor's: not the programme lead's, and not the requester's even if they assess.
    await expect(decideApproval(w.issuances, id, lead, { approve: true })).rejects.toThrow(new ForbiddenError("This approval step needs the role 'assessor'."));
    await expect(decideApproval(w.issuances, id, requesterWhoAssesses, { approve: true })).rejects.toThrow(/the person who requested an issuance cannot decide/);
    expect(w.issuanceMachine.answers).toEqual([]);

    w.clock.advance(60_000);
    const firstAt = w.clock.now().toISOString();
    const afterFirst = await decideApproval(w.issuances, id, both, { approve: true, comment: 'evidence checked' });
    expect(afterFirst).toMatchObject({ status: 'AWAITING_APPROVAL', approval: { role: 'assessor', decision: 'APPROVED', decidedBy: { name: both.name } } });
    expect(afterFirst.approval?.taskToken).toBeUndefined();
    expect(w.issuanceMachine.answers).toEqual([
      { taskToken: token, result: { output: { decision: 'APPROVED', decidedBy: { id: both.id, name: both.name }, decidedAt: firstAt, comment: 'evidence checked', remaining: 1 } } },
    ]);
    expect((await pendingApprovals(w.issuances, assessor, { role: 'assessor', limit: 10 })).items).toEqual([]);

    // The state machine loops (MoreApprovals): the step asks the next role of the chain.
    const token2 = await w.taskToken(id);
    await requestApproval(w.workflow, id, token2);
    expect((await stored(w, id)).approval).toMatchObject({ role: 'programme-lead', step: 1, steps: 2, taskToken: token2 });
    expect((await pendingApprovals(w.issuances, lead, { role: 'programme-lead', limit: 10 })).items).toMatchObject([{ issuanceId: id, step: 2, steps: 2 }]);
    // Whoever decided step 1 may not decide step 2, though they hold its role.
    await expect(decideApproval(w.issuances, id, both, { approve: true })).rejects.toThrow(/you already decided an earlier step/);

    const done = await decideApproval(w.issuances, id, lead, { approve: true });
    expect(done).toMatchObject({ status: 'APPROVED', steps: { Approval: { status: 'SUCCEEDED' } } });
    expect(done.approvals).toMatchObject([
      { step: 0, role: 'assessor', decision: 'APPROVED', decidedBy: { id: both.id }, comment: 'evidence checked' },
      { step: 1, role: 'programme-lead', decision: 'APPROVED', decidedBy: { id: lead.id } },
    ]);
    expect(w.issuanceMachine.answers.map((x) => ('output' in x.result ? (x.result.output as { remaining: number }).remaining : 'failed'))).toEqual([1, 0]);

    const events = await trail(w, id);
    expect(events.map((e) => e.action)).toEqual(['REQUESTED', 'EVIDENCE_CHECKED', 'APPROVAL_REQUESTED', 'APPROVED', 'APPROVAL_REQUESTED', 'APPROVED']);
    expect(events.filter((e) => e.action === 'APPROVED')).toMatchObject([
      { actor: { kind: 'staff', name: both.name }, before: { role: 'assessor', step: 0 }, after: { status: 'AWAITING_APPROVAL', remaining: 1 }, reason: 'evidence checked' },
      { actor: { kind: 'staff', name: lead.name }, before: { role: 'programme-lead', step: 1 }, after: { status: 'APPROVED', remaining: 0 } },
    ]);
    expect(verifyAuditChain({ type: 'issuance', id }, events)).toEqual({ valid: true, length: 6 });
  });

  it('in a chain the status stays AWAITING_APPROVAL between steps: the task token alone refuses a second decision on a decided step', async () => {
    const w = await memoryWorld();
    const a = await w.achievement({ approval: CHAIN });
    const { id } = await awaitingApproval(w, a.id);
    const stepOne = await stored(w, id);
    const otherAssessor = staff('oli.assessor', ['assessor']);
    await decideApproval(w.issuances, id, assessor, { approve: true });
    // Read while step 1 was pending, written after it was decided (and after step 2 was asked for).
    await requestApproval(w.workflow, id, await w.taskToken(id));
    await expect(decideApproval(readingStale(w.issuances, stepOne), id, otherAssessor, { approve: false, reason: 'late' })).rejects.toThrow(
      new ConflictError('The approval was decided by someone else a moment ago.'),
    );
    expect(await stored(w, id)).toMatchObject({ status: 'AWAITING_APPROVAL', approval: { role: 'programme-lead', step: 1 }, approvals: [{ decidedBy: { id: assessor.id } }] });
    expect(await holder(w, a.id)).toBe(id);
    expect(w.issuanceMachine.answers).toHaveLength(1);
  });

  it('two approvers deciding one step at once: one decision is recorded, the other is a 409, the engine hears once', async () => {
    const w = await memoryWorld();
    const a = await w.achievement();
    const { id } = await awaitingApproval(w, a.id);
    const together = readingTogether(2);
    const results = await Promise.allSettled([
      decideApproval(together(w.issuances), id, approver, { approve: true }),
      decideApproval(together(w.issuances), id, secondApprover, { approve: false, reason: 'no evidence' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [lost] = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(lost).toEqual(new ConflictError('The approval was decided by someone else a moment ago.'));
    expect(w.issuanceMachine.answers).toHaveLength(1);
    const after = await stored(w, id);
    expect(after.approvals).toHaveLength(1);
    // Whichever won, the record, the holding and the engine agree with it.
    const approved = after.approvals[0]!.decision === 'APPROVED';
    expect(after.status).toBe(approved ? 'APPROVED' : 'REJECTED');
    expect(await holder(w, a.id)).toBe(approved ? id : undefined);
    expect('output' in w.issuanceMachine.answers[0]!.result).toBe(approved);
  });
});

describe('rejection', () => {
  it('is final at once: the holding goes in the same write, and the task fails with ApprovalRejected', async () => {
    const w = await memoryWorld();
    const a = await w.achievement();
    const { id, token } = await awaitingApproval(w, a.id);
    const reason = 'the evidence is from another course';
    const rejected = await decideApproval(w.issuances, id, approver, { approve: false, reason });
    expect(rejected).toMatchObject({ status: 'REJECTED', rejection: { stage: 'approval', reason }, approval: { decision: 'REJECTED' }, steps: { Approval: { status: 'FAILED' } } });
    expect(rejected.approval?.taskToken).toBeUndefined();
    expect(await holder(w, a.id)).toBeUndefined();
    expect(w.issuanceMachine.answers).toEqual([{ taskToken: token, result: { failure: { error: 'ApprovalRejected', cause: reason } } }]);
    expect((await trail(w, id)).at(-1)).toMatchObject({ action: 'REJECTED', actor: { name: approver.name }, reason, after: { status: 'REJECTED' } });

    // Nobody who reads REJECTED is refused a new request for the learner.
    const again = await w.request(requester, { achievementId: a.id, recipient: learner });
    expect(await holder(w, a.id)).toBe(again.issuance.id);
    // The workflow's RecordRejectedByApprover: the event, and the new request keeps its holding.
    await recordOutcome(w.workflow, id, { outcome: 'REJECTED', stage: 'approval', reason });
    expect(await holder(w, a.id)).toBe(again.issuance.id);
    expect(w.bus.published).toMatchObject([{ detailType: 'IssuanceRejected', detail: { issuanceId: id, stage: 'approval', reason }, resources: [`${w.settings.publicBaseUrl}credentials/${rejected.credentialId}`] }]);
  });

  it('the status and the holding commit together: a holding that is not this issuance’s leaves both as they were', async () => {
    const w = await memoryWorld();
    const a = await w.achievement();
    const { id, token } = await awaitingApproval(w, a.id);
    w.table.write({ put: holdingItem(w.repos.learnerKeys, a.id, 1, LEARNER_EMAIL, 'another-issuance') });
    await expect(decideApproval(w.issuances, id, approver, { approve: false, reason: 'no' })).rejects.toBeInstanceOf(ConflictError);
    expect(await stored(w, id)).toMatchObject({ status: 'AWAITING_APPROVAL', approvals: [], approval: { taskToken: token } });
    expect((await stored(w, id)).rejection).toBeUndefined();
    expect(await holder(w, a.id)).toBe('another-issuance');
    expect(w.issuanceMachine.answers).toEqual([]);
    expect(await actions(w, id)).not.toContain('REJECTED');
  });
});

describe('the approval deadline', () => {
  it('EXPIRED ends the workflow: out of the queue, the learner freed, IssuanceExpired put; a later decision is refused', async () => {
    const w = await memoryWorld();
    const a = await w.achievement({ approval: CHAIN });
    const { id, issuance } = await awaitingApproval(w, a.id);
    w.clock.advance(7 * 24 * 3600_000);
    expect(await recordOutcome(w.workflow, id, { outcome: 'EXPIRED', error: 'States.Timeout' })).toEqual({ status: 'EXPIRED' });
    const expired = await stored(w, id);
    expect(expired).toMatchObject({ status: 'EXPIRED', steps: { Approval: { status: 'FAILED', detail: 'step 1 (assessor) was not decided in time' } } });
    expect(expired.approval?.taskToken).toBeUndefined();
    expect(w.items('Issuance')[0]!.GSI2PK).toBeUndefined();
    expect((await pendingApprovals(w.issuances, assessor, { role: 'assessor', limit: 10 })).items).toEqual([]);
    expect(await holder(w, a.id)).toBeUndefined();
    expect(w.bus.published).toEqual([
      {
        detailType: 'IssuanceExpired',
        detail: { version: '1', issuanceId: id, achievementId: a.id, role: 'assessor', step: 0, expiredAt: w.clock.now().toISOString() },
        resources: [`${w.settings.publicBaseUrl}credentials/${issuance.credentialId}`],
      },
    ]);
    expect((await trail(w, id)).at(-1)).toMatchObject({ action: 'EXPIRED', actor: { kind: 'system' } });

    await expect(decideApproval(w.issuances, id, assessor, { approve: true })).rejects.toThrow(new ConflictError('The issuance is EXPIRED, not awaiting a decision right now.'));
    expect(w.issuanceMachine.answers).toEqual([]);
  });

  it('a decision read just before the deadline fired, and written after it, is refused by the task-token guard', async () => {
    const w = await memoryWorld();
    const a = await w.achievement();
    const { id } = await awaitingApproval(w, a.id);
    const beforeDeadline = await stored(w, id);
    await recordOutcome(w.workflow, id, { outcome: 'EXPIRED', error: 'States.Timeout' });
    await expect(decideApproval(readingStale(w.issuances, beforeDeadline), id, approver, { approve: true })).rejects.toThrow(
      new ConflictError('The approval was decided by someone else a moment ago.'),
    );
    expect(await stored(w, id)).toMatchObject({ status: 'EXPIRED', approvals: [] });
    expect(w.issuanceMachine.answers).toEqual([]);
    expect(await actions(w, id)).not.toContain('APPROVED');
  });

  it('a deadline that fired before the approval was asked for: the late step does not queue the ended issuance', async () => {
    const w = await memoryWorld();
    const a = await w.achievement({ approval: CHAIN });
    const { issuance } = await w.request(requester, { achievementId: a.id, recipient: learner });
    await evidenceCheck(w.workflow, issuance.id);
    await recordOutcome(w.workflow, issuance.id, { outcome: 'EXPIRED', error: 'States.Timeout' });
    // The event names the step the policy asked for, though no approval was recorded.
    expect(w.bus.published[0]).toMatchObject({ detailType: 'IssuanceExpired', detail: { role: 'assessor', step: 0 } });

    await requestApproval(w.workflow, issuance.id, await w.taskToken(issuance.id));
    const after = await stored(w, issuance.id);
    expect(after.status).toBe('EXPIRED');
    expect(after.approval).toBeUndefined();
    expect(w.items('Issuance')[0]!.GSI2PK).toBeUndefined();
    expect(await actions(w, issuance.id)).not.toContain('APPROVAL_REQUESTED');
  });
});

describe('cancelIssuance', () => {
  it('withdraws a pending request: holding freed, out of the queue, execution stopped, event put', async () => {
    const w = await memoryWorld();
    const a = await w.achievement();
    const { id, issuance } = await awaitingApproval(w, a.id);
    await expect(cancelIssuance(w.issuances, id, otherIssuer, 'not mine')).rejects.toBeInstanceOf(ForbiddenError);
    w.clock.advance(5_000);
    const reason = 'requested for the wrong cohort';
    const cancelled = await cancelIssuance(w.issuances, id, requester, reason);
    const at = w.clock.now().toISOString();
    expect(cancelled).toMatchObject({
      status: 'CANCELLED',
      cancellation: { by: { id: requester.id, name: requester.name }, at, reason },
      steps: { Approval: { status: 'SKIPPED', detail: `cancelled by ${requester.name}` } },
    });
    expect(cancelled.approval?.taskToken).toBeUndefined();
    expect(await holder(w, a.id)).toBeUndefined();
    expect((await pendingApprovals(w.issuances, approver, { role: 'approver', limit: 10 })).items).toEqual([]);
    expect(w.issuanceMachine.stops).toEqual([{ executionArn: issuance.executionArn, failure: { error: 'IssuanceCancelled', cause: reason } }]);
    expect(w.issuanceMachine.status(issuance.executionArn!)).toBe('ABORTED');
    expect(w.bus.published).toEqual([
      { detailType: 'IssuanceCancelled', detail: { version: '1', issuanceId: id, achievementId: a.id, cancelledBy: requester.name, reason, cancelledAt: at } },
    ]);
    expect((await trail(w, id)).at(-1)).toMatchObject({ action: 'CANCELLED', actor: { name: requester.name }, before: { status: 'AWAITING_APPROVAL' }, reason });
    // No decision lands on it.
    await expect(decideApproval(w.issuances, id, approver, { approve: true })).rejects.toBeInstanceOf(ConflictError);
  });

  it('a registrar may cancel any request; nobody cancels one already decided', async () => {
    const w = await memoryWorld();
    const a = await w.achievement();
    const first = await awaitingApproval(w, a.id);
    expect((await cancelIssuance(w.issuances, first.id, registrar, 'duplicate')).status).toBe('CANCELLED');
    const second = await awaitingApproval(w, a.id);
    await decideApproval(w.issuances, second.id, approver, { approve: true });
    await expect(cancelIssuance(w.issuances, second.id, registrar, 'too late')).rejects.toThrow(/this one is APPROVED/);
    expect((await stored(w, second.id)).status).toBe('APPROVED');
    expect(await holder(w, a.id)).toBe(second.id);
  });

  it('repeating a cancellation converges: the first cancellation stands, the execution is stopped and the event put again', async () => {
    const w = await memoryWorld();
    const a = await w.achievement();
    const { id, issuance } = await awaitingApproval(w, a.id);
    const first = await cancelIssuance(w.issuances, id, requester, 'wrong cohort');
    w.clock.advance(60_000);
    const again = await cancelIssuance(w.issuances, id, requester, 'a client retry');
    expect(again.cancellation).toEqual(first.cancellation);
    expect(w.issuanceMachine.stops).toEqual([
      { executionArn: issuance.executionArn, failure: { error: 'IssuanceCancelled', cause: 'wrong cohort' } },
      { executionArn: issuance.executionArn, failure: { error: 'IssuanceCancelled', cause: 'wrong cohort' } },
    ]);
    expect(w.bus.published).toHaveLength(2);
    expect(w.bus.published[1]).toEqual(w.bus.published[0]);
    expect((await actions(w, id)).filter((x) => x === 'CANCELLED')).toHaveLength(1);
  });

  it('cancel and a decision at once: exactly one wins, the other is a 409', async () => {
    const w = await memoryWorld();
    const a = await w.achievement();
    const { id } = await awaitingApproval(w, a.id);
    const together = readingTogether(2);
    const results = await Promise.allSettled([
      cancelIssuance(together(w.issuances), id, requester, 'withdrawn'),
      decideApproval(together(w.issuances), id, approver, { approve: true }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: expect.any(ConflictError) });
    expect(['CANCELLED', 'APPROVED']).toContain((await stored(w, id)).status);
  });

  it('cancel first: the decision that read the pending request is refused, and the engine is not answered', async () => {
    const w = await memoryWorld();
    const a = await w.achievement();
    const { id } = await awaitingApproval(w, a.id);
    const pending = await stored(w, id);
    await cancelIssuance(w.issuances, id, requester, 'withdrawn');
    await expect(decideApproval(readingStale(w.issuances, pending), id, approver, { approve: true })).rejects.toThrow(
      new ConflictError('The approval was decided by someone else a moment ago.'),
    );
    expect(await stored(w, id)).toMatchObject({ status: 'CANCELLED', approvals: [] });
    expect(w.issuanceMachine.answers).toEqual([]);
  });

  it('decision first: the cancellation that read the pending request is refused; nothing stopped, nothing put, holding kept', async () => {
    const w = await memoryWorld();
    const a = await w.achievement();
    const { id } = await awaitingApproval(w, a.id);
    const pending = await stored(w, id);
    await decideApproval(w.issuances, id, approver, { approve: true });
    await expect(cancelIssuance(readingStale(w.issuances, pending), id, requester, 'withdrawn')).rejects.toThrow(
      new ConflictError('The request was decided a moment ago; read it again.'),
    );
    expect((await stored(w, id)).status).toBe('APPROVED');
    expect(await holder(w, a.id)).toBe(id);
    expect(w.issuanceMachine.stops).toEqual([]);
    expect(w.bus.published).toEqual([]);
    expect(await actions(w, id)).not.toContain('CANCELLED');
  });

  it('a workflow step still in flight cannot move a CANCELLED issuance on', async () => {
    const w = await memoryWorld();
    const a = await w.achievement({ approval: CHAIN });
    const { id } = await awaitingApproval(w, a.id);
    await cancelIssuance(w.issuances, id, requester, 'withdrawn');
    // The deadline's Catch, racing the cancellation, cannot write EXPIRED over it.
    await expect(recordOutcome(w.workflow, id, { outcome: 'EXPIRED', error: 'States.Timeout' })).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    // Nor can a step move its status on, or a retried approval step queue it again.
    await expect(w.repos.issuances.recordProgress(id, { status: 'SIGNED' })).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    await requestApproval(w.workflow, id, await w.taskToken(id));
    const after = await stored(w, id);
    expect(after.status).toBe('CANCELLED');
    expect(after.approval?.taskToken).toBeUndefined();
    expect(w.items('Issuance')[0]!.GSI2PK).toBeUndefined();
    expect(w.bus.published.map((e) => e.detailType)).toEqual(['IssuanceCancelled']);
  });

  // DynamoDB refuses a nested REMOVE whose parent map is missing (ValidationException): a request
  // the workflow has not yet taken to approval has no `approval`, so cancel must not remove its token.
  it('cancels a request the workflow has not yet taken to approval; its evidence check then cannot approve it', async () => {
    const w = await memoryWorld();
    const a = await w.achievement({ approval: { mode: 'auto' } });
    const { issuance } = await w.request(requester, { achievementId: a.id, recipient: learner });
    const cancelled = await cancelIssuance(w.issuances, issuance.id, requester, 'typo in the email');
    expect(cancelled).toMatchObject({ status: 'CANCELLED' });
    expect(cancelled.steps.Approval).toBeUndefined();
    expect(await holder(w, a.id)).toBeUndefined();
    await expect(evidenceCheck(w.workflow, issuance.id)).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    expect((await stored(w, issuance.id)).status).toBe('CANCELLED');
  });
});

describe('retryIssuance', () => {
  async function failedAfterApproval(w: MemoryWorld) {
    const a = await w.achievement();
    const { id } = await awaitingApproval(w, a.id);
    await decideApproval(w.issuances, id, approver, { approve: true });
    await recordOutcome(w.workflow, id, { outcome: 'FAILED', step: 'Sign', error: 'PermanentError', cause: "issuer 'x' has no current Ed25519 signing key" });
    return { a, id };
  }

  it('keeps and announces a failure without the learner’s address its cause quoted', async () => {
    const w = await memoryWorld();
    const a = await w.achievement();
    const { id } = await awaitingApproval(w, a.id);
    await decideApproval(w.issuances, id, approver, { approve: true });
    const cause = 'Email address is not verified. The following identities failed the check in region US-EAST-1: Learner.One@example.edu';
    await recordOutcome(w.workflow, id, { outcome: 'FAILED', step: 'Deliver', error: 'MessageRejected', cause });
    const redacted = 'Email address is not verified. The following identities failed the check in region US-EAST-1: [email]';
    const failed = await stored(w, id);
    expect(failed).toMatchObject({ status: 'FAILED', failure: { cause: redacted }, steps: { Deliver: { detail: `MessageRejected: ${redacted}` } } });
    expect(w.bus.published.at(-1)).toMatchObject({ detail: { cause: redacted } });
    const events = await trail(w, id);
    expect(events.at(-1)).toMatchObject({ action: 'FAILED', reason: `Deliver failed: MessageRejected: ${redacted}` });
    expect(JSON.stringify([failed.failure, failed.steps, w.bus.published, events])).not.toMatch(/learner\.one@/i);
  });

  it('only a FAILED issuance is retried: a new execution named for the attempt, and the approval is not asked again', async () => {
    const w = await memoryWorld();
    const a = await w.achievement();
    const { id } = await awaitingApproval(w, a.id);
    await expect(retryIssuance(w.issuances, id, requester)).rejects.toThrow(new ConflictError('Only a FAILED issuance can be retried; this one is AWAITING_APPROVAL.'));
    await decideApproval(w.issuances, id, approver, { approve: true });
    const failure = { step: 'Sign' as const, error: 'PermanentError', cause: 'no key' };
    await recordOutcome(w.workflow, id, { outcome: 'FAILED', ...failure });
    expect(await stored(w, id)).toMatchObject({ status: 'FAILED', failure: { step: 'Sign', error: 'PermanentError', cause: 'no key' } });
    expect(await holder(w, a.id)).toBe(id); // a FAILED issuance keeps its holding: staff retry it

    w.clock.advance(3_600_000);
    const retried = await retryIssuance(w.issuances, id, registrar);
    expect(retried).toMatchObject({ status: 'REQUESTED', retries: [{ by: registrar.name, at: w.clock.now().toISOString(), failure: { step: 'Sign', cause: 'no key' } }] });
    expect(retried.failure).toBeUndefined();
    expect(retried.executionArn).toBe(w.issuanceMachine.arnOf(`${id}-retry-1`));
    expect(w.issuanceMachine.starts.map((s) => [s.name, s.started])).toEqual([[id, true], [`${id}-retry-1`, true]]);
    expect((await trail(w, id)).at(-1)).toMatchObject({ action: 'RETRIED', actor: { name: registrar.name }, before: { status: 'FAILED' }, after: { status: 'REQUESTED', attempt: 1 } });
    expect(await evidenceCheck(w.workflow, id)).toMatchObject({ decision: 'ALREADY_APPROVED' });
    expect((await stored(w, id)).status).toBe('APPROVED');

    // It fails again: the second retry is attempt 2, in an execution of its own.
    await recordOutcome(w.workflow, id, { outcome: 'FAILED', ...failure });
    expect((await retryIssuance(w.issuances, id, registrar)).executionArn).toBe(w.issuanceMachine.arnOf(`${id}-retry-2`));
  });

  it('two retries at once: one reopens the issuance, the other is a 409 and starts nothing', async () => {
    const w = await memoryWorld();
    const { id } = await failedAfterApproval(w);
    const together = readingTogether(2);
    const results = await Promise.allSettled([retryIssuance(together(w.issuances), id, requester), retryIssuance(together(w.issuances), id, registrar)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({
      reason: new ConflictError('The issuance changed a moment ago (another retry?); read it and try again.'),
    });
    expect((await stored(w, id)).retries).toHaveLength(1);
    expect(w.issuanceMachine.starts.map((s) => s.name)).toEqual([id, `${id}-retry-1`]);
    expect((await actions(w, id)).filter((x) => x === 'RETRIED')).toHaveLength(1);
  });

  it('a retry that answered a failure already retried is refused, even once the issuance failed again', async () => {
    const w = await memoryWorld();
    const { id } = await failedAfterApproval(w);
    const firstFailure = await stored(w, id);
    await retryIssuance(w.issuances, id, requester);
    await recordOutcome(w.workflow, id, { outcome: 'FAILED', step: 'Store', error: 'TransientError', cause: 'S3 unavailable' });
    // FAILED again, but with one retry recorded: the stale retry (it saw none) must not count as the second.
    await expect(retryIssuance(readingStale(w.issuances, firstFailure), id, registrar)).rejects.toBeInstanceOf(ConflictError);
    expect(await stored(w, id)).toMatchObject({ status: 'FAILED', retries: [{ by: requester.name }], failure: { step: 'Store' } });
    expect(w.issuanceMachine.starts.map((s) => s.name)).toEqual([id, `${id}-retry-1`]);
  });
});

describe('requestException', () => {
  const SCORED = {
    approval: { mode: 'auto' as const },
    resultDescriptions: [{ key: 'score', name: 'Final score', resultType: 'Percent' as const }],
    rules: [{ kind: 'minimumScore' as const, resultKey: 'score', minimum: 50 }],
  };
  /** A request the evidence check rejected (its workflow recorded it, which freed the learner). */
  async function rejectedByRules(w: MemoryWorld) {
    const a = await w.achievement(SCORED);
    const { issuance } = await w.request(requester, { achievementId: a.id, recipient: learner, results: [{ resultKey: 'score', value: '45' }] });
    expect((await evidenceCheck(w.workflow, issuance.id)).decision).toBe('REJECTED');
    await recordOutcome(w.workflow, issuance.id, { outcome: 'REJECTED', stage: 'evidence', reason: "'score' is 45; the minimum is 50" });
    expect(await holder(w, a.id)).toBeUndefined();
    return { a, id: issuance.id };
  }

  it('takes the learner’s holding back in the same write, and runs the workflow again to an approver, flagged', async () => {
    const w = await memoryWorld();
    const { a, id } = await rejectedByRules(w);
    await expect(requestException(w.issuances, id, otherIssuer, 'resit')).rejects.toBeInstanceOf(ForbiddenError);
    const justification = 'Sat the resit under medical circumstances; the board accepted 45.';
    const reopened = await requestException(w.issuances, id, requester, justification);
    expect(reopened).toMatchObject({
      status: 'REQUESTED',
      award: { exception: { justification } },
      earlierRejection: { stage: 'evidence', reason: "'score' is 45; the minimum is 50" },
      executionArn: w.issuanceMachine.arnOf(`${id}-exception`),
    });
    expect(reopened.rejection).toBeUndefined();
    expect(await holder(w, a.id)).toBe(id);
    expect(w.issuanceMachine.starts.at(-1)).toMatchObject({ name: `${id}-exception`, started: true });
    expect((await trail(w, id)).at(-1)).toMatchObject({ action: 'EXCEPTION_REQUESTED', reason: justification, after: { status: 'REQUESTED' } });

    // The rules fail again, but the exception sends it to an approver, flagged.
    expect((await evidenceCheck(w.workflow, id)).decision).toBe('APPROVAL_REQUIRED');
    await requestApproval(w.workflow, id, await w.taskToken(id));
    expect((await stored(w, id)).approval).toMatchObject({ role: 'approver', exception: true, step: 0, steps: 1 });
    // Its decision is final: no second exception.
    await expect(requestException(w.issuances, id, requester, 'again')).rejects.toBeInstanceOf(ConflictError);
  });

  // Issue #17, section 2: the trail carries ids, states and hashes; what is the learner's is sealed apart.
  it('keeps the learner’s data out of the chain: sealed apart, erasable without breaking it, and checked while it exists', async () => {
    const w = await memoryWorld();
    const { id } = await rejectedByRules(w);
    const justification = 'Sat the resit under medical circumstances; the board accepted 45.';
    await requestException(w.issuances, id, requester, justification);
    await evidenceCheck(w.workflow, id);
    const chainItems = JSON.stringify(w.repos.table.scan((i) => String(i.PK).startsWith('AUDIT#')));
    for (const personal of ['Lin Learner', 'lin.learner', 'Lin.Learner', 'medical', "'score' is 45", '"value":"45"']) expect(chainItems).not.toContain(personal);
    // Shown with the events while the details exist, each checked against its sealed hash.
    const events = await trail(w, id);
    expect(verifyAuditChain({ type: 'issuance', id }, events)).toMatchObject({ valid: true });
    expect(events.find((e) => e.action === 'REQUESTED')).toMatchObject({ personal: { award: { results: [{ resultKey: 'score', value: '45' }] } } });
    expect(events.find((e) => e.action === 'EXCEPTION_REQUESTED')).toMatchObject({ reason: justification, before: { status: 'REJECTED', rejectedAt: 'evidence' } });
    expect(events.find((e) => e.action === 'EVIDENCE_CHECKED')?.after?.rules).toEqual(expect.arrayContaining([{ rule: expect.any(String), passed: false }]));

    // A detail edited: the chain says so.
    const details = w.repos.table.scan((i) => i.PK === `AUDITDETAIL#issuance#${id}`);
    expect(details.length).toBeGreaterThanOrEqual(4);
    const edited = details.find((d) => d.reason === justification)!;
    w.repos.table.write({ put: { ...edited, reason: 'Nothing to see.' } });
    expect(verifyAuditChain({ type: 'issuance', id }, await trail(w, id))).toMatchObject({ valid: false, problem: expect.stringMatching(/details of event \d+ were altered/) });

    // Erased (what erasure does): the chain still holds, and each sealed event says its details are gone.
    for (const d of details) w.repos.table.write({ delete: { PK: d.PK as string, SK: d.SK as string } });
    const erased = await trail(w, id);
    expect(verifyAuditChain({ type: 'issuance', id }, erased)).toMatchObject({ valid: true });
    expect(erased.filter((e) => e.sealed).every((e) => e.details === 'erased' && e.reason === undefined && e.personal === undefined)).toBe(true);
  });

  it("is a 409 when the learner was put forward again meanwhile ('taken'), and changes nothing", async () => {
    const w = await memoryWorld();
    const { a, id } = await rejectedByRules(w);
    const meanwhile = await w.request(otherIssuer, { achievementId: a.id, recipient: learner, results: [{ resultKey: 'score', value: '80' }] });
    await expect(requestException(w.issuances, id, requester, 'resit')).rejects.toThrow(
      new ConflictError('The learner has since been issued, or is being issued, this achievement version.'),
    );
    const after = await stored(w, id);
    expect(after).toMatchObject({ status: 'REJECTED', rejection: { stage: 'evidence' } });
    expect(after.award.exception).toBeUndefined();
    expect(await holder(w, a.id)).toBe(meanwhile.issuance.id);
    expect(w.issuanceMachine.starts.map((s) => s.name)).not.toContain(`${id}-exception`);
  });

  it('is only for a rejection by the evidence check', async () => {
    const w = await memoryWorld();
    const a = await w.achievement();
    const { id } = await awaitingApproval(w, a.id);
    await decideApproval(w.issuances, id, approver, { approve: false, reason: 'no' });
    await expect(requestException(w.issuances, id, requester, 'please')).rejects.toThrow(/this one is REJECTED \(rejected at approval\)/);
    expect((await stored(w, id)).award.exception).toBeUndefined();
  });
});

describe('a retried Sign, Store and Deliver put once', () => {
  it('the same bytes, one document, one record, one email; and the credential verifies', async () => {
    const w = await memoryWorld();
    const a = await w.achievement({ approval: { mode: 'auto' } });
    const { issuance } = await w.request(requester, { achievementId: a.id, recipient: learner });
    expect((await evidenceCheck(w.workflow, issuance.id)).decision).toBe('AUTO_APPROVED');
    const first = await signCredential(w.workflow, issuance.id);
    w.clock.advance(90_000); // the step timed out and Step Functions ran it again
    const second = await signCredential(w.workflow, issuance.id);
    expect(JSON.stringify(second.credential)).toBe(JSON.stringify(first.credential));
    const stored1 = await storeCredential(w.workflow, issuance.id, first.credential, first.jwt);
    const stored2 = await storeCredential(w.workflow, issuance.id, second.credential, second.jwt);
    expect(stored2).toEqual(stored1);
    expect(w.files.writes).toEqual([stored1.key]);
    expect(w.items('Credential')).toHaveLength(1);
    // The credential's trail begins with its issue, once, however often Store ran.
    expect((await w.repos.audit.list({ type: 'credential', id: issuance.credentialId })).map((e) => e.action)).toEqual(['ISSUED']);

    expect(await deliverCredential(w.workflow, issuance.id)).toMatchObject({ sent: true });
    expect(await deliverCredential(w.workflow, issuance.id)).toMatchObject({ sent: false });
    expect(w.mail.sent.map((m) => m.to)).toEqual([LEARNER_EMAIL]);
    await recordOutcome(w.workflow, issuance.id, { outcome: 'ISSUED' });
    expect((await stored(w, issuance.id)).status).toBe('ISSUED');
    expect(w.bus.published).toMatchObject([{ detailType: 'CredentialIssued', detail: { issuanceId: issuance.id, credentialId: issuance.credentialId } }]);

    const { verification } = await verifyIssuedCredential(
      { credentials: w.repos.credentials, keys: w.repos.keys, issuers: w.repos.issuers, artifacts: w.files.artifacts, lists: w.repos.lists, publicBaseUrl: w.settings.publicBaseUrl, issuer: w.settings.issuer, clock: w.clock },
      issuance.credentialId,
    );
    expect(verification.status).toBe('valid');
  });
});
