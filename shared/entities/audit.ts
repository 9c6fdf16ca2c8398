import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DeleteCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../zod';
import { redactEmails } from '../domain/redact';
import { built } from '../built';
import { canonicalJson } from '../canonical-json';
import { putIfAbsent, queryPartition, withoutKeys } from './keys';
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
 * Events carry ids, states and hashes, never personal data (issue #17): what is about the
 * learner (the award, rule results with their values, a staff member's free-text reason, an
 * address) is sealed apart. The event holds `sealed: { id, sha256 }`, the hash of the details
 * with a random salt; the details and the salt live in an item of their own, which erasure
 * deletes. The chain never covers the details, so erasing them leaves it intact, and with the
 * salt gone the hash cannot be tested against guesses (a score, a name). While they exist, the
 * details are shown with the event and checked against the hash.
 *
 * One writer (functions/audit/write-audit-trail.ts) writes these items: every other function is
 * denied writes to both partitions by IAM and appends through the `AuditLog` port, which invokes
 * it (shared/adapters/lambda-audit-log.ts). After each event it puts the trail's head (seq and
 * hash) to the archive bucket, write-once under S3 Object Lock: a trail cut short or recomputed
 * in the table no longer matches its anchors (checkAnchors, `npm run audit:verify`).
 *
 * Access patterns
 * - a record's trail, in order:  PK=AUDIT#<subjectType>#<subjectId>  SK=<seq, 8 digits>
 * - its sealed details:          PK=AUDITDETAIL#<subjectType>#<subjectId>  SK=<details id>
 * - its anchors (archive bucket): audit-anchors/<subjectType>/<subjectId>/<seq, 8 digits>.json
 */
// subscription: a webhook subscription's changes, secret rotations and replays (shared/use-cases/webhook-subscriptions.ts).
export const AUDIT_SUBJECTS = ['issuance', 'credential', 'batch', 'chunk', 'erasure', 'source', 'subscription'] as const;
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
  actor: z.object({ kind: z.enum(['staff', 'system', 'learner']), id: z.optional(z.string()), name: z.string() }),
  action: z.string(),
  before: z.optional(z.record(z.string(), z.unknown())),
  after: z.optional(z.record(z.string(), z.unknown())),
  /** The sealed details' id and salted hash (events written before sealing carry `reason` in the chain instead). */
  sealed: z.optional(z.object({ id: z.string(), sha256: z.string() })),
  /** Shown from the sealed details while they exist (in the chain itself only in events from before sealing). */
  reason: z.optional(z.string()),
  personal: z.optional(z.record(z.string(), z.unknown())),
  /** 'erased' once erasure removed them; 'altered' if they no longer match the sealed hash. */
  details: z.optional(z.enum(['erased', 'altered'])),
  prevHash: z.string(),
  hash: z.string(),
}));
export type AuditEvent = z.infer<typeof auditEvent>;
/** What a writer records: `reason` and `personal` (data about the learner) are sealed apart. */
export type AuditEntry = Pick<AuditEvent, 'actor' | 'action' | 'before' | 'after' | 'reason' | 'personal'>;

const sealedDetails = /* @__PURE__ */ built(() => z.object({ salt: z.string(), reason: z.optional(z.string()), personal: z.optional(z.record(z.string(), z.unknown())) }));
type SealedDetails = z.infer<typeof sealedDetails>;

const pad = (seq: number) => String(seq).padStart(8, '0');
export const auditKeys = {
  trail: (s: AuditSubject) => `AUDIT#${s.type}#${s.id}`,
  event: (s: AuditSubject, seq: number) => ({ PK: `AUDIT#${s.type}#${s.id}`, SK: pad(seq) }),
  /** Outside AUDIT#, on purpose: erasure deletes these, and nothing may delete an event. */
  details: (s: AuditSubject) => `AUDITDETAIL#${s.type}#${s.id}`,
  detail: (s: AuditSubject, id: string) => ({ PK: `AUDITDETAIL#${s.type}#${s.id}`, SK: id }),
};

/**
 * The audit log as use cases see it: appends (through the one writer) and reads. `append` writes
 * at the next sequence number; `begin` writes a trail's first event, false when it already began.
 */
