import { parse } from 'csv-parse/sync';
import { DescribeKeyCommand, DisableKeyCommand, EnableKeyCommand, KMSClient, ListKeysCommand, ListResourceTagsCommand } from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { localCloud, uniqueId } from '../support/cloud';

const cloud = localCloud();
const ended = (b: { status: string }) => ['COMPLETED', 'INVALID', 'REJECTED', 'CANCELLED', 'EXPIRED', 'FAILED'].includes(b.status);

/** A cohort of `n` learners, with deliberate problems at known lines. */
function cohortCsv(prefix: string, n: number) {
  const lines = ['Email,Name,Student Number,Score,Completion Date,Evidence URL,Narrative'];
  for (let i = 0; i < n; i++) lines.push(`${prefix}-${i}@example.edu,Learner ${i},S${prefix.length}${i},${70 + (i % 30)},2026-06-${String(1 + (i % 28)).padStart(2, '0')},https://portfolio.example.edu/${i},"Capstone, part ${i}"`);
  return lines;
}

describe('cohort batches', () => {
  it('validates a file with bad rows, issues the valid ones once, reports every row, and refuses the same file twice', async () => {
    const staff = await cloud.as('cora.issuer', ['designer', 'issuer', 'registrar']);
    const achievementId = uniqueId('cohort');
    expect(
      (await staff.request('POST', '/achievements', {
        id: achievementId,
        kind: 'course',
        name: 'Data Literacy',
        description: 'd',
        criteria: 'c',
        resultDescriptions: [{ key: 'final', name: 'Final score', resultType: 'Percent' }],
        rules: [{ kind: 'minimumScore', resultKey: 'final', minimum: 60 }],
        approval: { mode: 'auto' },
      })).status,
    ).toBe(201);

    const template = await staff.request('GET', `/achievements/${achievementId}/batch-template`);
    expect(template.status).toBe(200);
    expect(template.headers.get('content-type')).toContain('text/csv');
    expect(String(template.body).split('\r\n')[0]).toBe('email,score,name,publish_name,student_number,completion_date,evidence_url,narrative');

    const prefix = uniqueId('b');
    const lines = cohortCsv(prefix, 300);
    lines[5] = `not-an-email,Bad Email,X1,80,2026-06-01,,`; // line 6
    lines[10] = `${prefix}-10@example.edu,Low Score,X2,42,2026-06-01,,`; // line 11: below the minimum
    lines[20] = `${prefix}-3@example.edu,Duplicate,X3,90,2026-06-01,,`; // line 21: duplicate of line 5
    lines[30] = `${prefix}-30@example.edu,No Score,X4,,2026-06-01,,`; // line 31: required column empty
    const csv = `${lines.join('\n')}\n`;
    const created = await staff.submitCohortFile({ achievementId, content: csv, cohort: { intake: '2026-autumn', campus: 'North' } });
    expect(created.status).toBe(201);
    const id = created.body.batch.id as string;

    // Invalid rows and onInvalidRows=stop: nothing is issued until staff decide.
    const decision = await staff.waitForBatch(id, (b) => b.waitingFor || ended(b));
    expect(decision.status).toBe('NEEDS_DECISION');
    expect(decision.validation).toMatchObject({ rows: 300, valid: 296, invalid: 4 });
    expect(decision.validation.problems.map((p: { line: number; column: string }) => [p.line, p.column])).toEqual([
      [6, 'email'],
      [11, 'score'],
      [21, 'email'],
      [31, 'score'],
    ]);
    expect(decision.validation.problems[2].problem).toContain('duplicate of line 5');
    expect(JSON.stringify(decision.validation.sample)).not.toContain(`${prefix}-0@example.edu`);
    expect(decision.progress).toMatchObject({ issued: 0, queued: 296 });

    // The same file again: the same batch, nothing new.
    const again = await staff.submitCohortFile({ achievementId, content: csv });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ resubmitted: true, batch: { id } });

    expect((await staff.request('POST', `/batches/${id}/start`)).status).toBe(202);
    const done = await staff.waitForBatch(id, (b) => ended(b) && b.progress.emailsPending === 0, 180_000);
    expect(done.status).toBe('COMPLETED');
    expect(done.progress).toMatchObject({ rows: 300, issued: 296, delivered: 296, failed: 0, skipped: 4, queued: 0, phase: 'done' });

    const report = await staff.request('GET', `/batches/${id}/report`);
    expect(report.status).toBe(200);
    const [header, ...rows] = parse(String(report.body)) as string[][];
    expect(header).toEqual(['line', 'email', 'name', 'student_number', 'outcome', 'reason', 'credential_url', 'issuance_id', 'email_status']);
    expect(rows).toHaveLength(300);
    const row = (line: number) => rows.find((r) => r[0] === String(line))!;
    expect(row(6)[4]).toBe('invalid');
    expect(row(31)[5]).toBe('score: required, but empty');
    expect(row(2)).toMatchObject({ 4: 'delivered', 8: 'sent' });
    const urls = rows.map((r) => r[6]).filter(Boolean);
    expect(new Set(urls).size).toBe(296);

    // A row's trail starts with its chunk's one event, which names the row; every chain verifies,
    // and a credential's trail reads the same way.
    const issuanceId = row(2)[7]!;
    const trail = await staff.request('GET', `/issuances/${issuanceId}/audit`);
    expect(trail.status).toBe(200);
    expect(trail.body.chain).toMatchObject({ valid: true, length: 2 });
    expect(trail.body.events.map((e: { subject: { type: string }; action: string }) => [e.subject.type, e.action])).toEqual([
      ['chunk', 'ISSUED_IN_BATCH'],
      ['issuance', 'DELIVERED'],
    ]);
    expect(trail.body.issuedIn.row).toMatchObject({ line: 2, issuanceId });
    expect(trail.body.events[0].after).toMatchObject({ batchId: id, attempt: 0, status: 'ACTIVE' });
    const credentialId = trail.body.issuedIn.row.credentialId as string;
    const credentialTrail = await staff.request('GET', `/credentials/${credentialId}/audit`);
    expect(credentialTrail.status).toBe(200);
    expect(credentialTrail.body).toMatchObject({ chain: { valid: true, length: 1 }, issuedIn: { subject: trail.body.issuedIn.subject, row: { credentialId, line: 2 } } });

    // Issued once: one email each, and every credential verifies.
    const mail = (await cloud.mail()).filter((m) => m.destination.to.some((t) => t.includes(`${prefix}-`)));
    expect(mail).toHaveLength(296);
    expect(new Set(mail.map((m) => m.destination.to[0])).size).toBe(296);
    const verification = await fetch(`${urls[0]!.replace(/^https?:\/\/[^/]+\//, `${cloud.outputs.PublicApiUrl}/`)}/verification`, { headers: { accept: 'application/json' } });
    expect(((await verification.json()) as { status: string }).status).toBe('valid');

    // A second file with learners already holding the achievement: they are reported, not issued.
    const overlap = `${lines[0]}\n${lines[1]}\n${prefix}-new@example.edu,New,S9,88,2026-06-01,,\n`;
    const second = await staff.submitCohortFile({ achievementId, content: overlap, onInvalidRows: 'issue-valid' });
    const secondDone = await staff.waitForBatch(second.body.batch.id, (b) => ended(b) && b.progress.emailsPending === 0);
    expect(secondDone.progress).toMatchObject({ issued: 1, skipped: 1 });
    expect(secondDone.validation.problems[0].problem).toContain('already holds');
  }, 240_000);

  it('cancels a batch waiting for its decision: nothing is issued, every row says so', async () => {
    const staff = await cloud.as('cora.issuer', ['designer', 'issuer']);
    const achievementId = uniqueId('cancel');
    await staff.request('POST', '/achievements', { id: achievementId, kind: 'badge', name: 'C', description: 'd', criteria: 'c', approval: { mode: 'auto' } });
    const prefix = uniqueId('c');
    const csv = `email,name\n${prefix}-1@example.edu,One\nnope,Two\n${prefix}-3@example.edu,Three\n`;
    const created = await staff.submitCohortFile({ achievementId, content: csv });
    const id = created.body.batch.id as string;
    await staff.waitForBatch(id, (b) => b.waitingFor?.kind === 'start');
    const cancelled = await staff.request('POST', `/batches/${id}/cancel`, { reason: 'Wrong intake' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'CANCELLED', cancellation: { reason: 'Wrong intake' }, progress: { issued: 0, cancelled: 2, queued: 0 } });
    expect((await staff.request('POST', `/batches/${id}/start`)).status).toBe(409);
    expect((await staff.request('POST', `/batches/${id}/cancel`, {})).status).toBe(409);
    const [, ...rows] = parse(String((await staff.request('GET', `/batches/${id}/report`)).body)) as string[][];
    expect(rows.map((r) => r[4])).toEqual(['cancelled', 'invalid', 'cancelled']);
    expect((await cloud.mail()).filter((m) => m.destination.to.some((t) => t.includes(prefix)))).toHaveLength(0);
  });

  it('records rows that fail (the signing key disabled) and issues them, once, on retry-failed', async () => {
    const admin = await cloud.as('ada.admin', ['admin']);
    const issuerId = uniqueId('iss').toLowerCase();
    expect((await admin.request('POST', '/issuers', { issuerId, name: 'Night School', url: 'https://night.example.edu' })).status).toBe(201);
    const kms = new KMSClient({ endpoint: cloud.outputs.KmsEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const { Keys = [] } = await kms.send(new ListKeysCommand({}));
    let keyId: string | undefined;
    for (const k of Keys) {
      const tags = (await kms.send(new ListResourceTagsCommand({ KeyId: k.KeyId }))).Tags ?? [];
      const spec = (await kms.send(new DescribeKeyCommand({ KeyId: k.KeyId }))).KeyMetadata?.KeySpec;
      if (tags.some((t) => t.TagKey === 'laurel:issuer' && t.TagValue === issuerId) && spec === 'ECC_NIST_EDWARDS25519') keyId = k.KeyId;
    }
    expect(keyId).toBeDefined();
    const achievementId = uniqueId('retry');
    await admin.request('POST', '/achievements', { id: achievementId, issuerId, kind: 'badge', name: 'R', description: 'd', criteria: 'c', approval: { mode: 'auto' } });
    const prefix = uniqueId('r');
    const csv = ['email', ...Array.from({ length: 30 }, (_, i) => `${prefix}-${i}@example.edu`)].join('\n');

    await kms.send(new DisableKeyCommand({ KeyId: keyId }));
    const created = await admin.submitCohortFile({ achievementId, content: csv, onInvalidRows: 'issue-valid' });
    const id = created.body.batch.id as string;
    const failed = await admin.waitForBatch(id, (b) => b.status === 'COMPLETED');
    expect(failed.progress).toMatchObject({ issued: 0, failed: 30 });
    const [, ...before] = parse(String((await admin.request('GET', `/batches/${id}/report`)).body)) as string[][];
    expect(before.every((r) => r[4] === 'failed' && r[5]!.includes('DisabledException'))).toBe(true);

    await kms.send(new EnableKeyCommand({ KeyId: keyId }));
    const retried = await admin.request('POST', `/batches/${id}/retry-failed`);
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ status: 'RUNNING', attempt: 1, progress: { failed: 0 } });
    expect((await admin.request('POST', `/batches/${id}/retry-failed`)).status).toBe(409);
    const done = await admin.waitForBatch(id, (b) => b.status === 'COMPLETED' && b.progress.emailsPending === 0);
    expect(done.progress).toMatchObject({ issued: 30, failed: 0, delivered: 30 });
    const [, ...after] = parse(String((await admin.request('GET', `/batches/${id}/report`)).body)) as string[][];
    expect(after.every((r) => r[4] === 'delivered')).toBe(true);
    expect((await admin.request('POST', `/batches/${id}/retry-failed`)).status).toBe(409);
    expect((await cloud.mail()).filter((m) => m.destination.to.some((t) => t.includes(prefix)))).toHaveLength(30);
  });
});
