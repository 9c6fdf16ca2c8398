import { describe, expect, it } from 'vitest';
import { localCloud, uniqueId } from '../support/cloud';

const cloud = localCloud();
const finished = (i: { status: string }) => ['ISSUED', 'FAILED', 'REJECTED', 'EXPIRED'].includes(i.status);

async function achievement(policy: Record<string, unknown>) {
  const designer = await cloud.as('dee.designer', ['designer']);
  const id = uniqueId('path');
  const res = await designer.request('POST', '/achievements', {
    id,
    kind: 'assessment',
    name: `Assessed ${id}`,
    description: 'd',
    criteria: 'Score at least 70 in the final assessment, with 80% attendance.',
    resultDescriptions: [{ key: 'final', name: 'Final assessment', resultType: 'Percent' }],
    ...policy,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return id;
}

describe('the issuance workflow, path by path', () => {
  it('approved by a chain: assessor → programme-lead → registrar, each a different person holding that role', async () => {
    // Each step may wait 36 hours: the achievement's own deadline, not the deployment's week.
    const achievementId = await achievement({ approval: { mode: 'chain', roles: ['assessor', 'programme-lead', 'registrar'], deadlineHours: 36 } });
    const issuer = await cloud.as('ivy.issuer', ['issuer']);
    const { body } = await issuer.request('POST', '/issuances', { achievementId, recipient: { email: `${uniqueId('c')}@example.org` } });
    const assessor = await cloud.as('ann.assessor', ['approver', 'assessor']);
    const lead = await cloud.as('pat.lead', ['approver', 'programme-lead']);
    const registrar = await cloud.as('reg.istrar', ['approver', 'registrar', 'assessor']);

    let waiting = await issuer.waitForIssuance(body.id, (i) => i.status === 'AWAITING_APPROVAL' && i.approval?.step === 0);
    expect(waiting.approval).toMatchObject({ role: 'assessor', step: 0, steps: 3 });
    // The queue shows it to assessors, oldest first; the wrong role cannot decide it.
    const queue = await assessor.request('GET', '/approvals?role=assessor');
    const mine = queue.body.items.find((i: any) => i.issuanceId === body.id);
    expect(mine).toMatchObject({ achievementId, achievementName: `Assessed ${achievementId}`, role: 'assessor', step: 1, steps: 3 });
    // The step expires 36 hours after it was asked for; the record and the queue say when.
    expect(Date.parse(mine.dueAt) - Date.parse(mine.waitingSince)).toBe(36 * 3600_000);
    expect(waiting.approval.dueAt).toBe(mine.dueAt);
    expect((await lead.request('POST', `/issuances/${body.id}/approve`, {})).status).toBe(403);
    expect((await assessor.request('POST', `/issuances/${body.id}/approve`, { comment: 'Marked 81%.' })).status).toBe(200);

    waiting = await issuer.waitForIssuance(body.id, (i) => i.status === 'AWAITING_APPROVAL' && i.approval?.step === 1);
    expect(waiting.approval.role).toBe('programme-lead');
    // Each step has a deadline of its own, from when it was asked for.
    expect(Date.parse(waiting.approval.dueAt) - Date.parse(waiting.approval.requestedAt)).toBe(36 * 3600_000);
    expect((await lead.request('POST', `/issuances/${body.id}/approve`, { comment: 'Programme requirements met.' })).status).toBe(200);

    waiting = await issuer.waitForIssuance(body.id, (i) => i.status === 'AWAITING_APPROVAL' && i.approval?.step === 2);
    expect(waiting.approval.role).toBe('registrar');
    const done = await (async () => {
      expect((await registrar.request('POST', `/issuances/${body.id}/approve`, {})).status).toBe(200);
      return issuer.waitForIssuance(body.id, finished);
    })();
    expect(done.status).toBe('ISSUED');
    expect(done.approvals.map((a: any) => [a.step, a.role, a.decision, a.decidedBy.name])).toEqual([
      [0, 'assessor', 'APPROVED', 'ann.assessor'],
      [1, 'programme-lead', 'APPROVED', 'pat.lead'],
      [2, 'registrar', 'APPROVED', 'reg.istrar'],
    ]);
  });

  it('refuses one person deciding two steps of a chain', async () => {
    const achievementId = await achievement({ approval: { mode: 'chain', roles: ['assessor', 'registrar'] } });
    const issuer = await cloud.as('ivy.issuer', ['issuer']);
    const { body } = await issuer.request('POST', '/issuances', { achievementId, recipient: { email: `${uniqueId('c')}@example.org` } });
    const both = await cloud.as('bo.both', ['approver', 'assessor', 'registrar']);
    await issuer.waitForIssuance(body.id, (i) => i.status === 'AWAITING_APPROVAL' && i.approval?.step === 0);
    expect((await both.request('POST', `/issuances/${body.id}/approve`, {})).status).toBe(200);
    await issuer.waitForIssuance(body.id, (i) => i.status === 'AWAITING_APPROVAL' && i.approval?.step === 1);
    const second = await both.request('POST', `/issuances/${body.id}/approve`, {});
    expect(second.status).toBe(403);
    expect(second.body.detail).toMatch(/already decided an earlier step/);
  });

  it('rejected by a rule: stops REJECTED with the rule and why, no approval asked', async () => {
    const achievementId = await achievement({
      rules: [
        { kind: 'minimumScore', resultKey: 'final', minimum: 70 },
        { kind: 'minimumAttendance', percent: 80 },
      ],
      approval: { mode: 'auto' },
    });
    const issuer = await cloud.as('ivy.issuer', ['issuer']);
    const { body } = await issuer.request('POST', '/issuances', {
      achievementId,
      recipient: { email: `${uniqueId('r')}@example.org` },
      results: [{ resultKey: 'final', value: '64' }],
      attendancePercent: 91,
    });
    const done = await issuer.waitForIssuance(body.id, finished);
    expect(done.status).toBe('REJECTED');
    expect(done.rejection).toEqual({ stage: 'evidence', reason: "minimumScore:final: 'final' is 64; the minimum is 70" });
    expect(done.steps.Approval).toBeUndefined();
    const [event] = await cloud.eventsFor(body.id);
    expect(event?.['detail-type']).toBe('IssuanceRejected');
    const trail = await (await cloud.as('aud.itor', ['auditor'])).request('GET', `/issuances/${body.id}/audit`);
    const checked = trail.body.events.find((e: any) => e.action === 'EVIDENCE_CHECKED');
    // Which rules passed is in the chained event; what each found is sealed apart (personal), shown while it exists.
    expect(checked.after.rules).toEqual(expect.arrayContaining([{ rule: 'minimumScore:final', passed: false }]));
    expect(checked.personal.rules).toEqual(
      expect.arrayContaining([
        { rule: 'minimumScore:final', passed: false, reason: "'final' is 64; the minimum is 70" },
        { rule: 'minimumAttendance', passed: true, reason: 'attendance 91%; the minimum is 80%' },
      ]),
    );
  });

  it('exception approved: a failed rule with a written justification goes to approval, flagged, and issues', async () => {
    const achievementId = await achievement({ rules: [{ kind: 'minimumAttendance', percent: 80 }], approval: { mode: 'auto' } });
    const issuer = await cloud.as('ivy.issuer', ['issuer']);
    const justification = 'Hospitalised for three weeks; all assessed work submitted and passed.';
    const { body } = await issuer.request('POST', '/issuances', {
      achievementId,
      recipient: { email: `${uniqueId('x')}@example.org` },
      attendancePercent: 62,
      cohort: 'BSc Data Science 2026',
      exception: { justification },
    });
    const waiting = await issuer.waitForIssuance(body.id, (i) => i.status === 'AWAITING_APPROVAL' || finished(i));
    expect(waiting.status).toBe('AWAITING_APPROVAL');
    expect(waiting.approval).toMatchObject({ role: 'approver', exception: true });
    const approver = await cloud.as('abe.approver', ['approver']);
    const queue = await approver.request('GET', `/approvals?role=approver&achievementId=${achievementId}`);
    expect(queue.body.items).toEqual([expect.objectContaining({ issuanceId: body.id, exception: true, justification, requestedBy: 'ivy.issuer', cohort: 'BSc Data Science 2026' })]);
    const byCohort = await approver.request('GET', `/approvals?role=approver&cohort=${encodeURIComponent('BSc Data Science 2026')}`);
    expect(byCohort.body.items.map((i: any) => i.issuanceId)).toContain(body.id);
    const otherCohort = await approver.request('GET', `/approvals?role=approver&cohort=Nursing`);
    expect(otherCohort.body.items.map((i: any) => i.issuanceId)).not.toContain(body.id);
    expect((await approver.request('POST', `/issuances/${body.id}/approve`, { comment: 'Exception granted: medical.' })).status).toBe(200);
    const done = await issuer.waitForIssuance(body.id, finished);
    expect(done.status).toBe('ISSUED');
    const trail = await (await cloud.as('aud.itor', ['auditor'])).request('GET', `/issuances/${body.id}/audit`);
    expect(trail.body.events.find((e: any) => e.action === 'EVIDENCE_CHECKED')).toMatchObject({ reason: `exception requested: ${justification}` });
  });

  it('an attestation by a named assessor satisfies its rule and becomes evidence in the credential', async () => {
    const achievementId = await achievement({ rules: [{ kind: 'attestation' }], approval: { mode: 'auto' } });
    const issuer = await cloud.as('ivy.issuer', ['issuer']);
    const { body } = await issuer.request('POST', '/issuances', {
      achievementId,
      recipient: { email: `${uniqueId('t')}@example.org` },
      attestation: { assessor: 'Dr Ada Lovelace', statement: 'Observed the learner lead the lab safely for six sessions.' },
    });
    const done = await issuer.waitForIssuance(body.id, finished);
    expect(done.status).toBe('ISSUED');
    const credential: any = await (await fetch(`${cloud.outputs.PublicApiUrl}/credentials/${done.credentialId}`)).json();
    expect(credential.evidence).toContainEqual({ type: ['Evidence'], name: 'Attestation by Dr Ada Lovelace', narrative: 'Observed the learner lead the lab safely for six sessions.', genre: 'Attestation' });
  });

  it('lists pending approvals only to holders of the role (or auditors), and rejects bad queries', async () => {
    const outsider = await cloud.as('oz.approver', ['approver']);
    expect((await outsider.request('GET', '/approvals?role=registrar')).status).toBe(403);
    expect((await outsider.request('GET', '/approvals?role=approver&olderThanMinutes=-5')).status).toBe(400);
    const auditor = await cloud.as('aud.itor', ['auditor']);
    expect((await auditor.request('GET', '/approvals?role=registrar')).status).toBe(200);
  });
});