export interface AuditLog {
  append(subject: AuditSubject, entry: AuditEntry, at?: string): Promise<AuditEvent>;
  begin(subject: AuditSubject, entry: AuditEntry, at?: string): Promise<boolean>;
  list(subject: AuditSubject): Promise<AuditEvent[]>;
  /** Deletes a trail's sealed details (a learner's erasure); the events stay, and say so. The number deleted. */
  eraseDetails(subject: AuditSubject): Promise<number>;
}

/** A trail's head as anchored outside the table, one per event, never replaced. */
export const auditAnchor = /* @__PURE__ */ built(() => z.object({
  subject: z.object({ type: z.enum(AUDIT_SUBJECTS), id: z.string() }),
  seq: z.int().check(z.positive()),
  hash: z.string(),
  at: z.string(),
}));
export type AuditAnchor = z.infer<typeof auditAnchor>;
export const ANCHOR_PREFIX = 'audit-anchors/';
export const anchorKeys = {
  trail: (s: AuditSubject) => `${ANCHOR_PREFIX}${s.type}/${s.id}/`,
  anchor: (s: AuditSubject, seq: number) => `${ANCHOR_PREFIX}${s.type}/${s.id}/${pad(seq)}.json`,
};
export const anchorOf = (e: AuditEvent): AuditAnchor => ({ subject: e.subject, seq: e.seq, hash: e.hash, at: e.at });

export interface AnchorCheck {
  valid: boolean;
  /** Anchors read. */
  anchors: number;
  /** Events after the last anchor (an anchor that failed to be written is covered by any later one). */
  unanchored: number;
  problem?: string;
}

/**
 * A trail against its anchors: each anchored event must still be there with the anchored hash.
 * Since each event links to the one before, the last anchor vouches for the whole trail up to it;
 * a trail shorter than an anchor was cut, one whose hash differs was rewritten and recomputed.
 */
export function checkAnchors(events: readonly AuditEvent[], anchors: readonly AuditAnchor[]): AnchorCheck {
  const bySeq = new Map(events.map((e) => [e.seq, e]));
  const fail = (problem: string) => ({ valid: false, anchors: anchors.length, unanchored: 0, problem });
  let last = 0;
  for (const a of [...anchors].sort((x, y) => x.seq - y.seq)) {
    const e = bySeq.get(a.seq);
    if (!e) return fail(`event ${a.seq} was anchored on ${a.at} but is not in the trail (${events.length} events): the trail was cut`);
    if (e.hash !== a.hash) return fail(`event ${a.seq} differs from its anchor of ${a.at}: the trail was rewritten`);
    last = a.seq;
  }
  return { valid: true, anchors: anchors.length, unanchored: Math.max(0, events.length - last) };
}

/** The first event of a trail links to this, derived from the subject, so a trail cannot be moved. */
export const genesisHash = (s: AuditSubject) => createHash('sha256').update(`laurel-audit:${s.type}:${s.id}`).digest('hex');

/** What the chain covers: everything but the hash and what is shown from sealed details. */
const chained = (e: Omit<AuditEvent, 'hash'>) => {
  const { personal: _p, details: _d, ...rest } = e;
  if (!e.sealed) return rest; // written before sealing: its reason is in the chain
  const { reason: _r, ...sealedRest } = rest;
  return sealedRest;
};
export const eventHash = (e: Omit<AuditEvent, 'hash'>) => createHash('sha256').update(canonicalJson(chained(e))).digest('hex');
const sealHash = (d: SealedDetails) => createHash('sha256').update(canonicalJson(d)).digest('hex');

/**
 * An entry split for storage: the part the chain covers, and the details item (if the entry has
 * any) to write first, under a fresh id and salt. Shared by the repository and its memory twin.
 */
