import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { BatchRow } from '../../shared/batches/rows';
import { chunkSubject, verifyAuditChain } from '../../shared/entities/audit';
import { rowIds, type Batch, type BatchRepository } from '../../shared/entities/batch';
import { learnerKeys } from '../../shared/entities/learner';
import type { Issuance } from '../../shared/entities/issuance';
import { ConflictError, ForbiddenError, PermanentError, TransientError } from '../../shared/errors';
import { beginIssuing, finishBatch, issueChunk, recordChunkFailure, requestBatchDecision, validateBatchFile, type BatchWorkflowDeps } from '../../shared/use-cases/batch-workflow';
import { cancelBatch, createBatch, decideBatch, retryBatchFailures, submitBatch } from '../../shared/use-cases/batches';
import { memoryWorld, staff, type MemoryWorld } from '../support/memory-world';

/**
 * The cohort use cases on in-memory ports (issue #16): a chunk that fails for good part-way, and
 * the guards of the batch's decisions (approve, cancel, retry). The batch is driven the way the
 * parent workflow drives it — created, uploaded, validated, approved, begun — and its chunk is
 * the rows file's first lines, as the Distributed Map hands them to a child.
 */

const registrar = staff('reg.registrar', ['registrar', 'issuer']);
const approver = staff('abe.approver', ['approver']);
const secondApprover = staff('ava.approver', ['approver']);
const designer = staff('dee.designer', ['designer']);

const emailOf = (i: number) => `learner${i}@example.edu`;
const failure = { Error: 'TransientError', Cause: JSON.stringify({ errorType: 'TransientError', errorMessage: 'gone for good' }) };
const REASON = 'TransientError: gone for good';

/** A cohort of `n` learners validated and waiting for its approval (the parent's task token stored). */
async function awaitingApproval(w: MemoryWorld, n: number) {
  const a = await w.achievement({ approval: { mode: 'single', role: 'approver' } });
  const csv = `${['email,name', ...Array.from({ length: n }, (_, i) => `${emailOf(i)},Learner ${i}`)].join('\n')}\n`;
  const file = { name: 'cohort.csv', size: Buffer.byteLength(csv), sha256: createHash('sha256').update(csv).digest('hex') };
  const { batch } = await createBatch(w.batches, { achievementId: a.id, file, onInvalidRows: 'stop' }, registrar);
  w.files.objects.set(batch.file.key, { body: csv, metadata: {} }); // the browser's PUT to the presigned URL
  await submitBatch(w.batches, batch.id, registrar);
  expect(await validateBatchFile(w.batchWorkflow, batch.id)).toMatchObject({ rows: n, valid: n, invalid: 0, needsDecision: false, approvalRole: 'approver' });
  const token = w.batchMachine.taskToken(w.batchMachine.arnOf(batch.id));
  await requestBatchDecision(w.batchWorkflow, batch.id, 'approval', token, 'approver');
  expect((await w.repos.batches.get(batch.id))!.status).toBe('AWAITING_APPROVAL');
  return { a, id: batch.id, token };
}

/** The batch approved and RUNNING, and its rows as the map reads them. */
async function running(w: MemoryWorld, n: number) {
  const { a, id } = await awaitingApproval(w, n);
  await decideBatch(w.batches, id, approver, { approve: true });
  const { rowsKey } = await beginIssuing(w.batchWorkflow, id);
  const rows = w.files.objects.get(rowsKey)!.body.split('\n').filter(Boolean).map((l) => JSON.parse(l) as BatchRow);
  return { a, id, rows, ids: rows.map((r) => rowIds(id, r.line)) };
}

/** The deps of a child whose last write of the issuance records commits only the first `n`, then fails for good. */
function commitsOnly(w: MemoryWorld, n: number) {
  const attempted: Issuance[] = [];
  const deps: BatchWorkflowDeps = {
    ...w.batchWorkflow,
    issuances: {
      ...w.batchWorkflow.issuances,
      commitIssuedRows: async (issuances) => {
        attempted.push(...issuances);
        await w.repos.issuances.commitIssuedRows(issuances.slice(0, n));
        throw new TransientError('DynamoDB left writes unprocessed; try again.');
      },
    },
  };
  return { deps, attempted };
}

const batchOf = async (w: MemoryWorld, id: string) => (await w.repos.batches.get(id))!;
const holderOf = (w: MemoryWorld, achievementId: string, i: number) => w.repos.holdings.holder(achievementId, 1, emailOf(i));
const learnerEntries = (w: MemoryWorld, i: number) => w.table.query(learnerKeys.partition(w.repos.learnerKeys, { email: emailOf(i) }));
const staleBatches = <D extends { batches: Pick<BatchRepository, 'get'> }>(deps: D, snapshot: Batch): D => ({ ...deps, batches: { ...deps.batches, get: async () => structuredClone(snapshot) } }) as D;

