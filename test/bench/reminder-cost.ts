/**
 * `npm run bench:reminder-cost` — what expiry reminders cost at one million credentials, for the
 * two designs issue #20 asked to compare: the daily sweep Laurel runs (shared/use-cases/
 * reminders.ts) and one EventBridge Scheduler one-time schedule per reminder.
 *
 * The requests each stop makes are COUNTED by running the real sweep over in-memory ports that
 * count what they are asked (DynamoDB reads and writes by kind, emails, events, audit appends),
 * then priced with test/bench/aws-prices.ts. The Scheduler design's extra requests are the ones it
 * cannot avoid: a CreateSchedule per stop at issue, an invocation per stop, a Lambda invocation per
 * stop instead of one a day, and a DeleteSchedule per stop left when a credential is revoked or
 * renewed. Item sizes are the ones these items have (a schedule item about 0.5 KB): every write
 * below is one write unit, every strongly consistent read of an item under 4 KB one read unit.
 */
import { PRICES } from './aws-prices';
import { newReminderSchedule } from '../../shared/entities/reminder';
import type { CredentialRecord } from '../../shared/entities/credential';
import type { Issuance } from '../../shared/entities/issuance';
import { sweepReminders, type ReminderDeps } from '../../shared/use-cases/reminders';
import { fixedClock, memoryEventBus, memoryMailer } from '../support/memory-ports';
import { memoryReminders } from '../support/memory-reminders';

const CREDENTIALS = 1_000_000;
const VALIDITY_YEARS = 2;
const DAYS_BEFORE = [90, 30, 7, 0]; // three reminders and the expiry email
const REVOKED_OR_RENEWED_EARLY = 0.3; // credentials whose remaining stops are cancelled before they fall
const SAMPLE = 2_000;

/** Counts what the sweep asks of each port, per kind. */
const counts: Record<string, number> = {};
const count = (kind: string) => void (counts[kind] = (counts[kind] ?? 0) + 1);

function countingDeps(): ReminderDeps & { clock: ReturnType<typeof fixedClock> } {
  const clock = fixedClock('2027-01-01T09:00:00Z');
  const { repo, schedules } = memoryReminders();
  const validUntil = '2027-03-01T10:00:00Z';
  for (let i = 0; i < SAMPLE; i++) {
    schedules.set(`c${i}`, newReminderSchedule({ credentialId: `c${i}`, issuanceId: `i${i}`, issuerId: 'main', achievementId: 'a', validUntil }, DAYS_BEFORE));
  }
  // The shared in-memory repository, each call counted as the DynamoDB request it makes.
  const reminders: ReminderDeps['reminders'] = {
    async due(shard, now, page) {
      count('query');
      const found = await repo.due(shard, now, page);
      counts.queryItems = (counts.queryItems ?? 0) + found.items.length;
      return found;
    },
    get: (id) => (count('read'), repo.get(id)),
    advance: (id, from, to, dueAt, ended) => {
      count('write');
      // A moved index key: the index deletes the old entry and writes the new one.
      count(dueAt ? 'indexWrite2' : 'indexWrite1');
      return repo.advance(id, from, to, dueAt, ended);
    },
    end: (id, ended) => (count('write'), repo.end(id, ended)),
    claimStop: (id, n, claimedAt, staleBefore) => (count('write'), repo.claimStop(id, n, claimedAt, staleBefore)),
    recordStop: (id, n, outcome) => (count('write'), repo.recordStop(id, n, outcome)),
    releaseStop: (id, n, claimedAt) => (count('write'), repo.releaseStop(id, n, claimedAt)),
  };
  const mail = memoryMailer();
  const events = memoryEventBus();
  return {
    reminders,
    credentials: { get: async (id) => (count('read'), { id, issuanceId: 'i', achievementId: 'a', achievementVersion: 1, issuerId: 'main', status: 'ACTIVE', validUntil } as CredentialRecord) },
    issuances: { get: async () => (count('read'), { id: 'i', recipient: { email: 'ada@example.org' } } as unknown as Issuance) },
    achievements: { getVersion: async () => (count('read'), { name: 'First aid' }) as never },
    issuers: { get: async () => (count('read'), undefined) },
    claimLinks: { create: async () => void count('write') },
    mailer: { send: async (e) => (count('email'), mail.mailer.send(e)) },
    eventBus: { publish: async (e) => (count('event'), events.bus.publish(e)) },
    // The audit writer (a Lambda) appends the event and moves the subject's head: two writes, a read.
    audit: { append: async () => (count('auditInvoke'), count('write'), count('write'), count('read')) as never },
    clock,
    settings: { publicBaseUrl: 'https://badges.example.edu', issuer: { issuerId: 'main', name: 'Example University', url: 'https://example.edu' } },
  };
}

