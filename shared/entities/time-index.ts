import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../errors';
import { encodeCursor, invalidCursor, isKeyFor, parseCursor } from './cursor';
import { TABLE_KEYS } from './keys';

/**
 * Range queries over one partition of an index (newest first), and walks over the month
 * partitions of the time index (GSI3): `GSI3PK=<PREFIX>#<yyyy-mm>`, `GSI3SK=<iso time>#<id>`.
 * Filters narrow a partition's items after the key condition; DynamoDB's Limit counts before
 * filtering, so a page is filled by reading on (boundedly) and a cursor carries the rest.
 */
export interface TimeRange {
  /** Inclusive ISO instants. */
  from: string;
  to: string;
}

/** A date is a whole day: from its first to its last millisecond (UTC). */
export function timeRange(bounds: { from?: string | undefined; to?: string | undefined }, now: Date, defaultDays = 366): TimeRange {
  const to = bounds.to ? (bounds.to.length === 10 ? `${bounds.to}T23:59:59.999Z` : new Date(bounds.to).toISOString()) : now.toISOString();
  const from = bounds.from
    ? bounds.from.length === 10
      ? `${bounds.from}T00:00:00.000Z`
      : new Date(bounds.from).toISOString()
    : new Date(Date.parse(to) - defaultDays * 86_400_000).toISOString();
  if (from > to) throw new ValidationError('The date range is empty.', [{ path: 'query.from', message: 'must not be after `to`' }]);
  return { from, to };
}

export const monthOf = (iso: string) => iso.slice(0, 7);
export const timeKeys = (prefix: string, at: string, id: string) => ({ GSI3PK: `${prefix}#${monthOf(at)}`, GSI3SK: `${at}#${id}` });

/** The months a range touches, newest first. */
export function monthsOf(range: TimeRange): string[] {
  const months: string[] = [];
  let [y, m] = monthOf(range.to).split('-').map(Number) as [number, number];
  const first = monthOf(range.from);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month < first) break;
    months.push(month);
    if (--m === 0) [y, m] = [y - 1, 12];
  }
  return months;
}

export interface Filter {
  /** attribute (a dotted path for a nested one) → a value it must equal, or values it must be one of */
  equals: Record<string, string | readonly string[] | undefined>;
}

function filterExpression(filter: Filter | undefined) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const clauses: string[] = [];
  let n = 0;
  for (const [attr, want] of Object.entries(filter?.equals ?? {})) {
    if (want === undefined) continue;
    // A nested attribute (`delivery.status`): one name placeholder per segment.
    const name = attr
      .split('.')
      .map((segment, i) => {
        names[`#f${n}_n${i}`] = segment;
        return `#f${n}_n${i}`;
      })
      .join('.');
    const list = typeof want === 'string' ? [want] : want;
    const placeholders = list.map((v, i) => {
      values[`:f${n}_${i}`] = v;
      return `:f${n}_${i}`;
    });
    clauses.push(placeholders.length === 1 ? `${name} = ${placeholders[0]}` : `${name} IN (${placeholders.join(', ')})`);
    n++;
  }
  return clauses.length ? { FilterExpression: clauses.join(' AND '), names, values } : undefined;
}

type Key = Record<string, unknown>;

