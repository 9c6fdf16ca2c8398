import type { ReminderRepository, ReminderSchedule } from '../../shared/entities/reminder';

/**
 * The reminder repository in memory, keeping the conditions the DynamoDB one states: a stop is
 * claimed once per lease (and never after it was done), a schedule moves only from the stop it is
 * at, ends once. Every due schedule is in shard 0 (the sweep asks each shard).
 */
export type MemoryReminderRepository = Pick<ReminderRepository, 'due' | 'get' | 'advance' | 'end' | 'claimStop' | 'recordStop' | 'releaseStop' | 'setOptOut' | 'markBounced'>;

export function memoryReminders() {
  const schedules = new Map<string, ReminderSchedule>();
  const stops = new Map<string, { claimedAt: string; doneAt?: string; messageId?: string; skipped?: string }>();
  const repo: MemoryReminderRepository = {
    async markBounced(id, bounced) {
      const s = schedules.get(id);
      if (!s) return undefined;
      schedules.set(id, { ...s, bounced });
      return schedules.get(id);
    },
    async due(_shard, now) {
      // One shard holds them all here: the sweep asks each shard, so answer shard 0 only.
      return { items: _shard === 0 ? [...schedules.values()].filter((s) => s.nextDueAt && s.nextDueAt <= now) : [], next: undefined };
    },
    get: async (id) => (schedules.has(id) ? structuredClone(schedules.get(id)!) : undefined),
    async advance(id, from, to, dueAt, ended) {
      const s = schedules.get(id);
      if (!s || s.next !== from) return undefined;
      const { nextDueAt: _n, ...rest } = s;
      const next: ReminderSchedule = { ...rest, next: to, ...(dueAt ? { nextDueAt: dueAt } : {}), ...(!dueAt && ended ? { ended } : {}) };
      schedules.set(id, next);
      return next;
    },
    async end(id, ended) {
      const s = schedules.get(id);
      if (!s || s.ended) return undefined;
      const { nextDueAt: _n, ...rest } = s;
      schedules.set(id, { ...rest, ended });
      return schedules.get(id);
    },
    async setOptOut(id, at) {
      const s = schedules.get(id);
      if (!s) return undefined;
      const { optedOutAt: _o, ...rest } = s;
      schedules.set(id, { ...rest, ...(at ? { optedOutAt: at } : {}) });
      return schedules.get(id);
    },
    async claimStop(id, n, claimedAt, staleBefore) {
      const key = `${id}#${n}`;
      const existing = stops.get(key);
      if (existing && (existing.doneAt || existing.claimedAt >= staleBefore)) return false;
      stops.set(key, { claimedAt });
      return true;
    },
    async recordStop(id, n, outcome) {
      stops.set(`${id}#${n}`, { ...stops.get(`${id}#${n}`)!, ...outcome });
    },
    async releaseStop(id, n, claimedAt) {
      if (stops.get(`${id}#${n}`)?.claimedAt === claimedAt && !stops.get(`${id}#${n}`)?.doneAt) stops.delete(`${id}#${n}`);
    },
  };
  return { repo, schedules, stops };
}
