import { GetObjectCommand, ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { signedHeaders } from '../../shared/integrations/webhook-signature';
import { localCloud, uniqueId } from '../support/cloud';

/**
 * Erasing a learner (issue #17) end to end on the local cloud: the admin API's erasure against
 * DynamoDB Local, the versioned S3 stand-in and the audit writer. The learner has an issuance
 * issued (with an evidence file uploaded twice, their name published), one rejected, one
 * cancelled by staff, one still awaiting approval, a row in a completed cohort under their
 * student number, and a completion their LMS reported for a course not mapped (failed, before
 * any issuance named them). Afterwards the whole table and every version of their files are searched for
 * any trace of them; the credential still verifies.
 */
const cloud = localCloud();
const s3 = new S3Client({ endpoint: cloud.outputs.S3Endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
const finished = (i: { status: string }) => ['ISSUED', 'FAILED', 'REJECTED', 'EXPIRED', 'CANCELLED'].includes(i.status);

/** Every version of every object under a prefix, with its text. */
async function allVersions(prefix: string) {
  const { Versions = [] } = await s3.send(new ListObjectVersionsCommand({ Bucket: cloud.outputs.BucketName, Prefix: prefix }));
  return Promise.all(
    Versions.map(async (v) => ({ key: v.Key!, text: await (await s3.send(new GetObjectCommand({ Bucket: cloud.outputs.BucketName, Key: v.Key!, VersionId: v.VersionId! }))).Body!.transformToString() })),
  );
}

/** Every item of the table (shared with the other suites: the learner's unique identifiers tell theirs apart). */
async function wholeTable() {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await cloud.table.send(new ScanCommand({ TableName: cloud.outputs.TableName, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

describe("a learner's erasure through the admin API", () => {
  it('leaves no trace of them in the table or in any version of their files, and their credential still verifies', async () => {
    const uid = uniqueId('erin');
    const email = `${uid}@example.edu`;
    const studentId = `S-${uid}`;
    const name = `Erin ${uid}`;
    const traces = [email, studentId, name, `${uid}@old-mail.example.org`].map((t) => t.toLowerCase());
    const hasTrace = (text: string) => traces.some((t) => text.toLowerCase().includes(t));
    const staff = await cloud.as('era.staff', ['designer', 'issuer', 'registrar']);
    const achievement = async (approval: object) => {
      const id = uniqueId('erasable');
      expect((await staff.request('POST', '/achievements', { id, kind: 'course', name: 'Erasable', description: 'd', criteria: 'c', approval })).status).toBe(201);
      return id;
    };
    const request = async (achievementId: string, extra: object = {}) => (await staff.request('POST', '/issuances', { achievementId, recipient: { email, name, studentId, publishName: true }, ...extra })).body;

    // Issued, with an evidence file uploaded twice (two versions) and a narrative about them.
    const file = Buffer.from(`the portfolio of ${name}`);
    const offer = (await staff.request('POST', '/evidence-uploads', { fileName: `${uid}-portfolio.pdf`, contentType: 'application/pdf', size: file.length })).body;
    for (let n = 0; n < 2; n++) expect((await fetch(offer.uploadUrl, { method: 'PUT', headers: offer.headers, body: file })).status).toBe(200);
    const issued = await staff.waitForIssuance((await request(await achievement({ mode: 'auto' }), { evidenceFiles: [{ uploadId: offer.uploadId }], evidence: [{ narrative: `${name} built it` }] })).id, finished);
    expect(issued.status).toBe('ISSUED');
    // Rejected by an approver, with a reason that names them; cancelled by staff; one still waiting.
    const single = { mode: 'single', role: 'approver' };
    const waitForApproval = async (id: string) => staff.waitForIssuance(id, (i) => i.status === 'AWAITING_APPROVAL' || finished(i));
    const rejected = (await waitForApproval((await request(await achievement(single))).id)).id;
    const approver = await cloud.as('apo.approver', ['approver']); // not the requester: separation of duties
    expect((await approver.request('POST', `/issuances/${rejected}/reject`, { reason: `${name} copied the essay` })).status).toBe(200);
    const cancelled = (await waitForApproval((await request(await achievement(single))).id)).id;
    expect((await staff.request('POST', `/issuances/${cancelled}/cancel`, { reason: `${name} asked to wait` })).status).toBe(200);
    const waiting = (await waitForApproval((await request(await achievement(single))).id)).id;
    // A cohort naming them by student number, under an old address.
    const cohortAchievement = await achievement({ mode: 'auto' });
    const csv = ['email,name,student_number', `${uid}-peer@example.edu,Pat Peer,P-${uid}`, `${uid}@old-mail.example.org,${name},${studentId}`, ''].join('\n');
    const batchId = (await staff.submitCohortFile({ achievementId: cohortAchievement, content: csv })).body.batch.id as string;
    const batch = await staff.waitForBatch(batchId, (b) => ['COMPLETED', 'FAILED'].includes(b.status) && b.progress.emailsPending === 0, 120_000);
    expect(batch.status).toBe('COMPLETED');
    // A completion for a course not mapped: kept as FAILED, found by the learner index alone.
    const admin = await cloud.as('ada.admin', ['admin']);
    const source = (await admin.request('POST', '/completion-sources', { id: uniqueId('lms'), name: 'LMS', kind: 'webhook' })).body;
    const reported = JSON.stringify({ source: source.id, course: { id: 'UNMAPPED-1', name: 'Unmapped' }, learner: { email, name, studentNumber: studentId }, completedAt: '2026-11-30T10:00:00Z' });
    const sent = await fetch(`${cloud.outputs.AdminApiUrl}/inbound/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...signedHeaders(source.secret, reported, new Date()) }, body: reported });
    const failedCompletion = (await sent.json()) as { completionId: string; status: string };
    expect(failedCompletion.status).toBe('FAILED');
    expect(hasTrace(JSON.stringify(await wholeTable()))).toBe(true);

    // Only an admin erases; the request is checked like any other.
    expect((await staff.request('POST', '/learners/erasures', { email, reason: 'x' })).status).toBe(403);
    const bad = await admin.request('POST', '/learners/erasures', { reason: 'no identifier' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toContain('body.email');

    let { status, body: erasure } = await admin.request('POST', '/learners/erasures', { email, studentId, reason: 'GDPR request 2026-118' });
    expect(status, JSON.stringify(erasure)).toBe(201);
    for (let n = 0; erasure.status === 'RUNNING' && n < 20; n++) {
      await new Promise((r) => setTimeout(r, 1000));
      erasure = (await admin.request('POST', `/learners/erasures/${erasure.id}/continue`)).body;
    }
    expect(erasure).toMatchObject({ status: 'COMPLETED', namedCredentials: [issued.credentialId] });
    expect(erasure.counts).toMatchObject({ issuances: 5, cancelled: 1, evidenceVersions: 2, batchesChanged: 1, completions: 1 });

    // Subscribers hear of it by ids alone.
    const announced = (await cloud.events()).filter((e) => e['detail-type'] === 'LearnerErased' && e.detail.erasureId === erasure.id);
    expect(announced).toHaveLength(1);
    expect(announced[0]!.detail.issuanceIds).toEqual(expect.arrayContaining([issued.id, rejected, cancelled, waiting]));
    expect(announced[0]!.detail.credentialIds).toEqual(expect.arrayContaining([issued.credentialId]));
    expect(hasTrace(JSON.stringify(announced[0]))).toBe(false);
    // Nowhere in the table (issuances, index, holdings, trails and their details, batch records, uploads).
    const leftovers = (await wholeTable()).filter((item) => hasTrace(JSON.stringify(item)));
    expect(leftovers.map((i) => `${i.PK} ${i.SK}`)).toEqual([]);
    // Nowhere in any version of their evidence or of the cohort's files.
    expect(await allVersions(`evidence/${offer.uploadId}`)).toEqual([]);
    const cohortFiles = await allVersions(`batches/${batchId}/`);
    expect(cohortFiles.length).toBeGreaterThan(0);
    expect(cohortFiles.filter((f) => hasTrace(f.text)).map((f) => f.key)).toEqual([]);
    expect(cohortFiles.find((f) => f.key.endsWith('source.csv'))!.text.split('\n')).toEqual(['email,name,student_number', `${uid}-peer@example.edu,Pat Peer,P-${uid}`, '', '']);

    // Each record still tells what happened, and its trail still verifies.
    for (const id of [issued.id, rejected, cancelled, waiting]) {
      const { body } = await staff.request('GET', `/issuances/${id}`);
      expect(body.recipient, id).toEqual({ erased: true });
      const audit = (await staff.request('GET', `/issuances/${id}/audit`)).body;
      expect(audit.chain.valid, id).toBe(true);
      expect(audit.events.at(-1).action).toBe('LEARNER_ERASED');
    }
    expect((await staff.request('GET', `/issuances/${waiting}`)).body.status).toBe('CANCELLED');
    // The completion: its learner gone, so a replay has nothing to request for.
    expect((await staff.request('POST', `/completions/${failedCompletion.completionId}/replay`, {})).status).toBe(409);
    // The credential: what verification needs stays.
    const verification = await (await fetch(`${cloud.outputs.PublicApiUrl}/credentials/${issued.credentialId}/verification`)).json();
    expect(verification).toMatchObject({ credentialId: issued.credentialId, status: 'valid' });
    // An auditor reads the erasure: counts, no names.
    const auditor = await cloud.as('aud.auditor', ['auditor']);
    const read = await auditor.request('GET', `/learners/erasures/${erasure.id}`);
    expect(read.body).toEqual(erasure);
    expect(hasTrace(JSON.stringify(read.body))).toBe(false);
  });
});
