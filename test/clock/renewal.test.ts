import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callClock } from '../../local/clock';
import { verifyIndependently } from '../../local/independent-verifier';
import { verifyWithVerifierCore } from '../../local/verifier-core';
import { localCloud, uniqueId, LOCAL_FETCH_TIMEOUT_MS } from '../support/cloud';
import { learnerSession, linkFromMail } from '../support/learner';

/**
 * Recertification on the local cloud, its clock moved (vitest.clock.config.ts): a credential issued
 * 40 days ago, valid 30, is renewed 15 days ago — after its reminder, before its expiry — with
 * evidence, through approval, into a credential that names it and runs 30 days from its expiry.
 */
const cloud = localCloud();
const clockUrl = cloud.outputs.ClockUrl;
const clock = (body: unknown) => callClock(clockUrl, 'POST', '/clock', body);
const fireSweep = () => callClock(clockUrl, 'POST', '/schedules/fire', { name: 'RemindersDailySweep' });
const DAY = 86_400_000;

describe('renewal', () => {
  beforeAll(async () => {
    await clock({ set: '-40d' });
  });
  afterAll(async () => {
    await clock({ reset: true });
  });

  it('runs a renewal with evidence through approval into a linked credential both independent verifiers accept; the renewed one is superseded, not revoked, and reminds no more', async () => {
    const designer = await cloud.as('dora.designer', ['designer', 'issuer']);
    const approver = await cloud.as('abe.approver', ['approver']);
    const achievementId = uniqueId('cpr');
    const defined = await designer.request('POST', '/achievements', {
      id: achievementId,
      kind: 'assessment',
      name: 'CPR instructor',
      description: 'd',
      criteria: 'c',
      validityDays: 30,
      reminders: { daysBefore: [7, 0] },
      approval: { mode: 'auto' },
      renewal: { rules: [{ kind: 'minimumCredits', minimum: 10 }, { kind: 'evidenceUrl' }], approval: { mode: 'single', role: 'approver' }, validFrom: 'previousExpiry', opensDaysBefore: 30, graceDays: 14 },
    });
    expect(defined.status, JSON.stringify(defined.body)).toBe(201);
    const email = `${uniqueId('renew')}@example.org`;
    const { body: requested } = await designer.request('POST', '/issuances', { achievementId, recipient: { email, name: 'Grace' } });
    const first = await designer.waitForIssuance(requested.id, (i) => ['ISSUED', 'FAILED'].includes(i.status));
    expect(first.status).toBe('ISSUED');
    const originalId = first.credentialId as string;

    // Not yet: renewal opens 30 days before the expiry (−10 days), so at −40 it is just open —
    // the earliest a learner may. Move to −15: the 7-day reminder (at −17) goes out first.
    await clock({ advance: '25d' });
    const reminders = (await cloud.mail()).filter((m) => m.destination.to.includes(email) && /expires on/.test(m.subject));
    expect(reminders).toHaveLength(1);

    // Too few credits: the renewal policy's rules reject it, with the reason.
    const short = await designer.request('POST', `/credentials/${originalId}/renewals`, { creditsEarned: 5, evidence: [{ id: 'https://cpd.example.org/log/grace' }] });
    expect(short.status, JSON.stringify(short.body)).toBe(202);
    const rejected = await designer.waitForIssuance(short.body.id, (i) => ['REJECTED', 'ISSUED', 'FAILED'].includes(i.status));
    expect(rejected.status).toBe('REJECTED');

    const renewal = await designer.request('POST', `/credentials/${originalId}/renewals`, { creditsEarned: 12, evidence: [{ id: 'https://cpd.example.org/log/grace' }] });
    expect(renewal.status).toBe(202);
    const waiting = await designer.waitForIssuance(renewal.body.id, (i) => ['AWAITING_APPROVAL', 'ISSUED', 'REJECTED', 'FAILED'].includes(i.status));
    expect(waiting.status).toBe('AWAITING_APPROVAL');
    expect((await approver.request('POST', `/issuances/${renewal.body.id}/approve`, { comment: 'CPD log checked' })).status).toBe(200);
    const renewed = await designer.waitForIssuance(renewal.body.id, (i) => ['ISSUED', 'FAILED'].includes(i.status));
    expect(renewed.status, JSON.stringify(renewed.failure)).toBe('ISSUED');

    const url = (id: string) => `${cloud.outputs.PublicApiUrl}/credentials/${id}`;
    const [original, successor]: any[] = await Promise.all([fetch(url(originalId)).then((r) => r.json()), fetch(url(renewed.credentialId)).then((r) => r.json())]);
    // It names the one it renews, and its validity runs from that one's expiry: 30 days more.
    expect(successor.evidence).toContainEqual(expect.objectContaining({ id: url(originalId), genre: 'Renewal' }));
    expect(Date.parse(successor.validUntil) - Date.parse(original.validUntil)).toBe(30 * DAY);
    expect(Date.parse(successor.validFrom)).toBeLessThan(Date.now());
    expect(await verifyIndependently(successor, { timeoutMs: LOCAL_FETCH_TIMEOUT_MS })).toMatchObject({ verified: true, revoked: false });
    const dcc = await verifyWithVerifierCore(successor);
    expect(dcc.errors).toEqual([]);
    expect(dcc.steps).toMatchObject({ valid_signature: true, revocation_status: true, expiration: true });

    const registrar = await cloud.as('rita.registrar', ['registrar']);
    const records = await Promise.all([originalId, renewed.credentialId].map(async (id) => (await registrar.request('GET', `/credentials/${id}`)).body));
    expect(records[0]).toMatchObject({ status: 'ACTIVE', supersededBy: { credentialId: renewed.credentialId } });
    expect(records[1]).toMatchObject({ status: 'ACTIVE', supersedes: originalId });
    const events = (await cloud.events()).filter((e) => [e.detail.credentialId, e.detail.renews].includes(originalId));
    expect(events.map((e) => e['detail-type'])).toEqual(expect.arrayContaining(['CredentialRenewed', 'CredentialSuperseded']));

    // A second renewal of the renewed credential is refused: it was replaced.
    const again = await designer.request('POST', `/credentials/${originalId}/renewals`, { creditsEarned: 12, evidence: [{ id: 'https://cpd.example.org/log/grace' }] });
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/already replaced/);

    // The original's expiry passes (−10): no expiry email, no CredentialExpired for it.
    await clock({ advance: '6d' });
    await fireSweep();
    expect((await cloud.mail()).filter((m) => m.destination.to.includes(email) && /has expired/.test(m.subject))).toHaveLength(0);
    expect((await cloud.events()).filter((e) => e['detail-type'] === 'CredentialExpired' && e.detail.credentialId === originalId)).toHaveLength(0);
  });

  it('lets the learner turn reminders off and renew from their claim page', async () => {
    await clock({ set: '-40d' });
    const designer = await cloud.as('dora.designer', ['designer', 'issuer']);
    const achievementId = uniqueId('first-aid');
    await designer.request('POST', '/achievements', {
      id: achievementId,
      kind: 'assessment',
      name: 'First aid at work',
      description: 'd',
      criteria: 'c',
      validityDays: 30,
      reminders: { daysBefore: [7] },
      approval: { mode: 'auto' },
      renewal: { rules: [{ kind: 'minimumCredits', minimum: 5 }, { kind: 'evidenceUrl' }], approval: { mode: 'auto' }, opensDaysBefore: 60 },
    });
    const email = `${uniqueId('learner')}@example.org`;
    const { body } = await designer.request('POST', '/issuances', { achievementId, recipient: { email, name: 'Ada' } });
    const issued = await designer.waitForIssuance(body.id, (i) => ['ISSUED', 'FAILED'].includes(i.status));
    const originalId = issued.credentialId as string;
    const token = await linkFromMail(cloud, email);
    const learner = learnerSession(cloud);
    await learner.open(token);
    let page = await learner.page();
    expect(page.html).toContain('Renewal and reminders');
    expect(page.html).toContain('We email you 7 days before it expires.');
    expect(page.html).toMatch(/Continuing education credits you earned \(at least 5\)/);
    expect((await learner.submit('reminders', { reminders: 'off' })).location).toMatch(/done=reminders$/);
    expect((await learner.page()).html).toContain('You turned reminders off for this credential.');

    // The 7-day stop (at −17) passes: no email, but the event still says the credential is expiring.
    await clock({ advance: '25d' });
    expect((await cloud.mail()).filter((m) => m.destination.to.includes(email) && /expires on/.test(m.subject))).toHaveLength(0);
    expect((await cloud.events()).find((e) => e['detail-type'] === 'CredentialExpiring' && e.detail.credentialId === originalId)?.detail).toMatchObject({ daysBefore: 7, learnerReminded: false });

    // Sessions last an hour of the clock: open the link again (it lasts 30 days).
    await learner.open(token);
    const renewed = await learner.submit('renewal', { credits: '6', evidence: 'https://cpd.example.org/ada', narrative: 'A refresher course in May.' });
    expect(renewed.location, renewed.html).toMatch(/done=renewal$/);
    const started = Date.now();
    let successorId: string | undefined;
    while (!successorId && Date.now() - started < 60_000) {
      successorId = (await cloud.events()).find((e) => e['detail-type'] === 'CredentialRenewed' && e.detail.renews === originalId)?.detail.credentialId;
      if (!successorId) await new Promise((r) => setTimeout(r, 250));
    }
    expect(successorId).toBeDefined();
    // The claim page follows the renewal: it shows the new credential, whose evidence is what the learner gave.
    page = await learner.page('/claim/credential?done=renewal');
    expect(page.html).toContain('Your renewal request is sent');
    expect(page.html).toContain(`/credentials/${successorId}`);
    const successor: any = await (await fetch(`${cloud.outputs.PublicApiUrl}/credentials/${successorId}`)).json();
    expect(successor.evidence).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'https://cpd.example.org/ada' }), expect.objectContaining({ narrative: 'A refresher course in May.' })]));
    const registrar = await cloud.as('rita.registrar', ['registrar']);
    const record = (await registrar.request('GET', `/credentials/${successorId}`)).body;
    const trail = (await registrar.request('GET', `/issuances/${record.issuanceId}/audit`)).body;
    expect(JSON.stringify(trail)).toContain('"kind":"learner"');
  });
});