describe('recordChunkFailure: a chunk that failed for good part-way', () => {
  it('rows whose issuance record was committed count as issued; the others are cleared and give their holdings back; recorded once', async () => {
    const w = await memoryWorld();
    const { a, id, rows, ids } = await running(w, 5);
    const child = commitsOnly(w, 2);
    await expect(issueChunk(child.deps, { batchId: id, attempt: 0, rows })).rejects.toBeInstanceOf(TransientError);
    // Where the child stopped: every row's credential and index entries, two records, every holding; nothing announced.
    expect(w.items('Credential')).toHaveLength(5);
    expect(w.items('Issuance').map((i) => i.id).sort()).toEqual(ids.slice(0, 2).map((i) => i.issuanceId).sort());
    expect(await Promise.all(rows.map((_, i) => holderOf(w, a.id, i)))).toEqual(ids.map((i) => i.issuanceId));
    expect(w.emails.queued).toEqual([]);
    expect(w.bus.published).toEqual([]);

    expect(await recordChunkFailure(w.batchWorkflow, { batchId: id, attempt: 0, rows }, failure)).toEqual({ issued: 2, failed: 3, skipped: 0 });
    // The committed rows are whole, and announced now: their email queued, their event put.
    for (const [i, { issuanceId, credentialId }] of ids.slice(0, 2).entries()) {
      expect(await w.repos.issuances.get(issuanceId)).toMatchObject({ status: 'ISSUED', credentialId });
      expect(await w.repos.credentials.get(credentialId)).toMatchObject({ status: 'ACTIVE', issuanceId });
      expect(await holderOf(w, a.id, i)).toBe(issuanceId);
      expect(await learnerEntries(w, i)).toHaveLength(1);
    }
    expect(w.emails.queued).toEqual(ids.slice(0, 2).map(({ issuanceId }) => ({ issuanceId, batchId: id })));
    expect(w.bus.published.map((e) => [e.detailType, (e.detail as { issuanceId: string }).issuanceId])).toEqual(ids.slice(0, 2).map((i) => ['CredentialIssued', i.issuanceId]));
    // The others: nothing answers for them, and their learners may be issued it again.
    for (const [i, { issuanceId, credentialId }] of ids.entries()) {
      if (i < 2) continue;
      expect(await w.repos.issuances.get(issuanceId)).toBeUndefined();
      expect(await w.repos.credentials.get(credentialId)).toBeUndefined();
      expect(await learnerEntries(w, i)).toEqual([]);
      expect(await holderOf(w, a.id, i)).toBeUndefined();
    }
    // The chunk's trail had named all five rows; it now says which three were not issued, and why.
    const chunkTrail = chunkSubject(id, 0, rows[0]!.line);
    const events = await w.repos.audit.list(chunkTrail);
    expect(events.map((e) => e.action)).toEqual(['ISSUED_IN_BATCH', 'NOT_ISSUED']);
    expect(events[1]!.after).toEqual({ reason: REASON, rows: ids.slice(2).map((i, n) => ({ line: rows[n + 2]!.line, ...i })) });
    expect(verifyAuditChain(chunkTrail, events)).toEqual({ valid: true, length: 2 });
    // The chunk's outcomes and the batch's counters.
    expect((await w.repos.batches.getChunk(id, 0, rows[0]!.line))!.rows).toEqual(rows.map((r, i) => (i < 2 ? { l: r.line, o: 'I' } : { l: r.line, o: 'F', r: REASON })));
    expect((await batchOf(w, id)).counts).toMatchObject({ issued: 2, failed: 3, skipped: 0 });

    // ChunkFailed run again (its own retry): the same tally, and nothing more happens.
    expect(await recordChunkFailure(w.batchWorkflow, { batchId: id, attempt: 0, rows }, failure)).toEqual({ issued: 2, failed: 3, skipped: 0 });
    expect(w.emails.queued).toHaveLength(2);
    expect(w.bus.published).toHaveLength(2);
    expect(await w.repos.audit.list(chunkTrail)).toHaveLength(2);
    expect((await batchOf(w, id)).counts).toMatchObject({ issued: 2, failed: 3, skipped: 0 });
  });

  it('a row whose record the child’s last attempt writes meanwhile is found whole after all, not cleared', async () => {
    const w = await memoryWorld();
    const { a, id, rows, ids } = await running(w, 3);
    const child = commitsOnly(w, 0);
    await expect(issueChunk(child.deps, { batchId: id, attempt: 0, rows })).rejects.toBeInstanceOf(TransientError);
    let late = true;
    const deps: BatchWorkflowDeps = {
      ...w.batchWorkflow,
      issuances: {
        ...w.batchWorkflow.issuances,
        clearUnissued: async (row) => {
          // Between the read that found no record and the clearing, the record of the first row lands.
          if (late) await w.repos.issuances.commitIssuedRows(child.attempted.slice(0, 1));
          late = false;
          return w.repos.issuances.clearUnissued(row);
        },
      },
    };
    expect(await recordChunkFailure(deps, { batchId: id, attempt: 0, rows }, failure)).toEqual({ issued: 1, failed: 2, skipped: 0 });
    expect(await w.repos.credentials.get(ids[0]!.credentialId)).toMatchObject({ issuanceId: ids[0]!.issuanceId });
    expect(await holderOf(w, a.id, 0)).toBe(ids[0]!.issuanceId);
    expect(w.emails.queued).toEqual([{ issuanceId: ids[0]!.issuanceId, batchId: id }]);
    expect(await w.repos.credentials.get(ids[1]!.credentialId)).toBeUndefined();
    expect(await holderOf(w, a.id, 1)).toBeUndefined();
  });

  it('retry-failed issues the failed rows whole, signed as the failed attempt signed them (nothing overwritten)', async () => {
    const w = await memoryWorld();
    const { id, rows, ids } = await running(w, 4);
    await expect(issueChunk(commitsOnly(w, 1).deps, { batchId: id, attempt: 0, rows })).rejects.toBeInstanceOf(TransientError);
    await recordChunkFailure(w.batchWorkflow, { batchId: id, attempt: 0, rows }, failure);
    await finishBatch(w.batchWorkflow, id, 'COMPLETED');
    const documents = new Map([...w.files.objects].filter(([k]) => k.startsWith('credentials/')).map(([k, v]) => [k, v.body]));
    expect(documents.size).toBe(4); // the failed rows' documents were stored before their records failed

    const retried = await retryBatchFailures(w.batches, id, registrar);
    expect(retried).toMatchObject({ status: 'RUNNING', attempt: 1, counts: { issued: 1, failed: 0 }, retries: [{ by: { id: registrar.id }, rows: 3, attempt: 1 }] });
    expect(w.batchMachine.starts.map((s) => [s.name, s.input])).toEqual([
      [id, { batchId: id }],
      [`${id}-retry-1`, { batchId: id, retry: 1 }],
    ]);
    const { rowsKey } = await beginIssuing(w.batchWorkflow, id);
    const retryRows = w.files.objects.get(rowsKey)!.body.split('\n').filter(Boolean).map((l) => JSON.parse(l) as BatchRow);
    expect(retryRows.map((r) => r.line)).toEqual(rows.slice(1).map((r) => r.line));

    expect(await issueChunk(w.batchWorkflow, { batchId: id, attempt: 1, rows: retryRows })).toEqual({ issued: 3, failed: 0, skipped: 0 });
    for (const [k, body] of documents) expect(w.files.objects.get(k)!.body).toBe(body);
    expect(w.files.writes.filter((k) => k.startsWith('credentials/'))).toHaveLength(4);
    for (const { issuanceId } of ids) expect(await w.repos.issuances.get(issuanceId)).toMatchObject({ status: 'ISSUED' });
    expect((await batchOf(w, id)).counts).toMatchObject({ issued: 4, failed: 0 });
  });
});

