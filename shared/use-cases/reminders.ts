import { DETAIL_TYPES, type CredentialExpiredV1, type CredentialExpiringV1 } from '../../events/schemas';
import { mapLimit } from '../batches/pace';
import type { Clock } from '../clock';
import { reminderEmail } from '../email/reminder-emails';
import type { AchievementRepository } from '../entities/achievement';
import type { AuditLog } from '../entities/audit';
import type { ClaimLinkRepository } from '../entities/claim-link';
import type { CredentialRecord, CredentialRepository } from '../entities/credential';
import type { IssuanceRepository } from '../entities/issuance';
import { loadIssuer, type IssuerRepository } from '../entities/issuer';
import { addressHash, REMINDER_SHARDS, STOP_LEASE_MS, stopsOf, type ReminderRepository, type ReminderSchedule, type ReminderStop } from '../entities/reminder';
import { httpStatusOf } from '../errors';
import { publicUrls, type IssuerSettings } from '../issuer';
import type { EventBus, Mailer } from '../ports';
import { contactAddress, createClaimLink, LEARNER_ACTOR } from './learner-claims';

/**
 * Reminders before a credential expires, and its expiry, carried out by a daily sweep over the
 * schedules that are due (entities/reminder.ts), not by an EventBridge Scheduler schedule per
 * reminder. At a million credentials both cost about the same — $15 a month, $14 of it SES
 * (test/bench/reminder-cost.ts) — so the choice rests on correctness: a credential's schedule is
 * written in the same DynamoDB transaction as the credential (a CreateSchedule call cannot be),
 * nothing must be deleted when a credential is revoked or renewed (the sweep reads the credential),
 * a cohort of 80,000 does not make 320,000 CreateSchedule calls in its issuing path, and the local
 * cloud runs it as AWS does. Scheduler delivers at least once too: the leases below are needed either way.
 *
 * Each stop happens once, however often the sweep runs (the scheduler fires twice, two overlap, a
 * run is retried): a stop is claimed (a lease) before its email and event, recorded after, and the
 * schedule moves on only from the stop it was at. None for a credential revoked or replaced
 * (renewed, corrected): the credential itself is read before each stop, and its schedule ends.
 * A sweep that did not run for days catches up: of the reminders it missed, only the latest is
 * sent ("in 7 days", not also "in 30 days").
 */
export interface ReminderDeps {
  reminders: Pick<ReminderRepository, 'due' | 'get' | 'advance' | 'end' | 'claimStop' | 'recordStop' | 'releaseStop'>;
  credentials: Pick<CredentialRepository, 'get'>;
  issuances: Pick<IssuanceRepository, 'get'>;
  achievements: Pick<AchievementRepository, 'getVersion'>;
  issuers: Pick<IssuerRepository, 'get'>;
  claimLinks: Pick<ClaimLinkRepository, 'create'>;
  mailer: Mailer;
  eventBus: EventBus;
  audit: Pick<AuditLog, 'append'>;
  clock: Clock;
  settings: { publicBaseUrl: string; issuer: IssuerSettings };
}

export const REMINDER_ACTOR = { kind: 'system' as const, name: 'expiry reminders' };

export interface SweepReport {
  due: number;
  reminded: number;
  expired: number;
  skipped: number;
  ended: number;
  /** Another attempt holds the stop, or moved the schedule on first. */
  busy: number;
}

type Outcome = keyof Omit<SweepReport, 'due'>;

/** Carries out every due stop, shard by shard; `hasTime` stops it early (the next run goes on). */
export async function sweepReminders(deps: ReminderDeps, options: { hasTime?: () => boolean; concurrency?: number } = {}): Promise<SweepReport> {
  const report: SweepReport = { due: 0, reminded: 0, expired: 0, skipped: 0, ended: 0, busy: 0 };
  const now = deps.clock.now().toISOString();
  for (let shard = 0; shard < REMINDER_SHARDS; shard++) {
    let after: Record<string, unknown> | undefined;
    do {
      if (options.hasTime && !options.hasTime()) return report;
      const page = await deps.reminders.due(shard, now, { limit: 200, after });
      report.due += page.items.length;
      const outcomes = await mapLimit(page.items, options.concurrency ?? 8, (s) => carryOutDueStop(deps, s.credentialId));
      for (const o of outcomes) if (o) report[o]++;
      after = page.next;
    } while (after);
  }
  return report;
}

/** The stop a schedule is due for, if any: of those past, the latest (its index), since a missed reminder is stale. */
export function dueStop(schedule: Pick<ReminderSchedule, 'next' | 'daysBefore' | 'validUntil'>, now: string): { n: number; stop: ReminderStop; stops: ReminderStop[] } | undefined {
  const stops = stopsOf(schedule);
  let n = -1;
  for (let i = schedule.next; i < stops.length; i++) if (stops[i]!.dueAt <= now) n = i;
  return n < 0 ? undefined : { n, stop: stops[n]!, stops };
}

