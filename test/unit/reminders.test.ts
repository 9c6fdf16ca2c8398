import { describe, expect, it } from 'vitest';
import { credentialExpiredV1, credentialExpiringV1 } from '../../events/schemas';
import { addressHash, newReminderSchedule, stopsOf } from '../../shared/entities/reminder';
import { recordReminderFeedback } from '../../shared/use-cases/reminder-feedback';
import type { CredentialRecord } from '../../shared/entities/credential';
import type { Issuance } from '../../shared/entities/issuance';
import { carryOutDueStop, dueStop, sweepReminders, type ReminderDeps } from '../../shared/use-cases/reminders';
import { parseSpan, nextFiring } from '../../local/scheduler';
import { fixedClock, memoryEventBus, memoryMailer } from '../support/memory-ports';
import { memoryReminders } from '../support/memory-reminders';

/**
 * The reminder sweep on in-memory ports (test/support/memory-reminders.ts keeps the conditions
 * the DynamoDB repository states: a stop claimed once per lease, a schedule moved only from where it is).
 */
const DAY = 86_400_000;
const VALID_UNTIL = '2027-06-30T10:00:00Z';

function world(options: { daysBefore?: number[]; status?: CredentialRecord['status']; delivery?: 'BOUNCED' | 'SENT'; failMail?: () => Error | undefined } = {}) {
  const clock = fixedClock('2027-01-01T09:00:00Z');
  const reminders = memoryReminders();
  const mail = memoryMailer({ fail: () => options.failMail?.() });
  const events = memoryEventBus();
  const audit: string[] = [];
  const record = {
    id: 'cred-1',
    issuanceId: 'iss-1',
    achievementId: 'first-aid',
    achievementVersion: 1,
    issuerId: 'main',
    status: options.status ?? 'ACTIVE',
    issuedAt: '2026-06-30T10:00:00Z',
    validUntil: VALID_UNTIL,
  } as CredentialRecord;
  const credentials = new Map([[record.id, record]]);
  const issuance = { id: 'iss-1', recipient: { email: 'ada@example.org' }, deliveryEmail: 'ada.new@example.org', ...(options.delivery ? { delivery: { messageId: 'm', sentAt: 'x', status: options.delivery } } : {}) } as unknown as Issuance;
  const schedule = newReminderSchedule({ credentialId: 'cred-1', issuanceId: 'iss-1', issuerId: 'main', achievementId: 'first-aid', validUntil: VALID_UNTIL }, options.daysBefore ?? [30, 7, 0]);
  reminders.schedules.set('cred-1', schedule);
  const deps: ReminderDeps = {
    reminders: reminders.repo,
    credentials: { get: async (id) => credentials.get(id) },
    issuances: { get: async () => issuance },
    achievements: { getVersion: async () => ({ name: 'First aid' }) as never },
    issuers: { get: async () => undefined },
    claimLinks: { create: async () => undefined },
    mailer: mail.mailer,
    eventBus: events.bus,
    audit: { append: async (_s, entry) => void audit.push(entry.action) as never },
    clock,
    settings: { publicBaseUrl: 'https://badges.example.edu', issuer: { issuerId: 'main', name: 'Example University', url: 'https://example.edu' } },
  };
  const at = (daysBeforeExpiry: number) => clock.set(new Date(Date.parse(VALID_UNTIL) - daysBeforeExpiry * DAY).toISOString());
  return { deps: { ...deps, reminders: reminders.repo }, clock, at, mail, events, audit, reminders, credentials, record, issuance: issuance as unknown as { deliveryEmail: string } };
}

describe('reminder stops', () => {
  it('are the reminders, most distant first, then the expiry (which emails only when 0 days is one)', () => {
    const s = newReminderSchedule({ credentialId: 'c', issuanceId: 'i', issuerId: 'main', achievementId: 'a', validUntil: VALID_UNTIL }, [7, 90, 0, 30]);
    expect(stopsOf(s).map((x) => [x.daysBefore, x.expiry, x.email])).toEqual([[90, false, true], [30, false, true], [7, false, true], [0, true, true]]);
    expect(s.nextDueAt).toBe('2027-04-01T10:00:00Z');
    expect(stopsOf({ daysBefore: [], validUntil: VALID_UNTIL })).toEqual([{ daysBefore: 0, dueAt: VALID_UNTIL, expiry: true, email: false }]);
  });

  it('due: the latest stop already past, so a sweep that missed days sends the current reminder only', () => {
    const s = { next: 0, daysBefore: [90, 30, 7], validUntil: VALID_UNTIL };
    expect(dueStop(s, '2027-01-01T00:00:00Z')).toBeUndefined();
    expect(dueStop(s, '2027-06-25T00:00:00Z')?.stop.daysBefore).toBe(7);
    expect(dueStop(s, '2027-07-01T00:00:00Z')?.stop.expiry).toBe(true);
    expect(dueStop({ ...s, next: 3 }, '2027-06-25T00:00:00Z')).toBeUndefined();
  });
});