describe('issueChunk, row by row', () => {
  it('a row that fails on its own gives its learner’s holding back; a learner who holds it already is skipped, naming the holder', async () => {
    const w = await memoryWorld();
    const { a, id, rows, ids } = await running(w, 3);
    // Learner 2 was issued the achievement on their own since the file was validated.
    const own = await w.request(registrar, { achievementId: a.id, recipient: { email: emailOf(2) } });
    const denied = Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    const deps: BatchWorkflowDeps = {
      ...w.batchWorkflow,
      artifacts: { ...w.files.artifacts, createOnly: (key, body, options) => (key.includes(ids[1]!.credentialId) ? Promise.reject(denied) : w.files.artifacts.createOnly(key, body, options)) },
    };
    expect(await issueChunk(deps, { batchId: id, attempt: 0, rows })).toEqual({ issued: 1, failed: 1, skipped: 1 });
    expect(await holderOf(w, a.id, 0)).toBe(ids[0]!.issuanceId);
    expect(await holderOf(w, a.id, 1)).toBeUndefined();
    expect(await holderOf(w, a.id, 2)).toBe(own.issuance.id);
    expect((await w.repos.batches.getChunk(id, 0, rows[0]!.line))!.rows).toEqual([
      { l: rows[0]!.line, o: 'I' },
      { l: rows[1]!.line, o: 'F', r: expect.stringContaining('Access Denied') },
      { l: rows[2]!.line, o: 'S', r: `the learner already holds this achievement (issuance ${own.issuance.id})` },
    ]);
    expect(w.emails.queued).toEqual([{ issuanceId: ids[0]!.issuanceId, batchId: id }]);
    expect(await w.repos.issuances.get(ids[1]!.issuanceId)).toBeUndefined();
    // A retried child finds the chunk recorded: the same tally, nothing issued twice.
    expect(await issueChunk(w.batchWorkflow, { batchId: id, attempt: 0, rows })).toEqual({ issued: 1, failed: 1, skipped: 1 });
    expect(w.emails.queued).toHaveLength(1);
  });
});

