import { createHash } from 'node:crypto';
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../zod';
import { redactEmails } from '../domain/redact';
import { built } from '../built';
import { canonicalJson } from '../canonical-json';
import { putIfAbsent, withoutKeys } from './keys';
import { systemClock, type Clock } from '../clock';

/**
 * AuditEvent — an append-only, hash-chained record of every change to an issuance or a
 * credential: who (staff or the workflow), what, when, before and after, and why. Each event
 * carries the hash of the previous one for the same record, so a missing, reordered or edited
 * event breaks the chain; functions are denied UpdateItem/DeleteItem on these items by IAM.
 *
 * A cohort's rows are issued a chunk at a time, and the chunk's one event (a trail of its own,
 * subject `chunk`) records every row it issued: line, issuance, credential, SHA-256 and status
 * position. The row's issuance and credential point to it (`issuedInChunk`), and their trails
 * are read with it first (use-cases/audit.ts). One conditional write per chunk instead of two
 * per row: at 100 rows a chunk, 0.2 write units per credential instead of 2, and two fewer
 * requests per row, in a path that runs 80,000 rows at a time.
 *
 * Access pattern
 * - a record's trail, in order:  PK=AUDIT#<subjectType>#<subjectId>  SK=<seq, 8 digits>
 */
export const AUDIT_SUBJECTS = ['issuance', 'credential', 'batch', 'chunk'] as const;
export type AuditSubject = { type: (typeof AUDIT_SUBJECTS)[number]; id: string };

/** The trail of a cohort chunk's issue event: one per batch, attempt and first line. */
export const chunkSubject = (batchId: string, attempt: number, firstLine: number): AuditSubject => ({ type: 'chunk', id: `${batchId}/${attempt}/${firstLine}` });

/** One row as a chunk's issue event (its trail's first event, `after.rows`) names it. */
export type ChunkEventRow = { line: number; issuanceId: string; credentialId: string; sha256: string; statusList: unknown };
/** The rows a chunk's trail says it issued. */
export const chunkEventRows = (events: readonly AuditEvent[]): ChunkEventRow[] => (events[0]?.after?.rows ?? []) as ChunkEventRow[];

export const auditEvent = /* @__PURE__ */ built(() => z.object({
  subject: z.object({ type: z.enum(AUDIT_SUBJECTS), id: z.string() }),
  seq: z.int().check(z.positive()),
  at: z.string(),
  actor: z.object({ kind: z.enum(['staff', 'system']), id: z.optional(z.string()), name: z.string() }),
  action: z.string(),
  before: z.optional(z.record(z.string(), z.unknown())),
  after: z.optional(z.record(z.string(), z.unknown())),
  reason: z.optional(z.string()),
  prevHash: z.string(),
  hash: z.string(),
}));
export type AuditEvent = z.infer<typeof auditEvent>;
export type AuditEntry = Omit<AuditEvent, 'subject' | 'seq' | 'at' | 'prevHash' | 'hash'>;

const pad = (seq: number) => String(seq).padStart(8, '0');
export const auditKeys = {
  trail: (s: AuditSubject) => `AUDIT#${s.type}#${s.id}`,
  event: (s: AuditSubject, seq: number) => ({ PK: `AUDIT#${s.type}#${s.id}`, SK: pad(seq) }),
};

/** The first event of a trail links to this, derived from the subject, so a trail cannot be moved. */
export const genesisHash = (s: AuditSubject) => createHash('sha256').update(`laurel-audit:${s.type}:${s.id}`).digest('hex');
export const eventHash = (e: Omit<AuditEvent, 'hash'>) => createHash('sha256').update(canonicalJson(e)).digest('hex');

export interface ChainCheck {
  valid: boolean;
  length: number;
  /** The first problem found, in words. */
  problem?: string;
}

/** Verifies a trail: sequence without gaps, each link to the previous hash, each hash over its event. */
export function verifyAuditChain(subject: AuditSubject, events: AuditEvent[]): ChainCheck {
  let prev = genesisHash(subject);
  for (const [i, e] of events.entries()) {
    const { hash, ...rest } = e;
    if (e.seq !== i + 1) return { valid: false, length: events.length, problem: `event ${i + 1} is missing (found ${e.seq})` };
    if (e.subject.type !== subject.type || e.subject.id !== subject.id) return { valid: false, length: events.length, problem: `event ${e.seq} belongs to another record` };
    if (e.prevHash !== prev) return { valid: false, length: events.length, problem: `event ${e.seq} does not follow event ${e.seq - 1}` };
    if (eventHash(rest) !== hash) return { valid: false, length: events.length, problem: `event ${e.seq} was altered` };
    prev = hash;
  }
  return { valid: true, length: events.length };
}

/**
 * The entry as stored: its free-text reason without email addresses (a staff member's
 * reason, a failure's cause or a bounce's diagnostic can name the learner's; issue #17).
 */
export const storedEntry = <E extends { reason?: string }>(entry: E): E => (entry.reason ? { ...entry, reason: redactEmails(entry.reason) } : entry);

export function auditRepository(db: DynamoDBDocumentClient, tableName: string, clock: Clock = systemClock) {
  const last = async (subject: AuditSubject): Promise<AuditEvent | undefined> => {
    const { Items = [] } = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': auditKeys.trail(subject) },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    return Items[0] ? auditEvent.parse(withoutKeys(Items[0])) : undefined;
  };
  return {
    /** Appends at the next sequence number; two writers racing for it retry, neither overwrites. */
    async append(subject: AuditSubject, entry: AuditEntry, at = clock.now().toISOString()): Promise<AuditEvent> {
      for (let attempt = 0; attempt < 10; attempt++) {
        const previous = await last(subject);
        const base = { ...storedEntry(entry), subject, seq: (previous?.seq ?? 0) + 1, at, prevHash: previous?.hash ?? genesisHash(subject) };
        const event: AuditEvent = { ...base, hash: eventHash(base) };
        if (await putIfAbsent(db, tableName, { ...auditKeys.event(subject, event.seq), entity: 'AuditEvent', ...event })) return event;
      }
      throw new Error(`could not append to the audit trail of ${subject.type} ${subject.id}`);
    },
    /**
     * The first event of a new trail: no read needed, since its link is the genesis hash. False
     * when the trail already began (a retried step wrote it before).
     */
    async begin(subject: AuditSubject, entry: AuditEntry, at = clock.now().toISOString()): Promise<boolean> {
      const base = { ...storedEntry(entry), subject, seq: 1, at, prevHash: genesisHash(subject) };
      return putIfAbsent(db, tableName, { ...auditKeys.event(subject, 1), entity: 'AuditEvent', ...base, hash: eventHash(base) });
    },
    async list(subject: AuditSubject): Promise<AuditEvent[]> {
      const events: AuditEvent[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'PK = :pk',
            ExpressionAttributeValues: { ':pk': auditKeys.trail(subject) },
            ConsistentRead: true,
            ExclusiveStartKey,
          }),
        );
        events.push(...(page.Items ?? []).map((i) => auditEvent.parse(withoutKeys(i))));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return events;
    },
  };
}
export type AuditRepository = ReturnType<typeof auditRepository>;