describe('carrying out a stop', () => {
  it('emails the current contact address once, even when two sweeps run at once or one runs again', async () => {
    const w = world();
    w.at(29);
    const outcomes = await Promise.all([carryOutDueStop(w.deps, 'cred-1'), carryOutDueStop(w.deps, 'cred-1')]);
    expect(outcomes.sort()).toEqual(['busy', 'reminded']);
    expect(await carryOutDueStop(w.deps, 'cred-1')).toBeUndefined();
    expect(w.mail.sent).toHaveLength(1);
    expect(w.mail.sent[0]).toMatchObject({ to: 'ada.new@example.org', tags: { purpose: 'reminder', credential: 'cred-1' } });
    expect(w.mail.sent[0]!.text).toContain('in 30 days');
    expect(w.events.published).toHaveLength(1);
    expect(credentialExpiringV1.parse(w.events.published[0]!.detail)).toMatchObject({ daysBefore: 30, learnerReminded: true, reminderId: 'cred-1#0' });
    expect(w.reminders.schedules.get('cred-1')).toMatchObject({ next: 1, nextDueAt: '2027-06-23T10:00:00Z' });
    expect(w.audit).toEqual(['REMINDER_SENT']);
  });

  it('ends with the expiry: CredentialExpired, the 0-day email, and nothing after', async () => {
    const w = world();
    w.at(-1);
    expect(await carryOutDueStop(w.deps, 'cred-1')).toBe('expired');
    expect(w.mail.sent[0]!.subject).toContain('has expired');
    expect(credentialExpiredV1.parse(w.events.published[0]!.detail)).toMatchObject({ credentialId: 'cred-1', learnerReminded: true });
    expect(w.reminders.schedules.get('cred-1')).toMatchObject({ next: 3, ended: { reason: 'DONE' } });
    expect(w.reminders.schedules.get('cred-1')?.nextDueAt).toBeUndefined();
    w.clock.advance(30 * DAY);
    expect(await sweepReminders(w.deps)).toMatchObject({ due: 0 });
  });

  it('sends nothing for a revoked or superseded credential, and ends its schedule', async () => {
    for (const change of [{ status: 'REVOKED' as const }, { supersededBy: { credentialId: 'cred-2', at: '2027-01-01T00:00:00Z', reason: 'renewed' } }]) {
      const w = world();
      w.credentials.set('cred-1', { ...w.record, ...change });
      w.at(6);
      expect(await carryOutDueStop(w.deps, 'cred-1')).toBe('ended');
      expect(w.mail.sent).toHaveLength(0);
      expect(w.events.published).toHaveLength(0);
      expect(w.reminders.schedules.get('cred-1')?.ended?.reason).toBe('status' in change ? 'REVOKED' : 'SUPERSEDED');
    }
  });

  it('honours the learner turning reminders off, a bounced address and a suspension: the event still goes out', async () => {
    const off = world();
    await off.reminders.repo.setOptOut('cred-1', '2027-01-01T00:00:00Z');
    const bounced = world({ delivery: 'BOUNCED' });
    const suspended = world({ status: 'SUSPENDED' });
    for (const w of [off, bounced, suspended]) {
      w.at(6);
      expect(await carryOutDueStop(w.deps, 'cred-1')).toBe('skipped');
      expect(w.mail.sent).toHaveLength(0);
      expect(credentialExpiringV1.parse(w.events.published[0]!.detail)).toMatchObject({ daysBefore: 7, learnerReminded: false });
    }
  });

  it("stops reminders to an address a reminder bounced from (SES feedback), and resumes them at the learner's new address", async () => {
    const w = world();
    w.at(29);
    expect(await carryOutDueStop(w.deps, 'cred-1')).toBe('reminded');
    const sent = w.mail.sent[0]!;
    expect(sent.tags?.to).toBe(addressHash('ada.new@example.org'));
    expect(JSON.stringify(sent.tags)).not.toContain('@');
    expect(await recordReminderFeedback(w.deps, { kind: 'BOUNCED', tags: Object.fromEntries(Object.entries(sent.tags!).map(([k, v]) => [k, [v]])), at: '2027-06-01T00:00:00Z' })).toBe(true);
    expect(await recordReminderFeedback(w.deps, { kind: 'BOUNCED', tags: { issuance: ['iss-1'] }, at: '2027-06-01T00:00:00Z' })).toBe(false);
    w.at(6);
    expect(await carryOutDueStop(w.deps, 'cred-1')).toBe('skipped');
    expect(w.mail.sent).toHaveLength(1);
    // The learner (or staff) gives a new address: the expiry email goes there.
    w.issuance.deliveryEmail = 'ada.third@example.org';
    w.at(-1);
    expect(await carryOutDueStop(w.deps, 'cred-1')).toBe('expired');
    expect(w.mail.sent.at(-1)?.to).toBe('ada.third@example.org');
  });

  it('gives the stop back when SES refuses the email, so the next sweep sends it', async () => {
    let refuse = true;
    const w = world({ failMail: () => (refuse ? Object.assign(new Error('Throttling'), { $metadata: { httpStatusCode: 429 } }) : undefined) });
    w.at(29);
    await expect(carryOutDueStop(w.deps, 'cred-1')).rejects.toThrow('Throttling');
    refuse = false;
    expect(await carryOutDueStop(w.deps, 'cred-1')).toBe('reminded');
    expect(w.mail.sent).toHaveLength(1);
    expect(w.events.published).toHaveLength(1);
  });
});

describe('the local scheduler', () => {
  it('reads spans and finds the next firing of a rate or a daily cron', () => {
    expect(parseSpan('30d')).toBe(30 * DAY);
    expect(parseSpan('-40d')).toBe(-40 * DAY);
    expect(() => parseSpan('soon')).toThrow(/not a span/);
    const t = Date.parse('2027-01-01T10:00:00Z');
    expect(new Date(nextFiring('cron(0 9 * * ? *)', t)).toISOString()).toBe('2027-01-02T09:00:00.000Z');
    expect(new Date(nextFiring('cron(30 11 * * ? *)', t)).toISOString()).toBe('2027-01-01T11:30:00.000Z');
    expect(new Date(nextFiring('rate(1 hour)', t)).toISOString()).toBe('2027-01-01T11:00:00.000Z');
    expect(() => nextFiring('cron(0 9 ? * MON *)', t)).toThrow(/does not understand/);
  });
});