describe('decideBatch', () => {
  it('only a batch waiting for approval, by the policy’s role, not by who asked for it', async () => {
    const w = await memoryWorld();
    const { id, token } = await awaitingApproval(w, 2);
    await expect(decideBatch(w.batches, id, designer, { approve: true })).rejects.toThrow(new ForbiddenError("This batch needs the role 'approver'."));
    const requesterWhoApproves = staff(registrar.name, [...registrar.groups, 'approver']);
    await expect(decideBatch(w.batches, id, requesterWhoApproves, { approve: true })).rejects.toThrow(new ForbiddenError('You cannot approve a batch you asked for.'));
    expect(w.batchMachine.answers).toEqual([]);

    const approved = await decideBatch(w.batches, id, approver, { approve: true, comment: 'checked the list' });
    expect(approved).toMatchObject({ approval: { role: 'approver', decision: 'APPROVED', decidedBy: { id: approver.id }, comment: 'checked the list' } });
    expect(approved.waiting).toBeUndefined();
    expect(w.batchMachine.answers).toEqual([{ taskToken: token, result: { output: { approvedBy: approver.id } } }]);
    await expect(decideBatch(w.batches, id, secondApprover, { approve: false })).rejects.toThrow(/not waiting for approval/);
    expect(w.batchMachine.answers).toHaveLength(1);
  });

  it('a rejection ends the batch and fails the parent’s task with BatchRejected', async () => {
    const w = await memoryWorld();
    const { id, token } = await awaitingApproval(w, 2);
    const rejected = await decideBatch(w.batches, id, approver, { approve: false, comment: 'wrong intake' });
    expect(rejected).toMatchObject({ status: 'REJECTED', finishedAt: w.clock.now().toISOString(), approval: { decision: 'REJECTED' } });
    expect(w.batchMachine.answers).toEqual([{ taskToken: token, result: { failure: { error: 'BatchRejected', cause: 'wrong intake' } } }]);
    expect((await w.repos.audit.list({ type: 'batch', id })).at(-1)).toMatchObject({ action: 'REJECTED', reason: 'wrong intake' });
    // The parent, resumed, cannot begin issuing a rejected batch.
    await expect(beginIssuing(w.batchWorkflow, id)).rejects.toBeInstanceOf(PermanentError);
  });

  it('a second approver who read the waiting batch before the first decided is refused by the task token', async () => {
    const w = await memoryWorld();
    const { id } = await awaitingApproval(w, 2);
    const waiting = await batchOf(w, id);
    await decideBatch(w.batches, id, approver, { approve: true });
    await expect(decideBatch(staleBatches(w.batches, waiting), id, secondApprover, { approve: false, comment: 'no' })).rejects.toThrow(
      new ConflictError('The batch changed a moment ago; read it and retry.'),
    );
    expect(await batchOf(w, id)).toMatchObject({ status: 'AWAITING_APPROVAL', approval: { decision: 'APPROVED', decidedBy: { id: approver.id } } });
    expect(w.batchMachine.answers).toHaveLength(1);
  });
});