/** One credential's due stop, once. Answers what happened (undefined: nothing was due after all). */
export async function carryOutDueStop(deps: ReminderDeps, credentialId: string): Promise<Outcome | undefined> {
  const now = deps.clock.now();
  const at = now.toISOString();
  // The index is eventually consistent and shared by overlapping sweeps: the item decides.
  const schedule = await deps.reminders.get(credentialId);
  if (!schedule || schedule.ended || !schedule.nextDueAt || schedule.nextDueAt > at) return undefined;
  const record = await deps.credentials.get(credentialId);
  const gone = !record ? 'REVOKED' : record.status === 'REVOKED' ? 'REVOKED' : record.supersededBy ? 'SUPERSEDED' : undefined;
  if (gone) return (await deps.reminders.end(credentialId, { at, reason: gone })) ? 'ended' : 'busy';
  const due = dueStop(schedule, at);
  if (!due) return undefined;
  const { n, stop, stops } = due;
  if (!(await deps.reminders.claimStop(credentialId, n, at, new Date(now.getTime() - STOP_LEASE_MS).toISOString()))) return 'busy';
  const email = await remind(deps, schedule, record!, stop, n, at);
  await publishStop(deps, schedule, stop, n, email.messageId !== undefined);
  await deps.reminders.recordStop(credentialId, n, { doneAt: deps.clock.now().toISOString(), ...email });
  await deps.audit.append(
    { type: 'credential', id: credentialId },
    {
      actor: REMINDER_ACTOR,
      action: stop.expiry ? 'EXPIRED' : 'REMINDER_SENT',
      after: { validUntil: schedule.validUntil, daysBefore: stop.daysBefore, ...(email.messageId ? { messageId: email.messageId } : { emailed: false, why: email.skipped ?? 'no email at this stop' }) },
    },
  );
  const following = stops[n + 1];
  await deps.reminders.advance(credentialId, schedule.next, n + 1, following?.dueAt, following ? undefined : { at, reason: 'DONE' });
  if (stop.expiry) return 'expired';
  return email.messageId ? 'reminded' : 'skipped';
}

/** Why no email goes out at this stop, if none does. */
function whyNoEmail(schedule: ReminderSchedule, record: CredentialRecord, stop: ReminderStop, bounced: boolean): string | undefined {
  // (bounced: SES's word on the credential email, or on an earlier reminder, to the address written to now.)
  if (!stop.email) return 'no reminder on this day';
  if (schedule.optedOutAt) return 'the learner turned reminders off';
  if (record.status !== 'ACTIVE') return `the credential is ${record.status.toLowerCase()}`;
  if (bounced) return 'the learner’s address bounced or complained';
  return undefined;
}

/** Emails the learner at their current address with a fresh claim link, unless there is a reason not to. */
async function remind(deps: ReminderDeps, schedule: ReminderSchedule, record: CredentialRecord, stop: ReminderStop, n: number, claimedAt: string): Promise<{ messageId?: string; skipped?: string }> {
  const issuance = await deps.issuances.get(record.issuanceId);
  if (!issuance) return { skipped: 'the issuance is gone' };
  // Bounces are honoured: SES's latest word on the address Laurel writes to now, for the
  // credential's email or for an earlier reminder (a changed address resumes them).
  const to = addressHash(contactAddress(issuance));
  const bounced = issuance.delivery?.status === 'BOUNCED' || issuance.delivery?.status === 'COMPLAINED' || schedule.bounced?.addressHash === to;
  const skipped = whyNoEmail(schedule, record, stop, bounced);
  if (skipped) return { skipped };
  const [achievement, issuer] = await Promise.all([
    deps.achievements.getVersion(record.achievementId, record.achievementVersion),
    loadIssuer({ issuers: deps.issuers, defaultIssuer: deps.settings.issuer }, record.issuerId),
  ]);
  const claim = await createClaimLink(deps, { credentialId: record.id, issuanceId: record.issuanceId });
  const email = reminderEmail({
    achievementName: achievement?.name ?? 'your credential',
    issuerName: issuer?.name ?? deps.settings.issuer.name,
    validUntil: schedule.validUntil,
    daysBefore: stop.daysBefore,
    claimUrl: claim.url,
    credentialUrl: publicUrls(deps.settings.publicBaseUrl).credential(record.id),
  });
  try {
    const { messageId } = await deps.mailer.send({ to: contactAddress(issuance), ...email, tags: { issuance: issuance.id, credential: record.id, purpose: 'reminder', to } });
    return { messageId };
  } catch (e) {
    // SES answered with an error: nothing went, so the stop is given back for the next run. No
    // answer at all (a timeout) is ambiguous: the lease stays, and the email is not sent twice.
    if (httpStatusOf(e) !== undefined) await deps.reminders.releaseStop(record.id, n, claimedAt);
    throw e;
  }
}

async function publishStop(deps: ReminderDeps, schedule: ReminderSchedule, stop: ReminderStop, n: number, learnerReminded: boolean) {
  const credentialUrl = publicUrls(deps.settings.publicBaseUrl).credential(schedule.credentialId);
  const common = {
    version: '1' as const,
    reminderId: `${schedule.credentialId}#${n}`,
    credentialId: schedule.credentialId,
    credentialUrl,
    issuanceId: schedule.issuanceId,
    achievementId: schedule.achievementId,
    issuerId: schedule.issuerId,
    validUntil: schedule.validUntil,
    learnerReminded,
  };
  const event = stop.expiry
    ? { detailType: DETAIL_TYPES.credentialExpired, detail: common satisfies CredentialExpiredV1 }
    : { detailType: DETAIL_TYPES.credentialExpiring, detail: { ...common, daysBefore: stop.daysBefore } satisfies CredentialExpiringV1 };
  await deps.eventBus.publish([{ ...event, resources: [credentialUrl] }]);
}

/** The learner turns reminders off (or on again) for this credential, from their claim page. */
export async function setRemindersOff(deps: { reminders: Pick<ReminderRepository, 'setOptOut'>; audit: Pick<AuditLog, 'append'>; clock: Clock }, credentialId: string, off: boolean): Promise<boolean> {
  const at = deps.clock.now().toISOString();
  const updated = await deps.reminders.setOptOut(credentialId, off ? at : undefined);
  if (!updated) return false;
  await deps.audit.append({ type: 'credential', id: credentialId }, { actor: LEARNER_ACTOR, action: off ? 'REMINDERS_OFF' : 'REMINDERS_ON', after: { remindersOff: off } });
  return true;
}
