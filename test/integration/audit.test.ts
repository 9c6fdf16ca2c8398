import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { anchorKeys, auditKeys } from '../../shared/entities/audit';
import { localCloud, uniqueId } from '../support/cloud';

const cloud = localCloud();

describe('the audit trail', () => {
  it('answers who decided, on what, and when — hash-chained, for the issuance and the credential', async () => {
    const staff = await cloud.as('una.issuer', ['designer', 'issuer']);
    const achievementId = uniqueId('audit');
    await staff.request('POST', '/achievements', { id: achievementId, kind: 'course', name: 'Audited', description: 'd', criteria: 'c', approval: { mode: 'single' } });
    const { body } = await staff.request('POST', '/issuances', { achievementId, recipient: { email: `${uniqueId('a')}@example.org` } });
    await staff.waitForIssuance(body.id, (i) => i.status === 'AWAITING_APPROVAL');
    const approver = await cloud.as('abe.approver', ['approver']);
    await approver.request('POST', `/issuances/${body.id}/approve`, { comment: 'Exam 78%, above the 70% bar.' });
    const issued = await staff.waitForIssuance(body.id, (i) => i.status === 'ISSUED');

    const auditor = await cloud.as('aud.itor', ['auditor']);
    const trail = await auditor.request('GET', `/issuances/${body.id}/audit`);
    expect(trail.status).toBe(200);
    expect(trail.body.chain).toEqual({ valid: true, length: trail.body.events.length });
    expect(trail.body.events.map((e: any) => e.action)).toEqual(['REQUESTED', 'EVIDENCE_CHECKED', 'APPROVAL_REQUESTED', 'APPROVED', 'SIGNED', 'STORED', 'DELIVERED', 'ISSUED']);
    const approved = trail.body.events.find((e: any) => e.action === 'APPROVED');
    expect(approved).toMatchObject({ actor: { kind: 'staff', name: 'abe.approver' }, reason: 'Exam 78%, above the 70% bar.', before: { status: 'AWAITING_APPROVAL' } });
    expect(trail.body.events[0]).toMatchObject({ actor: { kind: 'staff', name: 'una.issuer' }, after: { achievementVersion: 1 } });
    expect(trail.body.events.find((e: any) => e.action === 'EVIDENCE_CHECKED').after.rules.length).toBeGreaterThan(0);

    const registrar = await cloud.as('rhea.registrar', ['registrar']);
    await registrar.request('POST', `/credentials/${issued.credentialId}/revoke`, { reason: 'Awarded in error' });
    const credentialTrail = await auditor.request('GET', `/credentials/${issued.credentialId}/audit`);
    expect(credentialTrail.body.events.map((e: any) => [e.action, e.actor.name, e.before?.status, e.after?.status])).toEqual([
      ['ISSUED', 'issuance workflow', undefined, 'ACTIVE'],
      ['REVOKED', 'rhea.registrar', 'ACTIVE', 'REVOKED'],
    ]);
    expect(credentialTrail.body.chain.valid).toBe(true);

    // Someone with direct database access edits an event, its sealed reason, then deletes one: each is detected.
    const key = auditKeys.event({ type: 'issuance', id: body.id }, 4);
    const { Item } = await cloud.table.send(new GetCommand({ TableName: cloud.outputs.TableName, Key: key }));
    await cloud.table.send(new PutCommand({ TableName: cloud.outputs.TableName, Item: { ...Item, reason: 'Exam 58%.' } }));
    const injected = await auditor.request('GET', `/issuances/${body.id}/audit`);
    expect(injected.body.chain).toMatchObject({ valid: false, problem: 'the details of event 4 were altered' });
    await cloud.table.send(new PutCommand({ TableName: cloud.outputs.TableName, Item: { ...Item, after: { ...Item!.after, status: 'REJECTED' } } }));
    const edited = await auditor.request('GET', `/issuances/${body.id}/audit`);
    expect(edited.body.chain).toMatchObject({ valid: false, problem: 'event 4 was altered' });
    await cloud.table.send(new DeleteCommand({ TableName: cloud.outputs.TableName, Key: auditKeys.event({ type: 'issuance', id: body.id }, 2) }));
    const gap = await auditor.request('GET', `/issuances/${body.id}/audit`);
    expect(gap.body.chain).toMatchObject({ valid: false, problem: 'event 2 is missing (found 3)' });
  });

  it('is readable by auditors, not by approvers', async () => {
    const approver = await cloud.as('abe.approver', ['approver']);
    expect((await approver.request('GET', '/issuances/00000000-0000-4000-8000-000000000000/audit')).status).toBe(403);
    const auditor = await cloud.as('aud.itor', ['auditor']);
    expect((await auditor.request('GET', '/issuances/00000000-0000-4000-8000-000000000000/audit')).status).toBe(404);
  });

  it('anchors every event outside the table, and audit:verify finds a trail cut short', async () => {
    const issued = await cloud.issueAuto('una.issuer', { kind: 'course', name: 'Anchored', description: 'd', criteria: 'c' }, { recipient: { email: `${uniqueId('an')}@example.org` } });
    expect(issued.status).toBe('ISSUED');
    const subject = { type: 'issuance' as const, id: issued.id };
    const s3 = new S3Client({ endpoint: cloud.outputs.S3Endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    const auditor = await cloud.as('aud.itor', ['auditor']);
    // The last step appends its event a moment after the status shows, and anchors it just after: poll.
    const anchored = async () => ((await s3.send(new ListObjectsV2Command({ Bucket: cloud.outputs.ArchiveBucketName, Prefix: anchorKeys.trail(subject) }))).Contents ?? []).map((o) => o.Key);
    let trail = await auditor.request('GET', `/issuances/${issued.id}/audit`);
    for (let i = 0; i < 50 && (trail.body.events.at(-1)?.action !== 'ISSUED' || (await anchored()).length < trail.body.events.length); i++) {
      await new Promise((r) => setTimeout(r, 100));
      trail = await auditor.request('GET', `/issuances/${issued.id}/audit`);
    }
    // One anchor per event, each its sequence number and hash: ids and hashes, nobody's data.
    expect(await anchored()).toEqual(trail.body.events.map((e: any) => anchorKeys.anchor(subject, e.seq)));
    const last = trail.body.events.at(-1);
    const anchor = JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: cloud.outputs.ArchiveBucketName, Key: anchorKeys.anchor(subject, last.seq) }))).Body!.transformToString());
    expect(anchor).toEqual({ subject, seq: last.seq, hash: last.hash, at: last.at });

    const outputs = path.join(mkdtempSync(path.join(tmpdir(), 'laurel-audit-')), 'outputs.json');
    writeFileSync(outputs, JSON.stringify({ Laurel: cloud.outputs }));
    const verify = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'local/audit-verify.ts', '--outputs', outputs, ...args]).then(
        (r) => ({ code: 0, out: r.stdout }),
        (e) => ({ code: e.code as number, out: `${e.stdout}${e.stderr}` }),
      );
    const intact = await verify('--issuance', issued.id);
    expect(intact.out).toContain(`issuance ${issued.id}: ${trail.body.events.length} anchors agree`);
    expect(intact.code).toBe(0);

    // Someone with database access deletes the last event: the chain alone still verifies (a
    // shorter chain is a chain), its anchors do not.
    await cloud.table.send(new DeleteCommand({ TableName: cloud.outputs.TableName, Key: auditKeys.event(subject, last.seq) }));
    expect((await auditor.request('GET', `/issuances/${issued.id}/audit`)).body.chain.valid).toBe(true);
    const cut = await verify('--issuance', issued.id);
    expect(cut.code).toBe(1);
    expect(cut.out).toContain(`event ${last.seq} was anchored on ${last.at} but is not in the trail (${last.seq - 1} events): the trail was cut`);
    const all = await verify('--all');
    expect(all.code).toBe(1);
    expect(all.out).toMatch(/\d+ anchored trails/);
  });
});

