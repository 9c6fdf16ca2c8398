import { describe, expect, it } from 'vitest';
import type { IssuanceSummary } from '../../shared/entities/issuance';
import { monthsOf, timeRange } from '../../shared/entities/time-index';
import { approvalTurnaround, deliveryOutcomes, issuanceCounts, percentile, toCsv } from '../../shared/use-cases/reports';

const at = (h: number) => new Date(Date.UTC(2026, 9, 1) + h * 3_600_000).toISOString();
const summary = (over: Partial<IssuanceSummary>): IssuanceSummary => ({
  id: Math.random().toString(36).slice(2),
  status: 'ISSUED',
  achievementId: 'a',
  achievementVersion: 1,
  issuerId: 'uni',
  credentialId: 'c',
  recipient: { email: 'x@example.edu' },
  requestedBy: { id: 'u', name: 'u' },
  requestedAt: at(0),
  approvals: [],
  ...over,
});
const decided = (hours: number, decision = 'APPROVED') => [{ role: 'approver', decision, decidedBy: { id: 'p', name: 'p' }, decidedAt: at(hours) }];

describe('reports', () => {
  it('take the nearest-rank percentile', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([5], 90)).toBe(5);
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect([percentile(ten, 50), percentile(ten, 90), percentile(ten, 100)]).toEqual([5, 9, 10]);
  });

  it('count issuances by state and credential status, grouped by the dimensions asked for', () => {
    const rows = issuanceCounts(
      [
        summary({ cohort: 'c1', credentialStatus: 'REVOKED' }),
        summary({ cohort: 'c1', status: 'AWAITING_APPROVAL' }),
        summary({ cohort: 'c2', status: 'REJECTED' }),
        summary({ cohort: 'c2', status: 'CANCELLED', requestedAt: '2026-11-03T10:00:00.000Z' }),
      ],
      ['cohort', 'month'],
    );
    expect(rows).toEqual([
      { cohort: 'c1', month: '2026-10', requested: 2, issued: 1, pending: 1, rejected: 0, expired: 0, failed: 0, cancelled: 0, revoked: 1, suspended: 0 },
      { cohort: 'c2', month: '2026-10', requested: 1, issued: 0, pending: 0, rejected: 1, expired: 0, failed: 0, cancelled: 0, revoked: 0, suspended: 0 },
      { cohort: 'c2', month: '2026-11', requested: 1, issued: 0, pending: 0, rejected: 0, expired: 0, failed: 0, cancelled: 1, revoked: 0, suspended: 0 },
    ]);
  });

  it('measure approval turnaround from request to final decision, ignoring chains still under way', () => {
    const items = [1, 2, 3, 4, 10].map((h) => summary({ approvals: decided(h) }));
    items.push(summary({ approvals: decided(48, 'REJECTED'), status: 'REJECTED' }));
    items.push(summary({ approvals: decided(1), status: 'AWAITING_APPROVAL' })); // step 1 of 2
    items.push(summary({})); // auto-approved: no people involved
    expect(approvalTurnaround(items)).toEqual([{ achievementId: 'a', decided: 6, approved: 5, rejected: 1, medianHours: 3, p90Hours: 48 }]);
  });

  it('tally delivery outcomes', () => {
    const rows = deliveryOutcomes([
      summary({ delivery: { status: 'DELIVERED', sentAt: at(1) } }),
      summary({ delivery: { status: 'BOUNCED', sentAt: at(1) } }),
      summary({ delivery: { status: 'SENT', sentAt: at(1) } }),
      summary({ status: 'AWAITING_APPROVAL' }),
    ]);
    expect(rows).toEqual([{ achievementId: 'a', sent: 3, delivered: 1, bounced: 1, complained: 0, awaitingFeedback: 1 }]);
  });

  it('write RFC 4180 CSV that a spreadsheet cannot execute', () => {
    const csv = toCsv([{ name: 'Smith, "Jo"', cohort: '=HYPERLINK("http://evil")', n: -3 }], ['name', 'cohort', 'n']);
    expect(csv).toBe('name,cohort,n\r\n"Smith, ""Jo""","\'=HYPERLINK(""http://evil"")",-3\r\n');
  });
});

describe('the time index', () => {
  it('takes whole days for dates and walks months newest first', () => {
    const range = timeRange({ from: '2025-11-15', to: '2026-02-01' }, new Date());
    expect(range).toEqual({ from: '2025-11-15T00:00:00.000Z', to: '2026-02-01T23:59:59.999Z' });
    expect(monthsOf(range)).toEqual(['2026-02', '2026-01', '2025-12', '2025-11']);
    expect(() => timeRange({ from: '2026-02-02', to: '2026-02-01' }, new Date())).toThrow(/empty/);
    const defaulted = timeRange({}, new Date('2026-11-22T12:00:00Z'));
    expect(monthsOf(defaulted)).toHaveLength(13);
  });
});