export function sealEntry(subject: AuditSubject, entry: AuditEntry): { open: Omit<AuditEntry, 'reason' | 'personal'> & { sealed?: { id: string; sha256: string } }; detail?: Record<string, unknown> } {
  const { reason, personal, ...open } = entry;
  if (reason === undefined && personal === undefined) return { open };
  const details: SealedDetails = { salt: randomBytes(16).toString('hex'), ...(reason !== undefined ? { reason: redactEmails(reason) } : {}), ...(personal ? { personal } : {}) };
  const id = randomUUID();
  return { open: { ...open, sealed: { id, sha256: sealHash(details) } }, detail: { ...auditKeys.detail(subject, id), entity: 'AuditDetail', ...details } };
}

/** Events with their sealed details shown (reason, personal), or marked erased or altered. */
export function withDetails(events: AuditEvent[], detailItems: Record<string, unknown>[]): AuditEvent[] {
  const byId = new Map(detailItems.map((i) => [String(i.SK), sealedDetails.parse(withoutKeys(i))]));
  return events.map((e) => {
    if (!e.sealed) return e;
    // A sealed event is stored without them: a reason or personal data on it was put there since.
    if (e.reason !== undefined || e.personal !== undefined) {
      const { reason: _r, personal: _p, ...rest } = e;
      return { ...rest, details: 'altered' as const };
    }
    const d = byId.get(e.sealed.id);
    if (!d) return { ...e, details: 'erased' as const };
    if (sealHash(d) !== e.sealed.sha256) return { ...e, details: 'altered' as const };
    return { ...e, ...(d.reason !== undefined ? { reason: d.reason } : {}), ...(d.personal ? { personal: d.personal } : {}) };
  });
}

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
    if (e.details === 'altered') return { valid: false, length: events.length, problem: `the details of event ${e.seq} were altered` };
    prev = hash;
  }
  return { valid: true, length: events.length };
}


export function auditRepository(db: DynamoDBDocumentClient, tableName: string, clock: Clock = systemClock) {
  /** A trail's first or last event (one item, read consistently). */
  const end = async (subject: AuditSubject, which: 'first' | 'last'): Promise<AuditEvent | undefined> => {
    const { Items = [] } = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': auditKeys.trail(subject) },
        ScanIndexForward: which === 'first',
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    return Items[0] ? auditEvent.parse(withoutKeys(Items[0])) : undefined;
  };
  return {
    /** Appends at the next sequence number; two writers racing for it retry, neither overwrites. */
    async append(subject: AuditSubject, entry: AuditEntry, at = clock.now().toISOString()): Promise<AuditEvent> {
      const { open, detail } = sealEntry(subject, entry);
      if (detail) await putIfAbsent(db, tableName, detail);
      for (let attempt = 0; attempt < 10; attempt++) {
        const previous = await end(subject, 'last');
        const base = { ...open, subject, seq: (previous?.seq ?? 0) + 1, at, prevHash: previous?.hash ?? genesisHash(subject) };
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
      const { open, detail } = sealEntry(subject, entry);
      if (detail) await putIfAbsent(db, tableName, detail);
      const base = { ...open, subject, seq: 1, at, prevHash: genesisHash(subject) };
      return putIfAbsent(db, tableName, { ...auditKeys.event(subject, 1), entity: 'AuditEvent', ...base, hash: eventHash(base) });
    },
    /** A trail's first event, if it began (a repeated `begin` anchors what the first wrote). */
    first: (subject: AuditSubject) => end(subject, 'first'),
    /** Deletes every sealed detail of a trail (DeleteItem in AUDITDETAIL#, the writer's one delete). */
    async eraseDetails(subject: AuditSubject): Promise<number> {
      const items = await queryPartition(db, tableName, auditKeys.details(subject));
      for (const item of items) await db.send(new DeleteCommand({ TableName: tableName, Key: auditKeys.detail(subject, String(item.SK)) }));
      return items.length;
    },
    /** The trail in order, with its sealed details shown where they still exist. */
    async list(subject: AuditSubject): Promise<AuditEvent[]> {
      const [items, details] = await Promise.all([queryPartition(db, tableName, auditKeys.trail(subject)), queryPartition(db, tableName, auditKeys.details(subject))]);
      return withDetails(items.map((i) => auditEvent.parse(withoutKeys(i))), details);
    },
  };
}
export type AuditRepository = ReturnType<typeof auditRepository>;
