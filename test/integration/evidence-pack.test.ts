import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { localCloud, uniqueId } from '../support/cloud';

const cloud = localCloud();

/** Reads a zip with Python's zipfile: an implementation Laurel did not write. */
function unzip(bytes: Buffer): Record<string, string> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'pack-')), 'pack.zip');
  writeFileSync(file, bytes);
  const script = 'import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps({n: z.read(n).decode() for n in z.namelist()}))';
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' }));
}

describe('the evidence pack', () => {
  it('holds the request, policy version, rule results, approvals, evidence, trail and credential', async () => {
    const staff = await cloud.as('una.issuer', ['designer', 'issuer']);
    const achievementId = uniqueId('pack');
    await staff.request('POST', '/achievements', {
      id: achievementId,
      kind: 'assessment',
      name: 'Packed',
      description: 'd',
      criteria: 'c',
      resultDescriptions: [{ key: 'final', name: 'Final', resultType: 'Percent' }],
      rules: [{ kind: 'minimumScore', resultKey: 'final', minimum: 50 }],
      approval: { mode: 'single' },
    });
    const { body } = await staff.request('POST', '/issuances', {
      achievementId,
      recipient: { email: `${uniqueId('p')}@example.org` },
      results: [{ resultKey: 'final', value: '77' }],
      evidence: [{ id: 'https://lms.example.edu/work/77', name: 'Final paper' }],
    });
    await staff.waitForIssuance(body.id, (i) => i.status === 'AWAITING_APPROVAL');
    await (await cloud.as('abe.approver', ['approver'])).request('POST', `/issuances/${body.id}/approve`, { comment: 'Paper read in full.' });
    await staff.waitForIssuance(body.id, (i) => i.status === 'ISSUED');

    const auditor = await cloud.as('aud.itor', ['auditor']);
    const res = await fetch(`${cloud.outputs.AdminApiUrl}/issuances/${body.id}/evidence-pack`, {
      headers: { authorization: `Bearer ${await cloud.token('aud.itor', ['auditor'])}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const files = unzip(Buffer.from(await res.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual(['README.txt', 'approvals.json', 'audit-trail.json', 'credential.json', 'evidence.json', 'policy.json', 'request.json', 'rule-results.json']);
    expect(files['README.txt']).toContain('hash chain intact');
    expect(JSON.parse(files['policy.json']!)).toMatchObject({ id: achievementId, version: 1, rules: [{ kind: 'minimumScore', minimum: 50 }] });
    expect(JSON.parse(files['rule-results.json']!).rules).toContainEqual({ rule: 'minimumScore:final', passed: true, reason: "'final' is 77; the minimum is 50" });
    expect(JSON.parse(files['approvals.json']!)).toEqual([expect.objectContaining({ role: 'approver', decision: 'APPROVED', comment: 'Paper read in full.' })]);
    expect(JSON.parse(files['evidence.json']!)).toMatchObject({ evidence: [{ id: 'https://lms.example.edu/work/77' }], files: [] });
    expect(JSON.parse(files['audit-trail.json']!).chain.valid).toBe(true);
    expect(JSON.parse(files['credential.json']!).proof[0].cryptosuite).toBe('eddsa-rdfc-2022');
    expect(files['request.json']).not.toContain('taskToken');
    expect(files['request.json']).not.toContain('recipientSalt');
    expect((await auditor.request('GET', '/issuances/00000000-0000-4000-8000-000000000000/evidence-pack')).status).toBe(404);
    expect((await staff.request('GET', `/issuances/${body.id}/evidence-pack`)).status).toBe(403);
  });
});