// Run the sweep at each stop's day (twice each: the second run must find nothing to do).
const deps = countingDeps();
let sweeps = 0;
for (const day of ['2026-12-01', '2027-01-30', '2027-02-22', '2027-03-02']) {
  deps.clock.set(`${day}T11:00:00Z`);
  await sweepReminders(deps);
  await sweepReminders(deps);
  sweeps += 2;
}
const stopsRun = SAMPLE * DAYS_BEFORE.length;
const per = (kind: string) => (counts[kind] ?? 0) / stopsRun;

// Per month at a million credentials, each with its stops once in its life of VALIDITY_YEARS.
const stopsPerMonth = (CREDENTIALS / (VALIDITY_YEARS * 12)) * DAYS_BEFORE.length * (1 - REVOKED_OR_RENEWED_EARLY / 2);
const emailsPerMonth = stopsPerMonth * per('email');
const shared = {
  'SES emails': emailsPerMonth * PRICES.sesEmail,
  'EventBridge events': stopsPerMonth * per('event') * PRICES.eventBridgeEvent,
  'DynamoDB reads and writes of each stop': stopsPerMonth * (per('write') * PRICES.dynamoWrite + per('read') * PRICES.dynamoRead),
  'audit writer invocations': stopsPerMonth * per('auditInvoke') * (PRICES.lambdaRequest + 0.05 * 0.25 * PRICES.lambdaGbSecondArm),
};
const GB = 1024 ** 3;
const sweep = {
  'the sweep’s index writes (moving a schedule’s due key)': stopsPerMonth * (per('indexWrite2') * 2 + per('indexWrite1')) * PRICES.dynamoWrite,
  'a schedule item per credential, written at issue (item and index)': (CREDENTIALS / (VALIDITY_YEARS * 12)) * 2 * PRICES.dynamoWrite,
  'the daily sweep: 16 shard queries and the due items read (eventually consistent)': 30 * (16 * 0.5 + (stopsPerMonth / 30) * 0.6 / 4 * 0.5) * PRICES.dynamoRead,
  'the daily sweep’s Lambda (30 runs, ~40 ms a stop over 8 at a time, 512 MB)': 30 * PRICES.lambdaRequest + stopsPerMonth * (0.04 / 8) * 0.5 * PRICES.lambdaGbSecondArm,
  'storage: a 0.5 KB schedule and its index entry per credential': ((CREDENTIALS * 1024) / GB) * 0.25,
};
const scheduler = {
  'Scheduler invocations (one per stop; $1.00 per million beyond 14 million free a month)': stopsPerMonth * (1.0 / 1e6),
  'a Lambda invocation per stop (~150 ms at 512 MB: a cold start now and then)': stopsPerMonth * (PRICES.lambdaRequest + 0.15 * 0.5 * PRICES.lambdaGbSecondArm),
  'DeleteSchedule calls for revoked and renewed credentials (API calls are not billed)': 0,
};
const total = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
const usd = (n: number) => `$${n.toFixed(n < 1 ? 4 : 2)}`;

console.log(`Expiry reminders at ${CREDENTIALS.toLocaleString('en')} credentials (valid ${VALIDITY_YEARS} years, stops ${DAYS_BEFORE.join('/')} days before), prices ${PRICES.region} ${PRICES.date}`);
console.log(`Counted over ${SAMPLE.toLocaleString('en')} credentials × ${DAYS_BEFORE.length} stops, ${sweeps} sweeps (each day run twice): per stop ${per('read').toFixed(2)} reads, ${per('write').toFixed(2)} writes, ${per('email').toFixed(2)} emails, ${per('event').toFixed(2)} events; second runs sent ${counts.email === SAMPLE * DAYS_BEFORE.length ? 'nothing' : 'SOMETHING — a bug'}`);
console.log(`≈ ${Math.round(stopsPerMonth).toLocaleString('en')} stops and ${Math.round(emailsPerMonth).toLocaleString('en')} emails a month\n`);
for (const [title, part] of [['Both designs pay', shared], ['Daily sweep (Laurel)', sweep], ['One Scheduler schedule per stop', scheduler]] as const) {
  console.log(`${title}: ${usd(total(part))} a month`);
  for (const [k, v] of Object.entries(part)) console.log(`  ${usd(v).padStart(10)}  ${k}`);
}
console.log(`\nTotal a month: sweep ${usd(total(shared) + total(sweep))}, Scheduler ${usd(total(shared) + total(scheduler))} (of which SES ${usd(shared['SES emails'])}).`);
