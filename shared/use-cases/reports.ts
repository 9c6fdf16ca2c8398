import type { IssuanceSummary } from '../entities/issuance';
import { monthOf, timeRange } from '../entities/time-index';
import { ValidationError } from '../errors';
import type { Clock } from '../clock';

/**
 * Reports over the issuances requested in a period, read from the time index's month
 * partitions (a summary projection, never a Scan) and aggregated here. A period holding more
 * than MAX_REPORT_ROWS issuances is refused with a 422 asking for a shorter one.
 */
export const MAX_REPORT_ROWS = 200_000;

export type ReportName = 'issuances' | 'approval-turnaround' | 'deliveries';
export type Dimension = 'achievement' | 'cohort' | 'campus' | 'programme' | 'month';
export type Row = Record<string, string | number | null>;

export interface ReportDeps {
  issuances: {
    readPeriod(q: { range: { from: string; to: string }; achievementId?: string | undefined; max: number }): Promise<{ items: IssuanceSummary[]; truncated: boolean }>;
  };
  clock: Clock;
}

const PENDING = new Set(['REQUESTED', 'AWAITING_APPROVAL', 'APPROVED', 'SIGNED', 'STORED', 'DELIVERED']);

const dimensionOf = (i: IssuanceSummary, d: Dimension): string =>
  d === 'achievement' ? i.achievementId : d === 'month' ? monthOf(i.requestedAt) : (i[d] ?? '');

const groupKey = (i: IssuanceSummary, dims: readonly Dimension[]) => dims.map((d) => dimensionOf(i, d));

function groupBy<T>(items: IssuanceSummary[], dims: readonly Dimension[], init: () => T, add: (acc: T, i: IssuanceSummary) => void) {
  const groups = new Map<string, { key: string[]; acc: T }>();
  for (const i of items) {
    const key = groupKey(i, dims);
    const id = JSON.stringify(key);
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { key, acc: init() }));
    add(g.acc, i);
  }
  return [...groups.values()].sort((a, b) => (a.key.join('\u0000') < b.key.join('\u0000') ? -1 : 1));
}

/** A dimension's column: the achievement's is named for what it holds. */
const columnOf = (d: Dimension) => (d === 'achievement' ? 'achievementId' : d);

const dimensionColumns = (dims: readonly Dimension[], key: string[]): Row => Object.fromEntries(dims.map((d, n) => [columnOf(d), key[n] ?? '']));

/** The columns of each report after its dimensions (a CSV has them even when no row does). */
const ISSUANCE_COUNTS = ['requested', 'issued', 'pending', 'rejected', 'expired', 'failed', 'cancelled', 'revoked', 'suspended'] as const;
const TURNAROUND_COLUMNS = ['achievementId', 'decided', 'approved', 'rejected', 'medianHours', 'p90Hours'] as const;
const DELIVERY_COUNTS = ['sent', 'delivered', 'bounced', 'complained', 'awaitingFeedback'] as const;
const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** Counts by state: what was issued, is still pending, was refused, and what happened after. */
export function issuanceCounts(items: IssuanceSummary[], dims: readonly Dimension[]): Row[] {
  return groupBy(
    items,
    dims,
    () => zeros(ISSUANCE_COUNTS),
    (c, i) => {
      c.requested++;
      if (i.status === 'ISSUED') c.issued++;
      else if (PENDING.has(i.status)) c.pending++;
      else if (i.status === 'REJECTED') c.rejected++;
      else if (i.status === 'EXPIRED') c.expired++;
      else if (i.status === 'FAILED') c.failed++;
      else if (i.status === 'CANCELLED') c.cancelled++;
      if (i.credentialStatus === 'REVOKED') c.revoked++;
      if (i.credentialStatus === 'SUSPENDED') c.suspended++;
    },
  ).map(({ key, acc }) => ({ ...dimensionColumns(dims, key), ...acc }));
}

/** The nearest-rank percentile of sorted values (p in 0..100). */
export function percentile(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const hours = (ms: number) => Math.round((ms / 3_600_000) * 100) / 100;

/** From request to final decision, for every request a person decided; median and p90 in hours. */
export function approvalTurnaround(items: IssuanceSummary[]): Row[] {
  return groupBy(
    items.filter((i) => i.approvals.length > 0),
    ['achievement'],
    () => ({ durations: [] as number[], approved: 0, rejected: 0 }),
    (acc, i) => {
      const last = i.approvals[i.approvals.length - 1]!;
      if (last.decision === 'REJECTED') acc.rejected++;
      else if (i.status === 'AWAITING_APPROVAL') return; // a chain still under way is not turned around yet
      else acc.approved++;
      acc.durations.push(Date.parse(last.decidedAt) - Date.parse(i.requestedAt));
    },
  ).map(({ key, acc }) => {
    const sorted = [...acc.durations].sort((a, b) => a - b);
    const median = percentile(sorted, 50);
    const p90 = percentile(sorted, 90);
    return {
      achievementId: key[0]!,
      decided: sorted.length,
      approved: acc.approved,
      rejected: acc.rejected,
      medianHours: median === null ? null : hours(median),
      p90Hours: p90 === null ? null : hours(p90),
    };
  });
}

/** What SES reported for each credential's latest email. */
export function deliveryOutcomes(items: IssuanceSummary[]): Row[] {
  return groupBy(
    items.filter((i) => i.delivery?.sentAt || i.delivery?.status),
    ['achievement'],
    () => zeros(DELIVERY_COUNTS),
    (c, i) => {
      c.sent++;
      const s = i.delivery?.status;
      if (s === 'DELIVERED') c.delivered++;
      else if (s === 'BOUNCED') c.bounced++;
      else if (s === 'COMPLAINED') c.complained++;
      else c.awaitingFeedback++;
    },
  ).map(({ key, acc }) => ({ achievementId: key[0]!, ...acc }));
}

export async function buildReport(
  deps: ReportDeps,
  report: ReportName,
  q: { from: string; to?: string | undefined; groupBy: Dimension[]; achievementId?: string | undefined },
) {
  const range = timeRange(q, deps.clock.now());
  const { items, truncated } = await deps.issuances.readPeriod({ range, achievementId: q.achievementId, max: MAX_REPORT_ROWS });
  if (truncated) {
    throw new ValidationError(`More than ${MAX_REPORT_ROWS} issuances fall in this period; ask for a shorter one.`, [
      { path: 'query.from', message: 'period too long for one report' },
    ]);
  }
  const dimensions = report === 'issuances' ? q.groupBy : (['achievement'] as Dimension[]);
  const rows = report === 'issuances' ? issuanceCounts(items, dimensions) : report === 'approval-turnaround' ? approvalTurnaround(items) : deliveryOutcomes(items);
  const columns =
    report === 'issuances'
      ? [...dimensions.map(columnOf), ...ISSUANCE_COUNTS]
      : report === 'approval-turnaround'
        ? [...TURNAROUND_COLUMNS]
        : ['achievementId', ...DELIVERY_COUNTS];
  return { report, from: range.from, to: range.to, groupBy: dimensions, issuances: items.length, columns, rows };
}

/** RFC 4180 CSV: a header row, CRLF line ends, fields quoted when they need it. */
export function toCsv(rows: Row[], columns?: string[]): string {
  const cols = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const field = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    // A leading =, +, - or @ would be a formula in a spreadsheet: neutralize it (CSV injection).
    const safe = /^[=+\-@\t\r]/.test(s) && Number.isNaN(Number(s)) ? `'${s}` : s;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [cols.map(field).join(','), ...rows.map((r) => cols.map((c) => field(r[c])).join(','))].join('\r\n') + '\r\n';
}
