import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { localCloud, uniqueId } from '../support/cloud';

const run = promisify(execFile);

/** The CLI reads an outputs file as `npm start` writes it: this run's cloud's, in a folder of its own. */
const OUTPUTS = (() => {
  const { outputs, identity } = inject('cloud');
  const dir = mkdtempSync(path.join(tmpdir(), 'laurel-outputs-'));
  writeFileSync(path.join(dir, 'outputs.json'), JSON.stringify({ Laurel: outputs }));
  writeFileSync(path.join(dir, 'identity.json'), JSON.stringify(identity), { mode: 0o600 });
  return path.join(dir, 'outputs.json');
})();

/** Runs `laurel …` as a staff member would: a separate process with its own signed-in session. */
function persona() {
  const home = mkdtempSync(path.join(tmpdir(), 'laurel-cli-'));
  return async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run('node', ['cli/bin.mjs', ...args, '--outputs', OUTPUTS], { env: { ...process.env, LAUREL_HOME: home }, timeout: 120_000 });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  };
}

describe('the laurel CLI', () => {
  it('drives the demo flow: define from YAML, issue, approve, revoke, report to CSV', async () => {
    const id = uniqueId('cli').toLowerCase();
    const [designer, issuer, approver, registrar, auditor] = [persona(), persona(), persona(), persona(), persona()];
    expect((await designer('login', '--user', 'dana', '--groups', 'designer')).stdout).toMatch(/signed in .* as dana \(designer\)/);

    // A YAML definition, with an id of our own
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'laurel-def-')), 'achievement.json');
    const { parse } = await import('yaml');
    writeFileSync(file, JSON.stringify({ ...parse(readFileSync('test/fixtures/achievement.yaml', 'utf8')), id }));
    const created = await designer('achievements', 'create', '--file', file);
    expect(created.stdout, created.stderr).toContain(`created achievement ${id} (version 1)`);
    const yamlCreated = await designer('achievements', 'create', '--file', 'test/fixtures/achievement.yaml');
    expect(yamlCreated.stdout, yamlCreated.stderr).toMatch(/created achievement [0-9a-f-]{36} \(version 1\): Data Ethics in Practice/);

    // A refusal is explained, field by field, with a non-zero exit
    await issuer('login', '--user', 'ivan', '--groups', 'issuer');
    const bad = await issuer('issue', '--achievement', id, '--email', 'not-an-email');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/400 Invalid request.*\n\s+body\.recipient\.email: must be an email address/);

    // Issue and follow it to the approval step (progress on stderr)
    const issued = await issuer('issue', '--achievement', id, '--email', 'learner.cli@example.edu', '--name', 'Ada Learner', '--cohort', '2026-autumn', '--result', 'final=78', '--wait');
    expect(issued.code, issued.stderr).toBe(0);
    const issuanceId = /issuance ([0-9a-f-]{36})/.exec(issued.stdout)![1]!;
    expect(issued.stderr).toMatch(/waiting for the role 'approver' to approve \(\d+\.\d s\)/);

    // The approver sees it queued and approves it; it is issued
    await approver('login', '--user', 'amira', '--groups', 'approver');
    expect((await approver('approvals', 'list')).stdout).toContain(issuanceId);
    expect((await approver('approve', issuanceId, '--comment', 'evidence checked')).stdout).toContain('APPROVED');
    const followed = await approver('issuances', 'get', issuanceId, '--wait');
    const issuance = JSON.parse(followed.stdout);
    expect(issuance.status).toBe('ISSUED');
    expect(issuance.recipient.email).toBe('l***@example.edu'); // an approver does not see the address

    // The registrar revokes it
    await registrar('login', '--user', 'rosa', '--groups', 'registrar');
    const revoked = await registrar('revoke', issuance.credentialId, '--reason', 'issued in error');
    expect(revoked.stdout).toContain(`credential ${issuance.credentialId} REVOKED`);

    // The auditor exports the month's report as CSV
    await auditor('login', '--user', 'omar', '--groups', 'auditor');
    const csvFile = path.join(mkdtempSync(path.join(tmpdir(), 'laurel-report-')), 'report.csv');
    const today = new Date().toISOString().slice(0, 10);
    const report = await auditor('report', 'issuances', '--from', today, '--group-by', 'achievement,cohort', '--out', csvFile);
    expect(report.stderr).toMatch(/wrote \d+ rows to/);
    const lines = readFileSync(csvFile, 'utf8').split('\r\n');
    expect(lines[0]).toBe('achievementId,cohort,requested,issued,pending,rejected,expired,failed,cancelled,revoked,suspended');
    expect(lines).toContain(`${id},2026-autumn,1,1,0,0,0,0,0,1,0`);
    // …and the auditor may not revoke: the refusal names the role
    const refused = await auditor('revoke', issuance.credentialId, '--reason', 'x');
    expect(refused.stderr).toMatch(/403 Forbidden: This action needs the role 'registrar'/);
  });

  it('issues a cohort from a file: template, submit, the decision on bad rows, a progress bar, the report', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'laurel-batch-'));
    const registrar = persona();
    await registrar('login', '--user', 'bea', '--groups', 'designer,issuer,registrar');
    const id = uniqueId('clibatch').toLowerCase();
    writeFileSync(path.join(dir, 'a.json'), JSON.stringify({ id, kind: 'course', name: 'Cohort CLI', description: 'd', criteria: 'c', approval: { mode: 'auto' } }));
    expect((await registrar('achievements', 'create', '--file', path.join(dir, 'a.json'))).code).toBe(0);

    const template = await registrar('batch', 'template', id, '--out', path.join(dir, 'template.csv'));
    expect(template.stdout, template.stderr).toContain('wrote the template');
    const header = readFileSync(path.join(dir, 'template.csv'), 'utf8').split('\r\n')[0]!;
    expect(header.split(',')[0]).toBe('email');

    const prefix = uniqueId('clib');
    const file = path.join(dir, 'intake.csv');
    writeFileSync(file, ['email,name', ...Array.from({ length: 12 }, (_, i) => (i === 4 ? 'not-an-email,Bad Row' : `${prefix}-${i}@example.edu,Learner ${i}`))].join('\n'));
    const submitted = await registrar('batch', 'submit', '--achievement', id, '--file', file, '--cohort', '2026-autumn', '--wait');
    expect(submitted.code, submitted.stderr).toBe(0);
    const batchId = /batch ([0-9a-f-]{36})/.exec(submitted.stdout)![1]!;
    expect(submitted.stderr).toMatch(/needs a decision: 11 valid, 1 invalid rows \(first: line 6: .*\)\. Issue the valid ones with `laurel batch start /);

    const started = await registrar('batch', 'start', batchId, '--wait');
    expect(started.code, started.stderr).toBe(0);
    expect(started.stderr).toMatch(/\[[#.]{20}\] +[\d.]+% +\d+\/11 issued · 1 invalid/); // the bar, as plain lines off a terminal
    expect(started.stderr).toMatch(/done: 11 issued, 11 delivered, 0 failed, 0 skipped, 1 invalid \(\d+\.\d s\)/);

    const status = await registrar('batch', 'get', batchId, '--json');
    expect(JSON.parse(status.stdout)).toMatchObject({ id: batchId, status: 'COMPLETED', cohort: { intake: '2026-autumn' }, progress: { issued: 11, percent: 100 } });
    const reportFile = path.join(dir, 'report.csv');
    expect((await registrar('batch', 'report', batchId, '--out', reportFile)).stderr).toContain(`wrote 12 rows to ${reportFile}`);
    const report = readFileSync(reportFile, 'utf8').split('\r\n');
    expect(report.filter((l) => l.includes(',delivered,'))).toHaveLength(11);
    expect(report.find((l) => l.startsWith('6,'))).toMatch(/,invalid,/);

    // The same file again is the same batch, never a second issue; nothing is left to retry.
    expect((await registrar('batch', 'submit', '--achievement', id, '--file', file)).stdout).toContain(`already submitted: batch ${batchId} COMPLETED`);
    const retry = await registrar('batch', 'retry-failed', batchId);
    expect(retry.code).toBe(1);
    expect(retry.stderr).toMatch(/409 .*no failed or unissued rows/);
  });

  it('signs a machine client in with client credentials; its scope is its role', async () => {
    const { outputs, identity } = inject('cloud');
    const sis = persona();
    const client = identity.machineClients.find((c) => c.clientId === outputs.MachineClientId)!;
    const wrong = await sis('login', '--client-id', client.clientId, '--client-secret', 'not-the-secret');
    expect(wrong.stderr).toMatch(/invalid_client/);
    const login = await sis('login', '--client-id', client.clientId, '--client-secret', client.clientSecret, '--scope', 'laurel/auditor');
    expect(login.stdout, login.stderr).toMatch(/as local-machine-.* \(laurel\/auditor\)/);
    expect((await sis('achievements', 'list')).code).toBe(0);
    // auditor scope only: it may not issue
    expect((await sis('issue', '--achievement', 'x', '--email', 'a@b.edu')).stderr).toMatch(/403 .*needs the role 'issuer'/);
  });

  it('re-keys a deployment’s SHA-256 learner index and holdings to the learner-index key: resumable, idempotent, releases kept', async () => {
    const cloud = localCloud();
    const { createHash } = await import('node:crypto');
    const { DeleteCommand, GetCommand, PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const { KMSClient } = await import('@aws-sdk/client-kms');
    const { kmsLearnerKeyer } = await import('../../shared/adapters/kms-learner-keyer');
    const TableName = cloud.outputs.TableName;
    const keys = kmsLearnerKeyer(new KMSClient({ endpoint: cloud.outputs.KmsEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }), cloud.outputs.LearnerKeyArn);
    await keys.ready();
    const sha = (v: string) => createHash('sha256').update(v).digest('hex');
    const get = async (PK: string, SK: string) => (await cloud.table.send(new GetCommand({ TableName, Key: { PK, SK }, ConsistentRead: true }))).Item;
    /** Puts an item back under the key Laurel gave it before #17 (a bare SHA-256 where the HMAC is); `keep` leaves the new one too (an interrupted run). */
    const toLegacy = async (PK: string, SK: string, clear: string, keep = false) => {
      const item = (await get(PK, SK))!;
      expect(item, PK).toBeDefined();
      await cloud.table.send(new PutCommand({ TableName, Item: { ...item, PK: PK.replace(keys.keyFor(clear), sha(clear)) } }));
      if (!keep) await cloud.table.send(new DeleteCommand({ TableName, Key: { PK, SK } }));
    };

    const learner = (n: string) => ({ email: `${uniqueId(n)}@Example.edu`, studentId: `S-${uniqueId(n)}` });
    const [ada, bo, cy, di, ed] = [learner('ada'), learner('bo'), learner('cy'), learner('di'), learner('ed')];
    const issued = [];
    for (const [i, recipient] of [ada, bo, cy, di, ed].entries()) {
      const done = await cloud.issueAuto('rk.registrar', { kind: 'badge', name: `Re-keyed ${i}`, description: 'd', criteria: 'c' }, { recipient });
      expect(done.status).toBe('ISSUED');
      issued.push(done);
    }
    const email = (r: { email: string }) => r.email.toLowerCase();
    const indexKeys = (r: { email: string; studentId: string }, i: { id: string; requestedAt: string }) => [
      { PK: `LEARNER#email:${keys.keyFor(email(r))}`, SK: `ISSUANCE#${i.requestedAt}#${i.id}`, clear: email(r) },
      { PK: `LEARNER#student:${keys.keyFor(r.studentId)}`, SK: `ISSUANCE#${i.requestedAt}#${i.id}`, clear: r.studentId },
    ];
    const holdingKey = (r: { email: string }, i: { achievementId: string; achievementVersion: number }) => ({ PK: `HOLDS#${i.achievementId}#${i.achievementVersion}#${keys.keyFor(email(r))}`, SK: 'HOLDS', clear: email(r) });
    // ada: everything under the legacy keys, as an older deployment left it.
    for (const k of [...indexKeys(ada, issued[0]), holdingKey(ada, issued[0])]) await toLegacy(k.PK, k.SK, k.clear);
    // bo: legacy index items, the holding released (gone): it must stay released.
    for (const k of indexKeys(bo, issued[1])) await toLegacy(k.PK, k.SK, k.clear);
    await cloud.table.send(new DeleteCommand({ TableName, Key: { PK: holdingKey(bo, issued[1]).PK, SK: 'HOLDS' } }));
    // cy: an interrupted run: the new items written, the legacy ones not yet deleted.
    for (const k of [...indexKeys(cy, issued[2]), holdingKey(cy, issued[2])]) await toLegacy(k.PK, k.SK, k.clear, true);
    // di: a legacy holding, and another issuance holding the version under the new key meanwhile.
    await toLegacy(holdingKey(di, issued[3]).PK, 'HOLDS', email(di));
    await cloud.table.send(new PutCommand({ TableName, Item: { PK: holdingKey(di, issued[3]).PK, SK: 'HOLDS', entity: 'Holding', issuanceId: 'requested-meanwhile' } }));
    // ed: a legacy holding, and the credential revoked by the new code meanwhile (which found nothing to release under the new key).
    await toLegacy(holdingKey(ed, issued[4]).PK, 'HOLDS', email(ed));
    const registrar = await cloud.as('rk.registrar', ['registrar']);
    expect((await registrar.request('POST', `/credentials/${issued[4].credentialId}/revoke`, { reason: 'issued in error' })).status).toBe(200);

    // A completion an LMS reported for ada (issue #21), its index item under the legacy key.
    const completion = { id: uniqueId('rk-completion'), receivedAt: '2026-01-05T10:00:00.000Z', learner: { email: ada.email } };
    await cloud.table.send(new PutCommand({ TableName, Item: { PK: `COMPLETION#${completion.id}`, SK: 'COMPLETION', entity: 'Completion', ...completion } }));
    const completionIndex = { PK: `LEARNER#email:${sha(email(ada))}`, SK: `COMPLETION#${completion.receivedAt}#${completion.id}` };
    await cloud.table.send(new PutCommand({ TableName, Item: { ...completionIndex, entity: 'LearnerCompletionIndex', completionId: completion.id, receivedAt: completion.receivedAt } }));

    // Before: staff cannot find ada by her address.
    expect((await registrar.request('POST', '/credentials/search', { email: ada.email })).body.items).toEqual([]);

    const operator = persona();
    const first = await operator('rekey-learners', '--json');
    expect(first.code, first.stderr).toBe(1); // di's holding could not move: named, for staff to look at
    const summary = JSON.parse(first.stdout);
    expect(summary.rekeyed).toBeGreaterThanOrEqual(4);
    expect(summary.conflicts).toContainEqual({ issuanceId: issued[3].id, heldBy: 'requested-meanwhile' });
    expect(summary.released).toBeGreaterThanOrEqual(1);
    expect(first.stderr).toMatch(/re-keyed Laurel-\w+/);
    expect(summary.completions).toBe(1);
    expect(await get(completionIndex.PK.replace(sha(email(ada)), keys.keyFor(email(ada))), completionIndex.SK)).toMatchObject({ entity: 'LearnerCompletionIndex', completionId: completion.id });
    expect(await get(completionIndex.PK, completionIndex.SK)).toBeUndefined();

    for (const [r, i] of [[ada, issued[0]], [bo, issued[1]], [cy, issued[2]]] as const) {
      for (const k of indexKeys(r, i)) {
        expect(await get(k.PK, k.SK), k.PK).toMatchObject({ entity: 'LearnerIndex', issuanceId: i.id, credentialId: i.credentialId });
        expect(await get(k.PK.replace(keys.keyFor(k.clear), sha(k.clear)), k.SK)).toBeUndefined();
      }
    }
    expect(await get(holdingKey(ada, issued[0]).PK, 'HOLDS')).toMatchObject({ issuanceId: issued[0].id });
    expect(await get(holdingKey(cy, issued[2]).PK, 'HOLDS')).toMatchObject({ issuanceId: issued[2].id });
    expect(await get(holdingKey(bo, issued[1]).PK, 'HOLDS')).toBeUndefined();
    expect(await get(holdingKey(di, issued[3]).PK, 'HOLDS')).toMatchObject({ issuanceId: 'requested-meanwhile' });
    expect(await get(holdingKey(ed, issued[4]).PK, 'HOLDS')).toBeUndefined(); // released stays released
    for (const [n, r] of [ada, bo, cy, di, ed].entries()) expect(await get(`HOLDS#${issued[n].achievementId}#1#${sha(email(r))}`, 'HOLDS')).toBeUndefined();

    // After: found by address and by student number; the holding refuses a second request.
    expect((await registrar.request('POST', '/credentials/search', { email: ada.email })).body.items.map((c: { id: string }) => c.id)).toEqual([issued[0].credentialId]);
    expect((await registrar.request('POST', '/credentials/search', { studentId: ada.studentId })).body.items.map((c: { id: string }) => c.id)).toEqual([issued[0].credentialId]);
    const issuer = await cloud.as('rk.issuer', ['issuer']);
    expect((await issuer.request('POST', '/issuances', { achievementId: issued[0].achievementId, recipient: { email: ada.email } })).status).toBe(409);

    // Again: nothing left to move, nothing written.
    const again = await operator('rekey-learners');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/\d+ issuances read; 0 re-keyed: 0 learner index items and 0 holdings moved to the learner-index key \(nothing left under a SHA-256 key\)/);
  });

  it('erases a learner: an admin names them, the CLI continues until done and says what it could not reach', async () => {
    const id = uniqueId('cli-erase').toLowerCase();
    const email = `${id}@example.edu`;
    const [designer, admin] = [persona(), persona()];
    await designer('login', '--user', 'dana', '--groups', 'designer,issuer');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'laurel-def-')), 'a.json');
    writeFileSync(file, JSON.stringify({ id, kind: 'course', name: 'Erasable', description: 'd', criteria: 'c', approval: { mode: 'auto' } }));
    expect((await designer('achievements', 'create', '--file', file)).code).toBe(0);
    const issued = await designer('issue', '--achievement', id, '--email', email, '--name', 'Eve Erasable', '--wait');
    expect(issued.stdout, issued.stderr).toMatch(/credential [0-9a-f-]{36}/);
    // Only an admin may; the refusal names the role.
    expect((await designer('erase-learner', '--email', email, '--reason', 'request 7')).stderr).toMatch(/403 Forbidden: This action needs the role 'admin'/);
    await admin('login', '--user', 'ada', '--groups', 'admin');
    expect((await admin('erase-learner', '--reason', 'request 7')).code).toBe(2); // nobody named
    const erased = await admin('erase-learner', '--email', email, '--reason', 'request 7');
    expect(erased.code, erased.stderr).toBe(0);
    expect(erased.stdout).toMatch(/erasure [0-9a-f-]{36} COMPLETED\n\s+issuances erased 1 \(0 cancelled first\)/);
    const erasureId = /erasure ([0-9a-f-]{36})/.exec(erased.stdout)![1]!;
    expect(JSON.parse((await admin('erase-learner', '--get', erasureId)).stdout)).toMatchObject({ id: erasureId, status: 'COMPLETED' });
    // Searching for them finds nothing now.
    const search = await admin('issuances', 'list', '--achievement', id, '--json');
    expect(JSON.parse(search.stdout).items.map((i: { recipient: unknown }) => i.recipient)).toEqual([{ erased: true }]);
  });

  it('explains usage mistakes with exit code 2', async () => {
    const cli = persona();
    expect((await cli('issue', '--achievement', 'x')).code).toBe(2); // not signed in
    const noOutputs = await run('node', ['cli/bin.mjs', 'login', '--user', 'x', '--outputs', 'nope.json'], { env: { ...process.env, LAUREL_HOME: mkdtempSync(path.join(tmpdir(), 'l-')) } }).catch((e) => e);
    expect(noOutputs.code).toBe(2);
    expect(noOutputs.stderr).toMatch(/No outputs file with AdminApiUrl/);
  });
});
