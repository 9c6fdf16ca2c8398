import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../zod';
import { built } from '../built';
import { createHash } from 'node:crypto';
import { isConditionFailure, withoutKeys } from './keys';

/**
 * Reminder schedule — what is still to happen before and at a credential's expiry: each reminder
 * (days before `validUntil`) and, last, the expiry itself. One item per credential with a
 * validity, written with its record; the daily sweep (use-cases/reminders.ts) reads only the
 * schedules whose next stop is due, from a sparse, sharded index that holds a schedule only while
 * a stop remains.
 *
 * Stop claim — "an attempt is carrying out stop n of this schedule": the lease that keeps a
 * reminder email (and its event) from going out twice when the scheduler fires twice, two sweeps
 * overlap, or one retries. Like the credential email's (delivery-claim.ts): claimed before, the
 * message id recorded after; a claim whose attempt never came back can be taken again after the lease.
 *
 * Access patterns
 * - get a credential's schedule:          PK=REMINDER#<credentialId>  SK=SCHEDULE
 * - schedules due by a time (the sweep):  GSI1PK=REMINDERS#<shard 0..15>  GSI1SK=<nextDueAt>#<credentialId>
 *   (16 shards, by the credential id's hash: a cohort of 80,000 issued in an hour, whose reminders
 *   fall on the same days, writes 16 index partitions, none near its 1,000 writes a second)
 * - claim / record one stop:              PK=REMINDER#<credentialId>  SK=STOP#<n, 2 digits>
 */
export const REMINDER_SHARDS = 16;

/** How a reminder's address is named in its SES tags and on its schedule: never in clear text. */
export const addressHash = (address: string) => createHash('sha256').update(address.trim().toLowerCase()).digest('hex');

/** A stop: a reminder so many days before the expiry, or the expiry (`daysBefore` 0 and `expiry`). */
export interface ReminderStop {
  daysBefore: number;
  dueAt: string;
  /** The last stop: the credential expires (CredentialExpired); it emails only if 0 days is a reminder. */
  expiry: boolean;
  email: boolean;
}

export const reminderSchedule = /* @__PURE__ */ built(() => z.object({
  credentialId: z.string(),
  issuanceId: z.string(),
  issuerId: z.string(),
  achievementId: z.string(),
  validUntil: z.string(),
  /** The reminders' days before expiry, most distant first (the achievement version's policy). */
  daysBefore: z.array(z.int()),
  /** The index of the next stop to carry out (stops: see `stopsOf`). */
  next: z.int(),
  /** Absent once every stop is done or the schedule ended. */
  nextDueAt: z.optional(z.string()),
  /** The learner turned reminders off for this credential (claim page); the expiry event still goes out. */
  optedOutAt: z.optional(z.string()),
  ended: z.optional(z.object({ at: z.string(), reason: z.enum(['DONE', 'REVOKED', 'SUPERSEDED']) })),
  /** A reminder to this address (its SHA-256) bounced or drew a complaint: no more to it; a new address resumes them. */
  bounced: z.optional(z.object({ at: z.string(), addressHash: z.string() })),
}));
export type ReminderSchedule = z.infer<typeof reminderSchedule>;

const DAY_MS = 86_400_000;

/** The schedule's stops in order: each reminder (most distant first), then the expiry. */
export function stopsOf(s: Pick<ReminderSchedule, 'daysBefore' | 'validUntil'>): ReminderStop[] {
  const end = Date.parse(s.validUntil);
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return [
    ...s.daysBefore.filter((d) => d > 0).map((d) => ({ daysBefore: d, dueAt: iso(end - d * DAY_MS), expiry: false, email: true })),
    { daysBefore: 0, dueAt: iso(end), expiry: true, email: s.daysBefore.includes(0) },
  ];
}

const shardOf = (credentialId: string) => createHash('sha256').update(credentialId).digest()[0]! % REMINDER_SHARDS;

export const reminderKeys = {
  schedule: (credentialId: string) => ({ PK: `REMINDER#${credentialId}`, SK: 'SCHEDULE' }),
  due: (credentialId: string, dueAt: string) => ({ GSI1PK: `REMINDERS#${shardOf(credentialId)}`, GSI1SK: `${dueAt}#${credentialId}` }),
  stop: (credentialId: string, n: number) => ({ PK: `REMINDER#${credentialId}`, SK: `STOP#${String(n).padStart(2, '0')}` }),
};