describe('cancelBatch', () => {
  it('stops a running batch: its chunks then skip their rows, and it stays cancelled', async () => {
    const w = await memoryWorld();
    const { a, id, rows } = await running(w, 3);
    const cancelled = await cancelBatch(w.batches, id, registrar, 'wrong file');
    expect(cancelled).toMatchObject({ status: 'CANCELLED', cancellation: { by: { id: registrar.id }, reason: 'wrong file' }, finishedAt: w.clock.now().toISOString() });
    expect(w.batchMachine.stops).toEqual([{ executionArn: w.batchMachine.arnOf(id), failure: { error: 'BatchCancelled', cause: 'wrong file' } }]);

    expect(await issueChunk(w.batchWorkflow, { batchId: id, attempt: 0, rows })).toEqual({ issued: 0, failed: 0, skipped: 3 });
    expect(w.items('Credential')).toEqual([]);
    expect(await holderOf(w, a.id, 0)).toBeUndefined();
    expect((await batchOf(w, id)).counts).toMatchObject({ issued: 0, skipped: 3 });
    expect(await finishBatch(w.batchWorkflow, id, 'COMPLETED')).toEqual({ status: 'CANCELLED' });
    expect((await batchOf(w, id)).status).toBe('CANCELLED');
    await expect(beginIssuing(w.batchWorkflow, id)).rejects.toBeInstanceOf(PermanentError);
    await expect(cancelBatch(w.batches, id, registrar)).rejects.toThrow(new ConflictError('The batch is CANCELLED; there is nothing to cancel.'));
    expect(w.batchMachine.stops).toHaveLength(1);
  });

  it('a canceller who saw an earlier status is refused once the batch moved on, and stops nothing', async () => {
    const w = await memoryWorld();
    const { id } = await awaitingApproval(w, 2);
    const seen = await batchOf(w, id);
    await decideBatch(w.batches, id, approver, { approve: true });
    await beginIssuing(w.batchWorkflow, id);
    await expect(cancelBatch(staleBatches(w.batches, seen), id, registrar, 'too late')).rejects.toThrow(new ConflictError('The batch changed a moment ago; read it and retry.'));
    expect((await batchOf(w, id)).status).toBe('RUNNING');
    expect(w.batchMachine.stops).toEqual([]);
  });

  it('cancelling while it waits for approval drops the task token: the approver then has nothing to decide', async () => {
    const w = await memoryWorld();
    const { id } = await awaitingApproval(w, 2);
    const cancelled = await cancelBatch(w.batches, id, registrar);
    expect(cancelled.waiting).toBeUndefined();
    await expect(decideBatch(w.batches, id, approver, { approve: true })).rejects.toThrow(/CANCELLED: it is not waiting for approval/);
    expect(w.batchMachine.answers).toEqual([]);
  });
});

describe('retryBatchFailures', () => {
  it('only a batch that completed, or failed after issuing began', async () => {
    const w = await memoryWorld();
    const waiting = await awaitingApproval(w, 2);
    await expect(retryBatchFailures(w.batches, waiting.id, registrar)).rejects.toThrow(/The batch is AWAITING_APPROVAL: only rows of a batch that completed/);
    await finishBatch(w.batchWorkflow, waiting.id, 'FAILED', { Error: 'States.Timeout', Cause: 'approval deadline' });
    await expect(retryBatchFailures(w.batches, waiting.id, registrar)).rejects.toThrow(/The batch is FAILED before issuing began/);
    expect(w.batchMachine.starts.map((s) => s.name)).toEqual([waiting.id]);
  });

  it('a completed batch with every row issued has nothing to retry', async () => {
    const w = await memoryWorld();
    const { id, rows } = await running(w, 2);
    expect(await issueChunk(w.batchWorkflow, { batchId: id, attempt: 0, rows })).toEqual({ issued: 2, failed: 0, skipped: 0 });
    await finishBatch(w.batchWorkflow, id, 'COMPLETED');
    await expect(retryBatchFailures(w.batches, id, registrar)).rejects.toThrow(new ConflictError('The batch has no failed or unissued rows.'));
    expect((await batchOf(w, id))).toMatchObject({ status: 'COMPLETED', attempt: 0 });
  });

  it('a second retry that read the batch before the first reopened it is a 409, and starts nothing', async () => {
    const w = await memoryWorld();
    const { id, rows } = await running(w, 3);
    await expect(issueChunk(commitsOnly(w, 1).deps, { batchId: id, attempt: 0, rows })).rejects.toBeInstanceOf(TransientError);
    await recordChunkFailure(w.batchWorkflow, { batchId: id, attempt: 0, rows }, failure);
    await finishBatch(w.batchWorkflow, id, 'COMPLETED');
    const completed = await batchOf(w, id);
    await retryBatchFailures(w.batches, id, registrar);
    await expect(retryBatchFailures(staleBatches(w.batches, completed), id, registrar)).rejects.toThrow(new ConflictError('The batch changed a moment ago; read it and retry.'));
    expect(await batchOf(w, id)).toMatchObject({ attempt: 1, retries: [{ attempt: 1 }], counts: { failed: 0 } });
    expect(w.batchMachine.starts.map((s) => s.name)).toEqual([id, `${id}-retry-1`]);
  });
});
