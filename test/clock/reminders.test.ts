import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callClock } from '../../local/clock';
import { localCloud, uniqueId } from '../support/cloud';

/**
 * Reminders and expiry on the local cloud, with its clock moved (local/scheduler.ts): the
 * credentials are issued 40 days in the past, so nothing signed here has a `validFrom` in the
 * real future, and the clock is moved on towards the real time. The clock is the whole cloud's:
 * these files run alone, one at a time (vitest.clock.config.ts).
 */
const cloud = localCloud();
const clockUrl = cloud.outputs.ClockUrl;
const setClock = (span: string) => callClock(clockUrl, 'POST', '/clock', { set: span });
const advance = (span: string) => callClock(clockUrl, 'POST', '/clock', { advance: span });
const fireSweep = () => callClock(clockUrl, 'POST', '/schedules/fire', { name: 'RemindersDailySweep' });

const remindersTo = async (address: string) => (await cloud.mail()).filter((m) => m.destination.to.includes(address) && /expire/.test(m.subject));
const eventsOf = async (credentialId: string) => (await cloud.events()).filter((e) => e.detail.credentialId === credentialId && /^CredentialExpir/.test(e['detail-type']));

async function issue(daysBefore: number[], validityDays = 30) {
  const email = `${uniqueId('remind')}@example.org`;
  const staff = await cloud.as('rita.registrar', ['designer', 'issuer']);
  const achievementId = uniqueId('first-aid');
  const defined = await staff.request('POST', '/achievements', { id: achievementId, kind: 'assessment', name: 'First aid', description: 'd', criteria: 'c', validityDays, reminders: { daysBefore }, approval: { mode: 'auto' } });
  expect(defined.status, JSON.stringify(defined.body)).toBe(201);
  const requested = await staff.request('POST', '/issuances', { achievementId, recipient: { email, name: 'Ada' } });
  expect(requested.status, JSON.stringify(requested.body)).toBe(202);
  const issuance = await staff.waitForIssuance(requested.body.id, (i) => ['ISSUED', 'DELIVERED', 'FAILED'].includes(i.status));
  expect(issuance.status).not.toBe('FAILED');
  return { email, issuance };
}

describe('expiry reminders', () => {
  beforeAll(async () => {
    await setClock('-40d');
  });
  afterAll(async () => {
    await callClock(clockUrl, 'POST', '/clock', { reset: true });
  });

  it('sends each reminder once — also when the scheduler fires twice, or twice at once — then the expiry, to the current address', async () => {
    const { email, issuance } = await issue([14, 7, 0]);
    const credentialId = issuance.credentialId as string;
    // Issued at −40 days, valid 30: expires at −10. The 14-day reminder falls at −24.
    const moved = await advance('17d');
    expect(moved.fired.map((f: { schedule: string }) => f.schedule).join()).toMatch(/^RemindersDailySweep/);
    expect(await remindersTo(email)).toHaveLength(1);
    await fireSweep();
    await Promise.all([fireSweep(), fireSweep()]);
    const first = await remindersTo(email);
    expect(first).toHaveLength(1);
    expect(first[0]!.subject).toContain('expires on');
    expect(first[0]!.body.text).toContain('in 14 days');
    expect(first[0]!.body.text).toMatch(/\/claim#[A-Za-z0-9_-]{43}/);

    // Staff correct the learner's address: the next reminder goes there.
    const registrar = await cloud.as('rita.registrar', ['registrar']);
    const corrected = `${uniqueId('moved')}@example.org`;
    expect((await registrar.request('PUT', `/credentials/${credentialId}/delivery-address`, { email: corrected })).status).toBeLessThan(300);
    await advance('7d');
    await fireSweep();
    expect(await remindersTo(corrected)).toHaveLength(1);
    expect((await remindersTo(corrected))[0]!.body.text).toContain('in 7 days');
    expect(await remindersTo(email)).toHaveLength(1);

    await advance('7d');
    await fireSweep();
    const expired = (await remindersTo(corrected)).filter((m) => /has expired/.test(m.subject));
    expect(expired).toHaveLength(1);
    const events = await eventsOf(credentialId);
    expect(events.map((e) => [e['detail-type'], e.detail.daysBefore])).toEqual([
      ['CredentialExpiring', 14],
      ['CredentialExpiring', 7],
      ['CredentialExpired', undefined],
    ]);
    for (const e of events) expect(JSON.stringify(e)).not.toContain('@');
    const trail = (await registrar.request('GET', `/credentials/${credentialId}/audit`)).body;
    expect(JSON.stringify(trail)).toContain('REMINDER_SENT');
  });

  it('sends nothing for a revoked credential, and only the latest of the reminders a stopped sweep missed', async () => {
    await setClock('-40d');
    const revoked = await issue([20, 10]);
    const missed = await issue([20, 10]);
    const registrar = await cloud.as('rita.registrar', ['registrar']);
    expect((await registrar.request('POST', `/credentials/${revoked.issuance.credentialId}/revoke`, { reason: 'issued in error' })).status).toBe(200);
    // Issued at −40 days, valid 30: the 20-day stop falls at −30, the 10-day one at −20. The sweep
    // first runs at −19, with both past: only the 10-day reminder goes.
    await advance('21d');
    await fireSweep();
    expect(await remindersTo(revoked.email)).toHaveLength(0);
    expect(await eventsOf(revoked.issuance.credentialId)).toHaveLength(0);
    const late = await remindersTo(missed.email);
    expect(late).toHaveLength(1);
    expect(late[0]!.body.text).toContain('in 10 days');
  });
});