/** A new schedule for a credential expiring at `validUntil`, at its first stop (those already past are skipped by the sweep). */
export function newReminderSchedule(c: Omit<ReminderSchedule, 'next' | 'nextDueAt' | 'daysBefore'>, daysBefore: readonly number[]): ReminderSchedule {
  const schedule = { ...c, daysBefore: [...new Set(daysBefore)].sort((a, b) => b - a), next: 0 };
  return { ...schedule, nextDueAt: stopsOf(schedule)[0]!.dueAt };
}

/** What the credential's write stores beside it: its achievement version's reminder days, and (a reissue) the stop it is at. */
export interface ReminderPlan {
  daysBefore: readonly number[];
  next?: number;
}

/** The schedule item written with a credential record, if the credential expires. */
export function reminderItemFor(
  c: { id: string; issuanceId: string; issuerId: string; achievementId: string; validUntil?: string | undefined },
  plan: ReminderPlan | undefined,
): Record<string, unknown> | undefined {
  if (!c.validUntil) return undefined;
  const fresh = newReminderSchedule({ credentialId: c.id, issuanceId: c.issuanceId, issuerId: c.issuerId, achievementId: c.achievementId, validUntil: c.validUntil }, plan?.daysBefore ?? []);
  const stops = stopsOf(fresh);
  const next = Math.min(plan?.next ?? 0, stops.length);
  const { nextDueAt: _n, ...rest } = fresh;
  return reminderScheduleToItem({ ...rest, next, ...(next < stops.length ? { nextDueAt: stops[next]!.dueAt } : { ended: { at: c.validUntil, reason: 'DONE' } }) });
}

export const reminderScheduleToItem = (s: ReminderSchedule) => ({
  ...reminderKeys.schedule(s.credentialId),
  ...(s.nextDueAt ? reminderKeys.due(s.credentialId, s.nextDueAt) : {}),
  entity: 'ReminderSchedule',
  ...s,
});
const scheduleFromItem = (item: Record<string, unknown>) => reminderSchedule.parse(withoutKeys(item));

/** How long a claimed stop blocks another attempt: longer than the sweep function may run. */
export const STOP_LEASE_MS = 20 * 60_000;