/** Reads one partition between two sort-key bounds, newest first, until `limit` items pass the filter. */
export async function queryPartition(
  db: DynamoDBDocumentClient,
  tableName: string,
  q: { index: 'GSI1' | 'GSI2' | 'GSI3'; pk: string; range: TimeRange; limit: number; filter?: Filter; after?: Key; maxReads?: number },
): Promise<{ items: Record<string, unknown>[]; next?: Key }> {
  const { partition, sort } = q.index === 'GSI1' ? TABLE_KEYS.gsi1 : q.index === 'GSI2' ? TABLE_KEYS.gsi2 : TABLE_KEYS.gsi3;
  const filter = filterExpression(q.filter);
  const items: Record<string, unknown>[] = [];
  let after = q.after;
  for (let reads = 0; reads < (q.maxReads ?? 5); reads++) {
    const { Items = [], LastEvaluatedKey } = await db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: q.index,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        ...(filter ? { FilterExpression: filter.FilterExpression } : {}),
        ExpressionAttributeNames: { '#pk': partition, '#sk': sort, ...filter?.names },
        // Sort keys carry instants with or without milliseconds (credentials are issued to the
        // second): compare to the second, so nothing of the bounding seconds is left out.
        ExpressionAttributeValues: { ':pk': q.pk, ':from': q.range.from.slice(0, 19), ':to': `${q.range.to.slice(0, 19)}\uffff`, ...filter?.values },
        ScanIndexForward: false,
        Limit: q.limit - items.length,
        ...(after ? { ExclusiveStartKey: after } : {}),
      }),
    );
    items.push(...Items);
    after = LastEvaluatedKey;
    if (!after || items.length >= q.limit) break;
  }
  return { items, ...(after ? { next: after } : {}) };
}

/** A month walk's position: the month being read and, within it, DynamoDB's key to go on from. */
interface WalkCursor {
  m: string;
  k?: Key;
}

function decodeWalk(cursor: string | undefined, prefix: string, months: string[]): WalkCursor | undefined {
  if (!cursor) return undefined;
  const c = parseCursor(cursor) as Partial<WalkCursor> | null;
  const ok =
    typeof c?.m === 'string' && months.includes(c.m) && (c.k === undefined || isKeyFor(c.k, { [TABLE_KEYS.gsi3.partition]: `${prefix}#${c.m}` }));
  if (!ok) throw invalidCursor();
  return c as WalkCursor;
}

/**
 * Newest first across month partitions: reads month after month until the page is full, at most
 * `maxMonths` partitions per call (an empty stretch of years still answers quickly, with a cursor).
 */
export async function walkMonths(
  db: DynamoDBDocumentClient,
  tableName: string,
  q: { prefix: string; range: TimeRange; limit: number; filter?: Filter; cursor?: string; maxMonths?: number },
): Promise<{ items: Record<string, unknown>[]; cursor?: string }> {
  const months = monthsOf(q.range);
  const start = decodeWalk(q.cursor, q.prefix, months);
  let index = start ? months.indexOf(start.m) : 0;
  let after = start?.k;
  const items: Record<string, unknown>[] = [];
  for (let visited = 0; index < months.length && visited < (q.maxMonths ?? 13); visited++) {
    const month = months[index]!;
    const page = await queryPartition(db, tableName, {
      index: 'GSI3',
      pk: `${q.prefix}#${month}`,
      range: q.range,
      limit: q.limit - items.length,
      ...(q.filter ? { filter: q.filter } : {}),
      ...(after ? { after } : {}),
    });
    items.push(...page.items);
    if (page.next) {
      after = page.next;
      if (items.length >= q.limit) return { items, cursor: encodeCursor({ m: month, k: after })! };
      continue; // the partition has more, but this read budget is spent: go on in it
    }
    after = undefined;
    index++;
    if (items.length >= q.limit) break;
  }
  return { items, ...(index < months.length ? { cursor: encodeCursor({ m: months[index]!, ...(after ? { k: after } : {}) })! } : {}) };
}

/** Every item of a range (for reports), bounded: more than `max` items is the caller's 422. */
export async function readAllMonths(
  db: DynamoDBDocumentClient,
  tableName: string,
  q: { prefix: string; range: TimeRange; filter?: Filter; max: number },
): Promise<{ items: Record<string, unknown>[]; truncated: boolean }> {
  const items: Record<string, unknown>[] = [];
  for (const month of monthsOf(q.range)) {
    let after: Key | undefined;
    do {
      const page = await queryPartition(db, tableName, {
        index: 'GSI3',
        pk: `${q.prefix}#${month}`,
        range: q.range,
        limit: 1000,
        maxReads: 1,
        ...(q.filter ? { filter: q.filter } : {}),
        ...(after ? { after } : {}),
      });
      items.push(...page.items);
      if (items.length > q.max) return { items, truncated: true };
      after = page.next;
    } while (after);
  }
  return { items, truncated: false };
}
