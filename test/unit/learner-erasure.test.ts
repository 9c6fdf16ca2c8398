import { describe, expect, it } from 'vitest';
import { createHash, randomUUID } from 'node:crypto';
import { verifyAuditChain } from '../../shared/entities/audit';
import { batchRecord } from '../../shared/entities/batch';
import { ERASED_TEXT, type Issuance } from '../../shared/entities/issuance';
import { learnerIndexKey } from '../../shared/entities/learner';
import { changeCredentialStatus } from '../../shared/use-cases/credential-status';
import { deliverCredential, recordDeliveryFeedback, resendCredentialEmail } from '../../shared/use-cases/credential-delivery';
import { evidenceCheck, recordOutcome, requestApproval, signCredential, storeCredential } from '../../shared/use-cases/issuance-workflow';
import { cancelIssuance, requestIssuance } from '../../shared/use-cases/issuances';
import type { CompletionSource } from '../../shared/entities/completion-source';
import type { CourseMapping } from '../../shared/entities/course-mapping';
import { receiveCompletion, replayCompletion, type ReplayDeps, type ReportedCompletion } from '../../shared/use-cases/completions';
import { deliverQueuedEmails } from '../../shared/use-cases/batch-workflow';
import { currentSigner } from '../../shared/use-cases/signing-key';
import { signingKeyDeps, statusListDeps } from '../../shared/use-cases/workflow-context';
import { continueErasure, eraseLearner, ERASURE_CANCEL_REASON, type ErasureDeps } from '../../shared/use-cases/learner-erasure';
import { memoryWorld, staff, type MemoryWorld } from '../support/memory-world';

/**
 * Erasing a learner (issue #17) on in-memory ports: one learner with an issuance in every state,
 * evidence files in two versions, a cohort file that names them by student number under another
 * email, and a second learner whose data must not move. Every place the learner's data was is
 * read back afterwards, every version of every file included.
 */

const requester = staff('ria.issuer', ['issuer']);
const registrar = staff('reg.registrar', ['registrar']);
const dpo = staff('ada.admin', ['admin']);

