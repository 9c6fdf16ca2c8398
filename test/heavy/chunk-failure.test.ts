import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BatchRow } from '../../shared/batches/rows';
import { chunkSubject, verifyAuditChain } from '../../shared/entities/audit';
import { rowIds } from '../../shared/entities/batch';
import { holdingKeys } from '../../shared/entities/holding';
import { learnerKeys } from '../../shared/entities/learner';
import type { LearnerKeyer } from '../../shared/ports';
import { TransientError } from '../../shared/errors';
import type { ChunkDeps } from '../../shared/use-cases/batch-workflow';
import { localCloud, uniqueId, useLocalAdapters } from '../support/cloud';

const cloud = localCloud();

/**
 * A cohort chunk whose retries are spent part-way (Step Functions then runs ChunkFailed). The
 * chunk's use cases run here with the production adapters pointed at the local stand-ins, one
 * adapter failing for good, after a batch was validated and approved for real: no row may be
 * half issued — a row is either whole (credential, trail, email, event) or failed, with nothing
 * left answering for it, and issued whole by the retry.
 */
describe('a cohort chunk that fails for good part-way', () => {
  let deps: ChunkDeps;
  let use: typeof import('../../shared/use-cases/batch-workflow');
  /** The deployment's learner keys, as the chunk step derives them (to look items up by their keys). */
  let learnerKeyer: LearnerKeyer;
  const failure = { Error: 'TransientError', Cause: JSON.stringify({ errorType: 'TransientError', errorMessage: 'gone for good' }) };

  beforeAll(async () => {
    const o = cloud.outputs;
    const sqs = new SQSClient({ endpoint: o.SqsEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const { QueueUrls = [] } = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'Laurel-BatchesEmailQueue' }));
    sqs.destroy();
    useLocalAdapters(o, { EMAIL_QUEUE_URL: QueueUrls[0]!, BATCH_SIGN_RATE: '50', BATCH_SIGN_CONCURRENCY: '4' });
    deps = (await import('../../shared/workflow/batch-deps')).batchChunkDeps((await import('../../shared/wiring/batch')).IssueOrFailChunkFn);
    use = await import('../../shared/use-cases/batch-workflow');
    learnerKeyer = (await import('../../shared/adapters/kms-learner-keyer')).kmsLearnerKeyer((await import('../../shared/aws/clients')).kms(), o.LearnerKeyArn);
    await learnerKeyer.ready();
  });

  /** A validated, approved batch of `n` rows, RUNNING, and its rows as the map would read them. */
  async function runningBatch(n: number) {
    const staff = await cloud.as('cy.registrar', ['designer', 'issuer', 'registrar']);
    const achievementId = uniqueId('chunk');
    await staff.request('POST', '/achievements', { id: achievementId, kind: 'badge', name: 'Chunk', description: 'd', criteria: 'c', approval: { mode: 'single' } });
    const prefix = uniqueId('cf');
    const csv = ['email', ...Array.from({ length: n }, (_, i) => `${prefix}-${i}@example.edu`)].join('\n');
    const id = (await staff.submitCohortFile({ achievementId, content: csv })).body.batch.id as string;
    await staff.waitForBatch(id, (b) => b.status === 'AWAITING_APPROVAL');
    // The approver's decision would resume the parent; the test plays its Begin step instead.
    const { bucket, rowsKey } = await use.beginIssuing(deps, id);
    const s3 = new S3Client({ endpoint: cloud.outputs.S3Endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    const text = await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: rowsKey }))).Body!.transformToString();
    s3.destroy();
    const rows = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as BatchRow);
    return { staff, id, prefix, rows, ids: rows.map((r) => rowIds(id, r.line)) };
  }

  const queueDown = { enqueue: async () => Promise.reject(new TransientError('the email queue is unreachable')) };
  const publicStatus = async (credentialId: string) => (await fetch(`${cloud.outputs.PublicApiUrl}/credentials/${credentialId}`)).status;
  const verification = async (credentialId: string) => (await (await fetch(`${cloud.outputs.PublicApiUrl}/credentials/${credentialId}/verification`)).json()) as { status: string };
  const emailsTo = async (prefix: string) => (await cloud.mail()).filter((m) => m.destination.to.some((t) => t.includes(prefix)));
  async function waitForEmails(prefix: string, n: number) {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
      if ((await emailsTo(prefix)).length >= n) break;
    }
    await new Promise((r) => setTimeout(r, 500)); // and no more than n
    return emailsTo(prefix);
  }

  it('after its records: every row counts as issued, and its trail, email (once) and event are there', async () => {
    const { staff, id, prefix, rows, ids } = await runningBatch(6);
    await expect(use.issueChunk({ ...deps, emailQueue: queueDown }, { batchId: id, attempt: 0, rows })).rejects.toBeInstanceOf(TransientError);
    expect(await emailsTo(prefix)).toHaveLength(0);

    expect(await use.recordChunkFailure(deps, { batchId: id, attempt: 0, rows }, failure)).toEqual({ issued: 6, failed: 0, skipped: 0 });
    expect((await staff.request('GET', `/batches/${id}`)).body.progress).toMatchObject({ issued: 6, failed: 0 });
    expect(await waitForEmails(prefix, 6)).toHaveLength(6);
    for (const { issuanceId, credentialId } of ids) {
      expect((await verification(credentialId)).status).toBe('valid');
      const trail = await staff.request('GET', `/issuances/${issuanceId}/audit`);
      expect(trail.status).toBe(200);
      expect(trail.body).toMatchObject({ chain: { valid: true }, issuedIn: { subject: { type: 'chunk' }, row: { issuanceId, credentialId } } });
      expect(trail.body.events[0]).toMatchObject({ action: 'ISSUED_IN_BATCH' });
    }
    const events = (await cloud.events()).filter((e) => e['detail-type'] === 'CredentialIssued' && ids.some((i) => i.issuanceId === e.detail.issuanceId));
    expect(new Set(events.map((e) => e.detail.issuanceId)).size).toBe(6);

    // ChunkFailed run again (a retry of the recording step): nothing more happens.
    expect(await use.recordChunkFailure(deps, { batchId: id, attempt: 0, rows }, failure)).toEqual({ issued: 6, failed: 0, skipped: 0 });
    expect(await waitForEmails(prefix, 6)).toHaveLength(6);
  });

  it('before its issuance records: rows fail, nothing answers for them, and the retry issues them whole', async () => {
    const { staff, id, prefix, rows, ids } = await runningBatch(5);
    // DynamoDB refuses the issuance records for good; the credentials and index entries went in first.
    const refusing = { ...deps.issuances, commitIssuedRows: () => Promise.reject(new TransientError('DynamoDB left writes unprocessed; try again.')) };
    await expect(use.issueChunk({ ...deps, issuances: refusing }, { batchId: id, attempt: 0, rows })).rejects.toBeInstanceOf(TransientError);
    const half = ids[0]!;
    expect(await publicStatus(half.credentialId)).toBe(200); // served: a credential nobody was issued
    const orphan = await (await fetch(`${cloud.outputs.PublicApiUrl}/credentials/${half.credentialId}`, { headers: { accept: 'application/ld+json' } })).text();

    const tally = await use.recordChunkFailure(deps, { batchId: id, attempt: 0, rows }, failure);
    expect(tally).toEqual({ issued: 0, failed: 5, skipped: 0 });
    // The chunk's audit event had named the rows; its trail now says they were not issued, and why.
    const chunkTrail = chunkSubject(id, 0, rows[0]!.line);
    const events = await deps.audit.list(chunkTrail);
    expect(events.map((e) => e.action)).toEqual(['ISSUED_IN_BATCH', 'NOT_ISSUED']);
    expect(events[1]!.after).toMatchObject({ reason: expect.stringContaining('gone for good'), rows: ids.map((i, n) => ({ line: rows[n]!.line, ...i })) });
    expect(verifyAuditChain(chunkTrail, events)).toMatchObject({ valid: true, length: 2 });
    await use.recordChunkFailure(deps, { batchId: id, attempt: 0, rows }, failure); // recorded: nothing more
    expect(await deps.audit.list(chunkTrail)).toHaveLength(2);
    for (const [i, { credentialId }] of ids.entries()) {
      expect(await publicStatus(credentialId)).toBe(404);
      const index = await cloud.table.send(new QueryCommand({ TableName: cloud.outputs.TableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': learnerKeys.partition(learnerKeyer, { email: rows[i]!.recipient.email }) } }));
      expect(index.Items).toEqual([]);
    }
    const report = String((await staff.request('GET', `/batches/${id}/report`)).body);
    expect(report.split('\r\n').filter((l) => l.includes(prefix)).every((l) => l.includes('failed') && l.includes('gone for good'))).toBe(true);
    expect(await emailsTo(prefix)).toHaveLength(0);

    // The failed rows gave their learners' holdings back: one learner is issued it on their own meanwhile.
    const achievementId = (await staff.request('GET', `/batches/${id}`)).body.achievementId as string;
    const own = await staff.request('POST', '/issuances', { achievementId, recipient: { email: rows[4]!.recipient.email } });
    expect(own.status).toBe(202);

    // retry-failed runs the rows as attempt 1: each row the failed attempt stored is signed again
    // with that attempt's issue time and status position (kept in the document's metadata), so
    // its bytes match and nothing is overwritten; every row issues, once — but the learner who
    // holds it now, whose row is skipped, naming their issuance.
    expect(await use.issueChunk(deps, { batchId: id, attempt: 1, rows })).toEqual({ issued: 4, failed: 0, skipped: 1 });
    expect(await (await fetch(`${cloud.outputs.PublicApiUrl}/credentials/${half.credentialId}`, { headers: { accept: 'application/ld+json' } })).text()).toBe(orphan);
    const retried = String((await staff.request('GET', `/batches/${id}/report`)).body).split('\r\n').filter((l) => l.includes(prefix));
    expect(retried.filter((l) => l.includes('skipped') && l.includes(own.body.id))).toHaveLength(1);
    expect(await publicStatus(ids[4]!.credentialId)).toBe(404);
    expect(await waitForEmails(prefix, 4)).toHaveLength(4);
    for (const { issuanceId, credentialId } of ids.slice(0, 4)) {
      expect((await verification(credentialId)).status).toBe('valid');
      expect((await staff.request('GET', `/issuances/${issuanceId}/audit`)).body).toMatchObject({ chain: { valid: true }, issuedIn: { subject: { id: `${id}/1/${rows[0]!.line}` } } });
    }
  });

  it('a row that fails on its own gives its learner’s holding back; the others keep theirs', async () => {
    const { staff, id, rows, ids } = await runningBatch(3);
    const denied = Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    const artifacts: ChunkDeps['artifacts'] = {
      ...deps.artifacts,
      createOnly: (key, body, options) => (key.includes(ids[1]!.credentialId) ? Promise.reject(denied) : deps.artifacts.createOnly(key, body, options)),
    };
    expect(await use.issueChunk({ ...deps, artifacts }, { batchId: id, attempt: 0, rows })).toEqual({ issued: 2, failed: 1, skipped: 0 });
    const { achievementId, achievementVersion } = (await staff.request('GET', `/batches/${id}`)).body as { achievementId: string; achievementVersion: number };
    const holders = await Promise.all(
      rows.map(async (r) => (await cloud.table.send(new GetCommand({ TableName: cloud.outputs.TableName, Key: holdingKeys.item(learnerKeyer, achievementId, achievementVersion, r.recipient.email) }))).Item?.issuanceId),
    );
    expect(holders).toEqual([ids[0]!.issuanceId, undefined, ids[2]!.issuanceId]);
    expect((await staff.request('POST', '/issuances', { achievementId, recipient: { email: rows[1]!.recipient.email } })).status).toBe(202);
    expect((await staff.request('POST', '/issuances', { achievementId, recipient: { email: rows[0]!.recipient.email } })).status).toBe(409);
  });

  it('rows with no recorded outcome in a batch that failed while issuing are retried, not lost; one issued already is not signed again', async () => {
    const { staff, id, prefix, rows, ids } = await runningBatch(6);
    // Lines 1–2: a chunk that went through. Lines 3–4: a chunk whose records went in, whose email
    // queue failed, and whose failure was never recorded. Lines 5–6: a chunk that never ran.
    expect(await use.issueChunk(deps, { batchId: id, attempt: 0, rows: rows.slice(0, 2) })).toEqual({ issued: 2, failed: 0, skipped: 0 });
    await expect(use.issueChunk({ ...deps, emailQueue: queueDown }, { batchId: id, attempt: 0, rows: rows.slice(2, 4) })).rejects.toBeInstanceOf(TransientError);
    const signed = await (await fetch(`${cloud.outputs.PublicApiUrl}/credentials/${ids[2]!.credentialId}`)).text();
    await use.finishBatch(deps, id, 'FAILED', { Error: 'States.ItemReaderFailed', Cause: 'the map failed' });

    const failedBatch = (await staff.request('GET', `/batches/${id}`)).body;
    expect(failedBatch).toMatchObject({ status: 'FAILED', progress: { issued: 2, failed: 0 } });
    const report = String((await staff.request('GET', `/batches/${id}/report`)).body).split('\r\n').filter((l) => l.includes(prefix));
    expect(report.filter((l) => l.includes('not issued') && l.includes('retry-failed runs it again'))).toHaveLength(4);

    const retried = await staff.request('POST', `/batches/${id}/retry-failed`);
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ status: 'RUNNING', attempt: 1 });
    expect(retried.body.failure).toBeUndefined();
    const done = await staff.waitForBatch(id, (b) => b.status === 'COMPLETED' && b.progress.emailsPending === 0);
    expect(done.progress).toMatchObject({ issued: 6, failed: 0, delivered: 6 });
    expect(await waitForEmails(prefix, 6)).toHaveLength(6);
    // Lines 3–4 keep the credential their first attempt signed, and its trail.
    expect(await (await fetch(`${cloud.outputs.PublicApiUrl}/credentials/${ids[2]!.credentialId}`)).text()).toBe(signed);
    expect((await staff.request('GET', `/issuances/${ids[2]!.issuanceId}/audit`)).body).toMatchObject({ chain: { valid: true }, issuedIn: { subject: { id: `${id}/0/${rows[2]!.line}` } } });
    for (const { credentialId } of ids) expect((await verification(credentialId)).status).toBe('valid');
    expect((await staff.request('POST', `/batches/${id}/retry-failed`)).status).toBe(409);
  });
});