export function reminderRepository(db: DynamoDBDocumentClient, tableName: string) {
  const update = async (credentialId: string, input: { UpdateExpression: string; ConditionExpression: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> }) => {
    try {
      const { Attributes } = await db.send(new UpdateCommand({ TableName: tableName, Key: reminderKeys.schedule(credentialId), ...input, ReturnValues: 'ALL_NEW' }));
      return scheduleFromItem(Attributes!);
    } catch (e) {
      if (isConditionFailure(e)) return undefined;
      throw e;
    }
  };
  return {
    /** The item to write in the credential's own write (or alone: `putOnce`). */
    toItem: reminderScheduleToItem,
    /** Idempotent: a retried record step finds its schedule and leaves it as it is. */
    async putOnce(s: ReminderSchedule): Promise<boolean> {
      try {
        await db.send(new PutCommand({ TableName: tableName, Item: reminderScheduleToItem(s), ConditionExpression: 'attribute_not_exists(PK)' }));
        return true;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },
    async get(credentialId: string): Promise<ReminderSchedule | undefined> {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: reminderKeys.schedule(credentialId), ConsistentRead: true }));
      return Item ? scheduleFromItem(Item) : undefined;
    },
    /** One page of one shard's schedules due by `now`, oldest first (the index is eventually consistent: the sweep re-reads each). */
    async due(shard: number, now: string, page: { limit: number; after?: Record<string, unknown> | undefined }) {
      const { Items = [], LastEvaluatedKey } = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK <= :now',
          ExpressionAttributeValues: { ':pk': `REMINDERS#${shard}`, ':now': `${now}#~` },
          Limit: page.limit,
          ...(page.after ? { ExclusiveStartKey: page.after } : {}),
        }),
      );
      return { items: Items.map(scheduleFromItem), next: LastEvaluatedKey };
    },
    /**
     * Moves the schedule from stop `from` to stop `to` (due at `dueAt`), or ends it (no `dueAt`):
     * only if it is still at `from`, so of two sweeps only one moves it. Undefined when another did.
     */
    async advance(credentialId: string, from: number, to: number, dueAt: string | undefined, ended?: ReminderSchedule['ended']) {
      const due = dueAt ? reminderKeys.due(credentialId, dueAt) : undefined;
      return update(credentialId, {
        UpdateExpression: due
          ? 'SET #next = :to, nextDueAt = :dueAt, GSI1PK = :gpk, GSI1SK = :gsk'
          : `SET #next = :to${ended ? ', ended = :ended' : ''} REMOVE nextDueAt, GSI1PK, GSI1SK`,
        ConditionExpression: 'attribute_exists(PK) AND #next = :from',
        ExpressionAttributeNames: { '#next': 'next' },
        ExpressionAttributeValues: { ':from': from, ':to': to, ...(due ? { ':dueAt': dueAt, ':gpk': due.GSI1PK, ':gsk': due.GSI1SK } : {}), ...(!due && ended ? { ':ended': ended } : {}) },
      });
    },
    /** Ends the schedule now (revoked, superseded): nothing more is sent. Undefined if it had ended. */
    end: (credentialId: string, ended: NonNullable<ReminderSchedule['ended']>) =>
      update(credentialId, {
        UpdateExpression: 'SET ended = :ended REMOVE nextDueAt, GSI1PK, GSI1SK',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(ended)',
        ExpressionAttributeValues: { ':ended': ended },
      }),
    /** SES said a reminder to this address bounced or drew a complaint (delivery feedback). */
    markBounced: (credentialId: string, bounced: NonNullable<ReminderSchedule['bounced']>) =>
      update(credentialId, { UpdateExpression: 'SET bounced = :b', ConditionExpression: 'attribute_exists(PK)', ExpressionAttributeValues: { ':b': bounced } }),
    /** The learner's choice for this credential: reminders off (a time) or back on (undefined). */
    setOptOut: (credentialId: string, at: string | undefined) =>
      update(credentialId, {
        UpdateExpression: at ? 'SET optedOutAt = :at' : 'REMOVE optedOutAt',
        ConditionExpression: 'attribute_exists(PK)',
        ...(at ? { ExpressionAttributeValues: { ':at': at } } : {}),
      }),
    /** Takes the lease on stop n: false while another attempt holds it, or once the stop was done. */
    async claimStop(credentialId: string, n: number, claimedAt: string, staleBefore: string): Promise<boolean> {
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...reminderKeys.stop(credentialId, n), entity: 'ReminderStop', credentialId, stop: n, claimedAt },
            ConditionExpression: 'attribute_not_exists(PK) OR (claimedAt < :stale AND attribute_not_exists(doneAt))',
            ExpressionAttributeValues: { ':stale': staleBefore },
          }),
        );
        return true;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },
    /** Records what stop n did (the email's message id, or why none was sent). */
    async recordStop(credentialId: string, n: number, outcome: { doneAt: string; messageId?: string; skipped?: string }) {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: reminderKeys.stop(credentialId, n),
          UpdateExpression: `SET doneAt = :doneAt${outcome.messageId ? ', messageId = :m' : ''}${outcome.skipped ? ', skipped = :s' : ''}`,
          ExpressionAttributeValues: { ':doneAt': outcome.doneAt, ...(outcome.messageId ? { ':m': outcome.messageId } : {}), ...(outcome.skipped ? { ':s': outcome.skipped } : {}) },
        }),
      );
    },
    /** Gives a claimed stop back (SES refused the email: nothing went), so the next sweep tries again. */
    async releaseStop(credentialId: string, n: number, claimedAt: string) {
      try {
        await db.send(new DeleteCommand({ TableName: tableName, Key: reminderKeys.stop(credentialId, n), ConditionExpression: 'claimedAt = :c AND attribute_not_exists(doneAt)', ExpressionAttributeValues: { ':c': claimedAt } }));
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
      }
    },
    /** What each stop did, in order: the credential's reminder history (staff, the claim page). */
    async stops(credentialId: string): Promise<{ stop: number; claimedAt: string; doneAt?: string; messageId?: string; skipped?: string }[]> {
      const { Items = [] } = await db.send(
        new QueryCommand({ TableName: tableName, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :stop)', ExpressionAttributeValues: { ':pk': `REMINDER#${credentialId}`, ':stop': 'STOP#' }, ConsistentRead: true }),
      );
      return Items.map((i) => ({ stop: i.stop as number, claimedAt: i.claimedAt as string, ...(i.doneAt ? { doneAt: i.doneAt as string } : {}), ...(i.messageId ? { messageId: i.messageId as string } : {}), ...(i.skipped ? { skipped: i.skipped as string } : {}) }));
    },
  };
}
export type ReminderRepository = ReturnType<typeof reminderRepository>;