const LIN = { email: 'Lin.Learner@Example.edu', name: 'Lin Learner', publishName: true, studentId: 'S-1001' };
const OLA = { email: 'ola.other@example.edu', name: 'Ola Other' };
/** What must be nowhere once Lin is erased (case-insensitive). */
const LIN_TRACES = [/lin\.learner/i, /lin learner/i, /S-1001/, /lin\.old@/i, /lin's essay/i, /lin-transcript/i];
const hasTrace = (value: unknown) => LIN_TRACES.some((t) => t.test(JSON.stringify(value)));

function erasureDeps(w: MemoryWorld): ErasureDeps {
  return {
    issuances: w.repos.issuances,
    learners: w.repos.learners,
    completions: w.repos.completions,
    credentials: w.repos.credentials,
    uploads: w.repos.uploads,
    batches: w.repos.batches,
    erasures: w.repos.erasures,
    audit: w.repos.audit,
    files: w.files.personalFiles,
    keys: w.repos.learnerKeys,
    workflow: w.issuanceMachine.engine,
    eventBus: w.bus.bus,
    clock: w.clock,
    settings: { batchFileRetentionDays: 90 },
  };
}

/** An auto-approved request run through every step to ISSUED (its email delivered, SES's answer recorded). */
async function issued(w: MemoryWorld, recipient: object, award: object = {}) {
  const a = await w.achievement({ approval: { mode: 'auto' } });
  const { issuance } = await w.request(requester, { achievementId: a.id, recipient: recipient as typeof LIN, ...award });
  await evidenceCheck(w.workflow, issuance.id);
  const signed = await signCredential(w.workflow, issuance.id);
  await storeCredential(w.workflow, issuance.id, signed.credential, signed.jwt);
  await deliverCredential(w.workflow, issuance.id);
  await recordOutcome(w.workflow, issuance.id, { outcome: 'ISSUED' });
  const messageId = (await w.repos.issuances.get(issuance.id))!.delivery!.messageId!;
  await recordDeliveryFeedback(w.workflow, { kind: 'DELIVERED', messageId, issuanceId: issuance.id, detail: 'smtp; 250 accepted for lin.learner@example.edu', at: w.clock.now().toISOString() });
  return (await w.repos.issuances.get(issuance.id))!;
}

/** A request waiting for its approver. */
async function awaitingApproval(w: MemoryWorld) {
  const a = await w.achievement({ approval: { mode: 'single', role: 'approver' } });
  const { issuance } = await w.request(requester, { achievementId: a.id, recipient: LIN });
  await evidenceCheck(w.workflow, issuance.id);
  await requestApproval(w.workflow, issuance.id, await w.taskToken(issuance.id));
  return issuance.id;
}

/** An evidence file in two versions (uploaded, then uploaded again), known to the request. */
async function evidenceFile(w: MemoryWorld) {
  const uploadId = randomUUID();
  const key = `evidence/${uploadId}`;
  await w.files.artifacts.replace(key, 'a first draft naming Lin Learner', { contentType: 'application/pdf' });
  await w.files.artifacts.replace(key, 'the transcript of Lin Learner', { contentType: 'application/pdf' });
  const now = w.clock.now();
  await w.repos.uploads.create({
    uploadId, key, fileName: 'lin-transcript.pdf', contentType: 'application/pdf', size: Buffer.byteLength('the transcript of Lin Learner'),
    uploadedBy: requester.id, createdAt: now.toISOString(), expiresAt: Math.floor(now.getTime() / 1000) + 7 * 86_400,
  });
  return uploadId;
}

const SOURCE = [
  'email,name,student_number,score,narrative',
  'ola.other@example.edu,Ola Other,S-2002,88,fine',
  'lin.old@example.org,Lin Learner,S-1001,91,"Lin\'s essay,',
  'on two lines"',
  'pat.peer@example.edu,Pat Peer,S-3003,75,good',
  '',
].join('\n');

/** A completed cohort whose files name Lin (line 3–4, by student number under an old email), with a report and a second upload version. */
async function cohort(w: MemoryWorld, status: 'COMPLETED' | 'RUNNING' = 'COMPLETED', namesLin = true) {
  const source = namesLin ? SOURCE : SOURCE.split('\n').filter((l) => !/S-1001|on two lines/.test(l)).join('\n');
  const id = randomUUID();
  const at = w.clock.now().toISOString();
  const put = (name: string, body: string) => w.files.artifacts.replace(`batches/${id}/${name}`, body, { contentType: 'text/plain' });
  await put('source.csv', source.replace('91', '19')); // a first upload, replaced
  await put('source.csv', source);
  const row = (line: number, email: string, name: string, studentId: string) => JSON.stringify({ line, recipient: { email, name, studentId, publishName: false }, award: {} });
  await put('rows-000.jsonl', [row(2, OLA.email, OLA.name, 'S-2002'), ...(namesLin ? [row(4, 'lin.old@example.org', 'Lin Learner', 'S-1001')] : [])].join('\n') + '\n');
  await put('problems.jsonl', `${JSON.stringify({ line: 5, column: 'score', problem: 'below the minimum', email: 'pat.peer@example.edu' })}\n`);
  if (namesLin) await put('report-1.csv', 'line,email\n4,lin.old@example.org\n');
  const created = await w.repos.batches.create(
    batchRecord.parse({
      id, achievementId: 'course-x', achievementVersion: 1, issuerId: w.issuerId, cohort: {},
      file: { key: `batches/${id}/source.csv`, fileName: 'cohort.csv', format: 'csv', size: source.length, sha256: createHash('sha256').update(source).digest('hex') },
      onInvalidRows: 'issue-valid', status, rowsKey: `batches/${id}/rows-000.jsonl`,
      validation: {
        rows: 3, valid: 2, invalid: 1, problems: [{ line: 5, column: 'score', problem: 'below the minimum' }], problemsKey: `batches/${id}/problems.jsonl`,
        sample: [{ line: 2, email: 'o***@example.edu', name: OLA.name }, { line: 4, email: 'l***@example.org', name: 'Lin Learner' }], validatedAt: at,
      },
      requestedBy: { id: requester.id, name: requester.name }, createdAt: at, updatedAt: at,
    }),
  );
  expect(created).toEqual({ created: true });
  return id;
}

describe("a learner's erasure", () => {
  it('erases them from an issuance in every state, their evidence, their cohort files in every version; waits for one being issued', async () => {
    const w = await memoryWorld();
    const uploadId = await evidenceFile(w);
    const done = await issued(w, LIN, { evidence: [{ narrative: "Lin's essay on data" }], results: [], evidenceFiles: [{ uploadId }] });
    const rejected = await awaitingApproval(w);
    await recordOutcome(w.workflow, rejected, { outcome: 'REJECTED', stage: 'approval', reason: "Lin's essay was not their own" });
    const failed = (await w.request(requester, { achievementId: (await w.achievement({ approval: { mode: 'auto' } })).id, recipient: LIN })).issuance.id;
    await recordOutcome(w.workflow, failed, { outcome: 'FAILED', step: 'Deliver', error: 'MessageRejected', cause: 'SES refused lin.learner@example.edu' });
    const expired = await awaitingApproval(w);
    await recordOutcome(w.workflow, expired, { outcome: 'EXPIRED', error: 'States.Timeout' });
    const cancelled = (await w.request(requester, { achievementId: (await w.achievement()).id, recipient: LIN })).issuance.id;
    await cancelIssuance(w.issuances, cancelled, registrar, 'Lin Learner asked us to wait');
    const waiting = await awaitingApproval(w);
    const requested = (await w.request(requester, { achievementId: (await w.achievement()).id, recipient: LIN })).issuance.id;
    // Being signed when the erasure comes: waited for.
    const inFlight = (await w.request(requester, { achievementId: (await w.achievement({ approval: { mode: 'auto' } })).id, recipient: LIN })).issuance.id;
    await evidenceCheck(w.workflow, inFlight);
    const signing = await signCredential(w.workflow, inFlight);
    const ola = await issued(w, OLA);
    const batchId = await cohort(w);
    const olaBefore = await w.repos.issuances.get(ola.id);

    const deps = erasureDeps(w);
    const first = await eraseLearner(deps, { email: 'lin.learner@example.EDU', reason: 'GDPR request 2026-118' }, dpo, w.clock.now().getTime() + 20_000);
    expect(first).toMatchObject({ status: 'RUNNING', waitingFor: { issuances: [inFlight], batches: [] }, namedCredentials: [done.credentialId] });
    expect(first.counts).toMatchObject({ issuances: 7, cancelled: 2, evidenceVersions: 2, deliveryDetails: 1, batchesChanged: 1 });

    // The two undecided requests were cancelled first (their executions stopped), then erased.
    for (const id of [waiting, requested]) expect((await w.repos.issuances.get(id))!.status).toBe('CANCELLED');
    expect(w.issuanceMachine.stops.map((s) => s.failure.cause)).toContain(ERASURE_CANCEL_REASON);
    for (const id of [done.id, rejected, failed, expired, cancelled, waiting, requested]) {
      const record = (await w.repos.issuances.get(id))!;
      expect(record.recipient, id).toEqual({ erased: true });
      expect(record.erasure, id).toMatchObject({ by: { id: dpo.id } });
      expect(hasTrace(record), `issuance ${id} still names the learner: ${JSON.stringify(record)}`).toBe(false);
      const events = await w.repos.audit.list({ type: 'issuance', id });
      expect(events.at(-1)!.action).toBe('LEARNER_ERASED');
      expect(verifyAuditChain({ type: 'issuance', id }, events).valid).toBe(true);
      expect(hasTrace(events), `the trail of ${id} still names the learner`).toBe(false);
    }
    const rejectedRecord = (await w.repos.issuances.get(rejected))!;
    expect(rejectedRecord.rejection).toEqual({ stage: 'approval', reason: ERASED_TEXT });
    expect((await w.repos.issuances.get(done.id))!).toMatchObject({ status: 'ISSUED', credentialStatus: 'ACTIVE', artifact: done.artifact, verifiedFiles: [{ uploadId, fileName: ERASED_TEXT }] });

    // The learner index and holdings: only the issuance still being signed.
    const keys = w.repos.learnerKeys;
    const indexed = [learnerIndexKey(keys, { email: LIN.email }), learnerIndexKey(keys, { studentId: LIN.studentId })];
    for (const k of indexed) expect((await w.repos.learners.entries(k)).map((e) => e.issuanceId)).toEqual([inFlight]);
    expect(w.items('Holding').map((h) => h.issuanceId).sort()).toEqual([inFlight, ola.id].sort());

    // The credential: SES's words gone, the signed document and its status as they were.
    const credential = (await w.repos.credentials.get(done.credentialId))!;
    expect(credential).toMatchObject({ status: 'ACTIVE', delivery: { status: 'DELIVERED' } });
    expect(credential.delivery!.detail).toBeUndefined();
    expect(w.files.objects.get(credential.artifact.key)).toBeDefined();

    // Evidence: both versions destroyed, and the upload's record.
    expect(w.files.history(`evidence/${uploadId}`)).toEqual([]);
    expect(await w.repos.uploads.get(uploadId)).toBeUndefined();

    // The cohort: Lin's record blanked line for line, every older version gone, the report gone.
    const source = w.files.history(`batches/${batchId}/source.csv`);
    expect(source).toHaveLength(1);
    expect(source[0]!.split('\n')).toEqual([
      'email,name,student_number,score,narrative',
      'ola.other@example.edu,Ola Other,S-2002,88,fine',
      '',
      '',
      'pat.peer@example.edu,Pat Peer,S-3003,75,good',
      '',
    ]);
    expect(w.files.history(`batches/${batchId}/rows-000.jsonl`).map((r) => r.split('\n').filter(Boolean).map((l) => JSON.parse(l).line))).toEqual([[2]]);
    expect(w.files.history(`batches/${batchId}/problems.jsonl`)).toHaveLength(1);
    expect(w.files.history(`batches/${batchId}/report-1.csv`)).toEqual([]);
    const batch = (await w.repos.batches.get(batchId))!;
    expect(batch.validation!.sample.map((r) => r.line)).toEqual([2]);
    expect(hasTrace(batch)).toBe(false);

    // The other learner: untouched.
    expect(await w.repos.issuances.get(ola.id)).toEqual(olaBefore);

    // The one being signed settles; the continuation erases it and completes.
    await storeCredential(w.workflow, inFlight, signing.credential, signing.jwt);
    await deliverCredential(w.workflow, inFlight);
    await recordOutcome(w.workflow, inFlight, { outcome: 'ISSUED' });
    const second = await continueErasure(deps, first.id, dpo, w.clock.now().getTime() + 20_000);
    expect(second).toMatchObject({ status: 'COMPLETED', waitingFor: { issuances: [], batches: [] } });
    expect(second.counts.issuances).toBe(8);
    expect((await w.repos.issuances.get(inFlight))!.recipient).toEqual({ erased: true });
    for (const k of indexed) expect(await w.repos.learners.entries(k)).toEqual([]);
    expect(w.items('LearnerIndex').every((i) => i.issuanceId === ola.id)).toBe(true);
    // The erasure keeps no key of the learner once complete; its trail says who, why (sealed) and how much.
    expect((await w.repos.erasures.get(first.id))!.learnerKeys).toEqual([]);
    const erasureTrail = await w.repos.audit.list({ type: 'erasure', id: first.id });
    expect(erasureTrail.map((e) => e.action)).toEqual(['ERASURE_STARTED', 'LEARNER_ERASED']);
    expect(erasureTrail[0]!.reason).toBe('GDPR request 2026-118');
    expect(hasTrace(erasureTrail)).toBe(false);
    // Subscribers hear of it by ids alone, once it is complete.
    const erased = w.bus.published.filter((e) => e.detailType === 'LearnerErased');
    expect(erased).toHaveLength(1);
    expect(erased[0]!.detail).toMatchObject({ version: '1', erasureId: first.id, erasedBy: dpo.name, credentialIds: [done.credentialId, (await w.repos.issuances.get(inFlight))!.credentialId] });
    expect((erased[0]!.detail as { issuanceIds: string[] }).issuanceIds.sort()).toEqual([done.id, rejected, failed, expired, cancelled, waiting, requested, inFlight].sort());
    expect(hasTrace(erased[0]!.detail)).toBe(false);
    // Completed: a repeated continuation changes nothing.
    expect(await continueErasure(deps, first.id, dpo, w.clock.now().getTime() + 20_000)).toEqual(second);

    // What verification needs stays changeable: an erased learner's credential can still be revoked.
    const { signer } = await currentSigner(signingKeyDeps(w.workflow), w.issuerId);
    const statusDeps = { ...statusListDeps(w.workflow, signer), credentials: w.repos.credentials, audit: w.repos.audit, issuances: w.repos.issuances, holdings: w.repos.holdings };
    const revoked = await changeCredentialStatus(statusDeps, done.credentialId, 'revoke', registrar, 'awarded in error');
    expect(revoked.status).toBe('REVOKED');
    expect((await w.repos.issuances.get(done.id))!.credentialStatus).toBe('REVOKED');
  });

  it('waits for a cohort its workflow is reading only if it names the learner, and erases it once it has finished', async () => {
    const w = await memoryWorld();
    const unrelated = await cohort(w, 'RUNNING', false);
    const naming = await cohort(w, 'RUNNING');
    const deps = erasureDeps(w);
    const first = await eraseLearner(deps, { studentId: 'S-1001', reason: 'request' }, dpo, w.clock.now().getTime() + 20_000);
    expect(first).toMatchObject({ status: 'RUNNING', waitingFor: { issuances: [], batches: [naming] } });
    // Nothing touched while it runs.
    expect(w.files.history(`batches/${naming}/source.csv`)).toHaveLength(2);
    expect(w.files.history(`batches/${unrelated}/source.csv`)).toHaveLength(2);
    // Still running: still waited for.
    expect((await continueErasure(deps, first.id, dpo, w.clock.now().getTime() + 20_000)).waitingFor.batches).toEqual([naming]);
    const batch = (await w.repos.batches.get(naming))!;
    await w.repos.batches.finish(naming, 'COMPLETED', w.clock.now().toISOString());
    expect(batch.status).toBe('RUNNING');
    const done = await continueErasure(deps, first.id, dpo, w.clock.now().getTime() + 20_000);
    expect(done).toMatchObject({ status: 'COMPLETED', counts: { batchesChanged: 1 } });
    expect(w.files.history(`batches/${naming}/source.csv`)).toHaveLength(1);
    expect(hasTrace(w.files.history(`batches/${naming}/source.csv`))).toBe(false);
  });

  it('refuses to write an erased issuance again: a late workflow step or SES feedback finds nothing to write to', async () => {
    const w = await memoryWorld();
    const record = await issued(w, LIN);
    // Issued, its email still queued (a cohort row's, sent at the SES rate) when the erasure comes.
    const queued = (await w.request(requester, { achievementId: (await w.achievement({ approval: { mode: 'auto' } })).id, recipient: LIN })).issuance.id;
    await evidenceCheck(w.workflow, queued);
    const signed = await signCredential(w.workflow, queued);
    await storeCredential(w.workflow, queued, signed.credential, signed.jwt);
    await recordOutcome(w.workflow, queued, { outcome: 'ISSUED' });
    await eraseLearner(erasureDeps(w), { studentId: 'S-1001', reason: 'request' }, dpo, w.clock.now().getTime() + 20_000);
    // The queued email is dropped, not retried into the dead-letter queue: there is no address left.
    expect(await deliverQueuedEmails(w.batchWorkflow, [{ id: 'm-1', issuanceId: queued }], 1000)).toEqual({ failed: [] });
    const erased = (await w.repos.issuances.get(record.id)) as Issuance;
    expect(erased.recipient).toEqual({ erased: true });
    await expect(w.repos.issuances.recordProgress(record.id, { 'steps.Deliver': { status: 'SUCCEEDED', at: 'now', detail: 'sent to lin.learner@example.edu' } })).rejects.toMatchObject({
      name: 'ConditionalCheckFailedException',
    });
    expect(await recordDeliveryFeedback(w.workflow, { kind: 'BOUNCED', messageId: record.delivery!.messageId!, issuanceId: record.id, detail: 'lin.learner@example.edu unknown', at: 'now' })).not.toBe('recorded');
    expect(hasTrace(await w.repos.issuances.get(record.id))).toBe(false);
    // Nothing is issued or sent for an erased learner: the workflow's steps say why.
    await expect(resendCredentialEmail(w.workflow, record.id, registrar)).rejects.toMatchObject({ name: 'LearnerErasedError', status: 409 });
    expect(w.mail.sent).toHaveLength(1);
  });
});

// ---------------------------------------------------------------- completions (issue #21)

const LMS: CompletionSource = { id: 'lms', name: 'Moodle', kind: 'webhook', status: 'active', secretVersion: 1, createdAt: 'x', createdBy: { id: 'a', name: 'a' }, updatedAt: 'x' };

/** Completions in, on the memory world: its repositories, the issuing core as a source reaches it, and course mappings to add. */
function completionsIn(w: MemoryWorld) {
  const mappings = new Map<string, CourseMapping>();
  const deps: ReplayDeps = {
    sources: { get: async (id) => (id === LMS.id ? LMS : undefined) },
    mappings: { get: async (s, c) => mappings.get(`${s}/${c}`) },
    completions: w.repos.completions,
    learnerKeys: w.repos.learnerKeys,
    emailOfStudent: async () => undefined,
    requestIssuance: (input, ids, actor) => requestIssuance(w.issuances, input, actor, undefined, ids),
    issuances: w.repos.issuances,
    audit: w.repos.audit,
    clock: w.clock,
  };
  const map = (courseId: string, achievementId: string) =>
    mappings.set(`${LMS.id}/${courseId}`, { sourceId: LMS.id, courseId, achievementId, policy: 'issue', courseAsEvidence: false, publishName: false, updatedAt: 'x', updatedBy: { id: 'd', name: 'd' } });
  const report = (courseId: string, learner: ReportedCompletion['learner'] = { email: LIN.email, name: LIN.name, studentNumber: LIN.studentId }): ReportedCompletion => ({ sourceId: LMS.id, via: 'webhook', courseId, learner });
  return { deps, map, report, receive: (r: ReportedCompletion) => receiveCompletion(deps, r) };
}

describe("a learner's erasure, of the completions their LMS reported", () => {
  it('erases a failed completion found through the learner index, once, and a replay of it is refused (409)', async () => {
    const w = await memoryWorld();
    const lms = completionsIn(w);
    // Unmapped: it fails before any issuance names Lin; the index knows it under both identifiers.
    const failed = await lms.receive(lms.report('HIST-200'));
    expect(failed).toMatchObject({ status: 'FAILED', failure: { reason: 'UNMAPPED_COURSE' } });
    const keys = w.repos.learnerKeys;
    const indexed = [learnerIndexKey(keys, { email: LIN.email }), learnerIndexKey(keys, { studentId: LIN.studentId })];
    for (const k of indexed) expect((await w.repos.learners.completionEntries(k)).map((e) => e.completionId)).toEqual([failed.completionId]);
    // A redelivery changes nothing in the index.
    await lms.receive(lms.report('HIST-200'));
    expect(w.items('LearnerCompletionIndex')).toHaveLength(2);
    // Ola's completion must not move.
    const ola = await lms.receive(lms.report('HIST-200', { email: OLA.email, name: OLA.name }));
    const olaBefore = await w.repos.completions.get(ola.completionId);

    // Erased by student number alone: the completion's email joins the search.
    const deps = erasureDeps(w);
    const erasure = await eraseLearner(deps, { studentId: LIN.studentId, reason: 'request' }, dpo, w.clock.now().getTime() + 20_000);
    expect(erasure).toMatchObject({ status: 'COMPLETED', counts: { completions: 1, issuances: 0 } });
    const erased = (await w.repos.completions.get(failed.completionId))!;
    expect(erased).toMatchObject({ learner: {}, erased: { erasureId: erasure.id }, status: 'FAILED', courseId: 'HIST-200' });
    expect(hasTrace(erased)).toBe(false);
    for (const k of indexed) expect(await w.repos.learners.completionEntries(k)).toEqual([]);
    expect(w.items('LearnerCompletionIndex').map((i) => i.completionId)).toEqual([ola.completionId]);
    expect(await w.repos.completions.get(ola.completionId)).toEqual(olaBefore);

    // Twice: a second erasure finds nothing left, and the repository's erasure repeated changes nothing.
    const again = await eraseLearner(deps, { email: LIN.email, studentId: LIN.studentId, reason: 'again' }, dpo, w.clock.now().getTime() + 20_000);
    expect(again).toMatchObject({ status: 'COMPLETED', counts: { completions: 0 } });
    expect(await w.repos.completions.get(failed.completionId)).toEqual(erased);
    expect(await w.repos.completions.eraseLearner(erased, erased.erased!, indexed)).toBe(true);
    expect(await w.repos.completions.get(failed.completionId)).toEqual(erased);
    expect(await w.repos.completions.eraseLearner({ id: 'no-such-completion', receivedAt: 'x' }, erased.erased!, [])).toBe(false);

    // Staff cannot replay it (nor bring the learner back with an address).
    for (const input of [{}, { email: LIN.email }]) {
      await expect(replayCompletion(lms.deps, failed.completionId, input, requester)).rejects.toMatchObject({ name: 'ConflictError', status: 409 });
    }
    expect(await w.repos.completions.get(failed.completionId)).toEqual(erased);

    // The source reporting it again is new data from the source: kept, and indexed again.
    const redelivered = await lms.receive(lms.report('HIST-200'));
    expect(redelivered).toMatchObject({ completionId: failed.completionId, status: 'FAILED', duplicate: true });
    expect((await w.repos.completions.get(failed.completionId))!.learner).toEqual({ email: LIN.email, name: LIN.name, studentNumber: LIN.studentId });
    for (const k of indexed) expect((await w.repos.learners.completionEntries(k)).map((e) => e.completionId)).toEqual([failed.completionId]);
  });

  it("erases the completion an erased issuance was requested for, even one the learner index does not know", async () => {
    const w = await memoryWorld();
    const lms = completionsIn(w);
    const a = await w.achievement();
    lms.map('CS-101', a.id);
    const requested = await lms.receive(lms.report('CS-101'));
    expect(requested).toMatchObject({ status: 'REQUESTED' });
    // As a completion received before completions were indexed: reachable through its issuance alone.
    for (const item of w.items('LearnerCompletionIndex')) w.table.write({ delete: { PK: item.PK as string, SK: item.SK as string } });

    const erasure = await eraseLearner(erasureDeps(w), { email: LIN.email, reason: 'request' }, dpo, w.clock.now().getTime() + 20_000);
    expect(erasure).toMatchObject({ status: 'COMPLETED', counts: { issuances: 1, cancelled: 1, completions: 1 } });
    expect((await w.repos.issuances.get(requested.issuanceId!))!).toMatchObject({ status: 'CANCELLED', recipient: { erased: true }, origin: { completionId: requested.completionId } });
    const completion = (await w.repos.completions.get(requested.completionId))!;
    expect(completion).toMatchObject({ learner: {}, erased: { erasureId: erasure.id }, status: 'REQUESTED' });
    expect(hasTrace(completion)).toBe(false);
    // Its request ended without a credential, but there is no learner left to replay it for.
    await expect(replayCompletion(lms.deps, requested.completionId, {}, requester)).rejects.toMatchObject({ name: 'ConflictError', status: 409 });
  });
});
