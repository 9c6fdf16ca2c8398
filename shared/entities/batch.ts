import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../zod';
import { built } from '../built';
import { isConditionFailure, withoutKeys } from './keys';
import { buildUpdate, type UpdateSpec } from './update';
import { timeKeys, walkMonths, type TimeRange } from './time-index';
import { systemClock, type Clock } from '../clock';

/**
 * Batch — one cohort issuance from one uploaded file (CSV or JSON Lines), and its progress.
 *
 * Access patterns
 * - get by id:                          PK=BATCH#<id>  SK=BATCH
 * - the batch a file already started:   PK=BATCHFILE#<achievementId>#<sha256>  SK=BATCHFILE  (written with the batch, in one transaction)
 * - a batch's chunk outcomes, in order: PK=BATCH#<id>  SK=CHUNK#<attempt 3>#<first line 9>
 *   (one item per child workflow: each row's outcome in a few bytes; the report reads them)
 * - batches by month, newest:           GSI3PK=BATCHES#<yyyy-mm>  GSI3SK=<createdAt>#<id>
 *
 * Counters (`counts`) move once per chunk, in the transaction that records the chunk, so a
 * retried child can never count its rows twice.
 */
export const BATCH_STATUSES = [
  'AWAITING_UPLOAD',
  'VALIDATING',
  /** Validation found invalid rows: staff fix the file (a new batch) or issue the valid rows only. */
  'NEEDS_DECISION',
  'AWAITING_APPROVAL',
  'RUNNING',
  'COMPLETED',
  /** Nothing to issue: every row was invalid, or the file could not be read. */
  'INVALID',
  'REJECTED',
  'CANCELLED',
  'EXPIRED',
  'FAILED',
] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];
export const FINAL_BATCH_STATUSES: readonly BatchStatus[] = ['COMPLETED', 'INVALID', 'REJECTED', 'CANCELLED', 'EXPIRED', 'FAILED'];

const actor = /* @__PURE__ */ built(() => z.object({ id: z.string(), name: z.string() }));
export const rowProblem = /* @__PURE__ */ built(() => z.object({ line: z.number().check(z.int()), column: z.optional(z.string()), problem: z.string() }));
export type RowProblem = z.infer<typeof rowProblem>;

export const batchRecord = /* @__PURE__ */ built(() => z.object({
  id: z.string(),
  achievementId: z.string(),
  achievementVersion: z.number().check(z.int()),
  issuerId: z.string(),
  /** The cohort label every row's issuance carries (lists, reports, queues filter on it). */
  cohort: z.object({ intake: z.optional(z.string()), programme: z.optional(z.string()), campus: z.optional(z.string()) }),
  file: z.object({ key: z.string(), fileName: z.string(), format: z.enum(['csv', 'jsonl']), size: z.number().check(z.int()), sha256: z.string() }),
  onInvalidRows: z.enum(['stop', 'issue-valid']),
  /** The file's own headers mapped to Laurel's columns (or ignored), when they differ: staff's choice at upload. */
  columns: z.optional(z.record(z.string(), z.string())),
  status: z.enum(BATCH_STATUSES),
  validation: z.optional(
    z.object({
      rows: z.number().check(z.int()),
      valid: z.number().check(z.int()),
      invalid: z.number().check(z.int()),
      /** The first problems, for the API; every problem is in the report. */
      problems: z.array(rowProblem),
      problemsKey: z.string(),
      /** A few valid rows, for the approver (emails masked). */
      sample: z.array(z.record(z.string(), z.unknown())),
      validatedAt: z.string(),
    }),
  ),
  /** Rows of the current attempt (0 = the first run; each retry of failed rows adds one). */
  attempt: z._default(z.number().check(z.int(), z.nonnegative()), 0),
  rowsKey: z.optional(z.string()),
  counts: z._default(
    z.object({ issued: z.number().check(z.int()), failed: z.number().check(z.int()), skipped: z.number().check(z.int()), delivered: z.number().check(z.int()) }),
    { issued: 0, failed: 0, skipped: 0, delivered: 0 },
  ),
  /** The decision the parent execution waits for (its task token), while it waits. */
  waiting: z.optional(z.object({ kind: z.enum(['start', 'approval']), role: z.optional(z.string()), taskToken: z.string(), since: z.string() })),
  approval: z.optional(
    z.object({ role: z.string(), decision: z.enum(['APPROVED', 'REJECTED']), decidedBy: actor, decidedAt: z.string(), comment: z.optional(z.string()) }),
  ),
  startedBy: z.optional(actor),
  requestedBy: actor,
  createdAt: z.string(),
  updatedAt: z.string(),
  executionArn: z.optional(z.string()),
  /** When issuing began and when the last chunk finished (the rate and ETA come from them). */
  startedAt: z.optional(z.string()),
  progressAt: z.optional(z.string()),
  finishedAt: z.optional(z.string()),
  cancellation: z.optional(z.object({ by: actor, at: z.string(), reason: z.optional(z.string()) })),
  retries: z._default(z.array(z.object({ by: actor, at: z.string(), rows: z.number().check(z.int()), attempt: z.number().check(z.int()) })), []),
  failure: z.optional(z.object({ error: z.string(), cause: z.string() })),
}));
export type Batch = z.infer<typeof batchRecord>;

/** One row's outcome in a chunk: I issued, F failed, S skipped (with the reason). */
export const chunkRow = /* @__PURE__ */ built(() => z.object({ l: z.number().check(z.int()), o: z.enum(['I', 'F', 'S']), r: z.optional(z.string()) }));
export type ChunkRow = z.infer<typeof chunkRow>;
/** How many rows of a chunk were issued, failed and skipped. */
export function tallyChunk(rows: readonly ChunkRow[]) {
  const counts = { issued: 0, failed: 0, skipped: 0 };
  for (const r of rows) counts[r.o === 'I' ? 'issued' : r.o === 'F' ? 'failed' : 'skipped']++;
  return counts;
}
export const chunkRecord = /* @__PURE__ */ built(() => z.object({ batchId: z.string(), attempt: z.number().check(z.int()), firstLine: z.number().check(z.int()), rows: z.array(chunkRow), at: z.string() }));
export type ChunkRecord = z.infer<typeof chunkRecord>;

/** Status-list allocations (one block per 128 rows) and the issue time of a chunk's credentials. */
export const chunkClaim = /* @__PURE__ */ built(() => z.object({ blocks: z.array(z.number().check(z.int())), issuedAt: z.string() }));
export type ChunkClaim = z.infer<typeof chunkClaim>;

export const batchKeys = {
  item: (id: string) => ({ PK: `BATCH#${id}`, SK: 'BATCH' }),
  file: (achievementId: string, sha256: string) => ({ PK: `BATCHFILE#${achievementId}#${sha256}`, SK: 'BATCHFILE' }),
  /** What a chunk fixed on its first try (status positions, issue time), so every retry signs the same bytes. */
  claim: (id: string, attempt: number, firstLine: number) => ({ PK: `BATCH#${id}`, SK: `CLAIM#${String(attempt).padStart(3, '0')}#${String(firstLine).padStart(9, '0')}` }),
  chunk: (id: string, attempt: number, firstLine: number) => ({ PK: `BATCH#${id}`, SK: `CHUNK#${String(attempt).padStart(3, '0')}#${String(firstLine).padStart(9, '0')}` }),
};
export const BATCHES_BY_MONTH = 'BATCHES';

export const batchToItem = (b: Batch) => ({ ...batchKeys.item(b.id), ...timeKeys(BATCHES_BY_MONTH, b.createdAt, b.id), entity: 'Batch', ...b });
export const batchFromItem = (item: Record<string, unknown>): Batch => batchRecord.parse(withoutKeys(item));

/**
 * A row's issuance and credential ids, derived from the batch and the line: a retried child, or
 * a retry of failed rows, reaches the same records instead of making new ones. The batch id is
 * random, so the ids are as unguessable as any other.
 */
export function rowIds(batchId: string, line: number) {
  const hex = (label: string) => {
    const h = createHash('sha256').update(`laurel-batch:${label}:${batchId}:${line}`).digest('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  };
  return { issuanceId: hex('issuance'), credentialId: hex('credential') };
}

/** A condition (and its values): the batch has not been cancelled, rejected, expired or failed meanwhile. */
const STILL_GOING = ['NOT (#status IN (:c, :r, :e, :f))', { ':c': 'CANCELLED', ':r': 'REJECTED', ':e': 'EXPIRED', ':f': 'FAILED' }] as const;

export function batchRepository(db: DynamoDBDocumentClient, tableName: string, clock: Clock = systemClock) {
  const update = async (id: string, spec: UpdateSpec, condition?: { expression: string; values?: Record<string, unknown> }) => {
    const u = buildUpdate({ ...spec, set: { ...spec.set, updatedAt: clock.now().toISOString() } });
    const expr = u.withCondition(condition ? `attribute_exists(PK) AND (${condition.expression})` : 'attribute_exists(PK)', condition?.values ?? {});
    const { Attributes } = await db.send(new UpdateCommand({ TableName: tableName, Key: batchKeys.item(id), ...expr, ReturnValues: 'ALL_NEW' }));
    return batchFromItem(Attributes!);
  };
  /** Update guarded by a condition; undefined when the condition does not hold. */
  const updateIf = async (id: string, spec: UpdateSpec, expression: string, values?: Record<string, unknown>): Promise<Batch | undefined> => {
    try {
      return await update(id, spec, { expression, ...(values ? { values } : {}) });
    } catch (e) {
      if (isConditionFailure(e)) return undefined;
      throw e;
    }
  };
  return {
    /** Creates the batch and claims its file's hash for the achievement; 'file-taken' names the batch that has it. */
    async create(b: Batch): Promise<{ created: true } | { created: false; batchId: string }> {
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: tableName, Item: batchToItem(b), ConditionExpression: 'attribute_not_exists(PK)' } },
              { Put: { TableName: tableName, Item: { ...batchKeys.file(b.achievementId, b.file.sha256), entity: 'BatchFile', batchId: b.id, createdAt: b.createdAt }, ConditionExpression: 'attribute_not_exists(PK)' } },
            ],
          }),
        );
        return { created: true };
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
        const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: batchKeys.file(b.achievementId, b.file.sha256), ConsistentRead: true }));
        if (!Item) throw e;
        return { created: false, batchId: Item.batchId as string };
      }
    },
    async get(id: string): Promise<Batch | undefined> {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: batchKeys.item(id), ConsistentRead: true }));
      return Item ? batchFromItem(Item) : undefined;
    },
    /** The file arrived: AWAITING_UPLOAD to VALIDATING, once; undefined if it moved on already. */
    beginValidation: (id: string) => updateIf(id, { set: { status: 'VALIDATING' } }, '#status = :waiting', { ':waiting': 'AWAITING_UPLOAD' }),
    /** Which execution runs the batch now. */
    recordExecution: (id: string, executionArn: string) => update(id, { set: { executionArn } }),
    /** The file's validation, recorded while the batch is still VALIDATING (not cancelled meanwhile). */
    recordValidation: (id: string, change: { validation: NonNullable<Batch['validation']>; rowsKey: string; status: 'INVALID' | 'VALIDATING' }) =>
      updateIf(id, { set: change }, '#status = :validating', { ':validating': 'VALIDATING' }),
    /** The workflow waits for staff (start the valid rows, or approve) with this task token; undefined if the batch has ended. */
    awaitDecision: (id: string, waiting: NonNullable<Batch['waiting']>) =>
      updateIf(id, { set: { waiting, status: waiting.kind === 'start' ? 'NEEDS_DECISION' : 'AWAITING_APPROVAL' } }, ...STILL_GOING),
    /** Staff start the valid rows of the waiting batch (the token must still be the one waiting); undefined if it changed. */
    startValidRows: (id: string, taskToken: string, startedBy: { id: string; name: string }) =>
      updateIf(id, { set: { startedBy, status: 'VALIDATING' }, remove: ['waiting'] }, '#waiting.#taskToken = :token', { ':token': taskToken }),
    /** The approver's decision on the waiting batch; a rejection ends it. Undefined if it changed meanwhile. */
    decide: (id: string, taskToken: string, approval: NonNullable<Batch['approval']>) =>
      updateIf(
        id,
        { set: { approval, ...(approval.decision === 'REJECTED' ? { status: 'REJECTED', finishedAt: approval.decidedAt } : {}) }, remove: ['waiting'] },
        '#waiting.#taskToken = :token',
        { ':token': taskToken },
      ),
    /** Cancels the batch if it is still in `from` (the status the canceller saw). */
    cancel: (id: string, from: Batch['status'], cancellation: NonNullable<Batch['cancellation']>) =>
      updateIf(id, { set: { status: 'CANCELLED', finishedAt: cancellation.at, cancellation }, remove: ['waiting'] }, '#status = :status', { ':status': from }),
    /**
     * A new attempt for the rows not issued, if the batch is still as the requester saw it
     * (status and attempt): a concurrent retry gets undefined.
     */
    reopenForRetry: (id: string, seen: Pick<Batch, 'status' | 'attempt' | 'counts' | 'retries'>, retry: { attempt: number; rowsKey: string; failedRows: number; by: { id: string; name: string }; at: string; rows: number }) =>
      updateIf(
        id,
        {
          set: {
            attempt: retry.attempt,
            rowsKey: retry.rowsKey,
            status: 'RUNNING',
            'counts.failed': seen.counts.failed - retry.failedRows,
            retries: [...seen.retries, { by: retry.by, at: retry.at, rows: retry.rows, attempt: retry.attempt }],
          },
          remove: ['finishedAt', 'failure'],
        },
        '#status = :status AND #attempt = :attempt',
        { ':status': seen.status, ':attempt': seen.attempt },
      ),
    /** The map is about to run: RUNNING, first start time kept; undefined if the batch has ended. */
    beginIssuing: (id: string, at: string) => updateIf(id, { set: { status: 'RUNNING' }, setIfNotExists: { startedAt: at }, remove: ['waiting'] }, ...STILL_GOING),
    /** The parent's final status; undefined when the batch was cancelled (it stays cancelled). */
    finish: (id: string, end: Batch['status'], at: string, failure?: Batch['failure']) =>
      updateIf(id, { set: { status: end, finishedAt: at, ...(failure ? { failure } : {}) }, remove: ['waiting'] }, 'NOT (#status IN (:c))', { ':c': 'CANCELLED' }),
    /**
     * Records a chunk's outcomes and moves the batch's counters, in one transaction: a chunk
     * recorded before (a retried child) changes nothing. False when it was already recorded.
     */
    async recordChunk(chunk: ChunkRecord): Promise<boolean> {
      const add = tallyChunk(chunk.rows);
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: { ...batchKeys.chunk(chunk.batchId, chunk.attempt, chunk.firstLine), entity: 'BatchChunk', ...chunk },
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              },
              {
                Update: {
                  TableName: tableName,
                  Key: batchKeys.item(chunk.batchId),
                  UpdateExpression: 'SET #counts.#issued = #counts.#issued + :i, #counts.#failed = #counts.#failed + :f, #counts.#skipped = #counts.#skipped + :s, progressAt = :at',
                  ConditionExpression: 'attribute_exists(PK)',
                  ExpressionAttributeNames: { '#counts': 'counts', '#issued': 'issued', '#failed': 'failed', '#skipped': 'skipped' },
                  ExpressionAttributeValues: { ':i': add.issued, ':f': add.failed, ':s': add.skipped, ':at': chunk.at },
                },
              },
            ],
          }),
        );
        return true;
      } catch (e) {
        const reasons = (e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
        if (reasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
        throw e;
      }
    },
    /** The chunk's claim: the first writer's values win; a retry gets them back. */
    async claimChunk(id: string, attempt: number, firstLine: number, claim: ChunkClaim): Promise<ChunkClaim> {
      const key = batchKeys.claim(id, attempt, firstLine);
      try {
        await db.send(new PutCommand({ TableName: tableName, Item: { ...key, entity: 'BatchChunkClaim', ...claim }, ConditionExpression: 'attribute_not_exists(PK)' }));
        return claim;
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
        const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
        return chunkClaim.parse(withoutKeys(Item!));
      }
    },
    async getChunk(id: string, attempt: number, firstLine: number): Promise<ChunkRecord | undefined> {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: batchKeys.chunk(id, attempt, firstLine), ConsistentRead: true }));
      return Item ? chunkRecord.parse(withoutKeys(Item)) : undefined;
    },
    /** Every chunk of the batch, every attempt, in order. */
    async *chunks(id: string): AsyncGenerator<ChunkRecord> {
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'PK = :pk AND begins_with(SK, :chunk)',
            ExpressionAttributeValues: { ':pk': batchKeys.item(id).PK, ':chunk': 'CHUNK#' },
            ExclusiveStartKey,
          }),
        );
        for (const item of page.Items ?? []) yield chunkRecord.parse(withoutKeys(item));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
    },
    /** Batches created in a range, newest first, a page at a time (id and status: the time index's projection). */
    async created(q: { range: TimeRange; limit: number; cursor?: string | undefined; statuses?: readonly BatchStatus[] | undefined }) {
      const { items, cursor } = await walkMonths(db, tableName, {
        prefix: BATCHES_BY_MONTH,
        range: q.range,
        limit: q.limit,
        ...(q.cursor ? { cursor: q.cursor } : {}),
        ...(q.statuses?.length ? { filter: { equals: { status: q.statuses } } } : {}),
      });
      return { items: items.map((i) => ({ id: String(i.id), status: i.status as BatchStatus })), cursor };
    },
    /**
     * A learner's erasure: the lines of theirs leave the validation's sample and first problems
     * (the files are the erasure's to rewrite). Over the batch as `seen`; 'changed' if it moved.
     */
    async eraseLines(seen: Batch, lines: ReadonlySet<number>): Promise<'erased' | 'changed'> {
      if (!seen.validation) return 'erased';
      const { sample, problems } = seen.validation;
      const kept = {
        'validation.sample': sample.filter((r) => !lines.has(Number(r.line))),
        'validation.problems': problems.filter((p) => !lines.has(p.line)),
      };
      return (await updateIf(seen.id, { set: kept }, 'updatedAt = :seen', { ':seen': seen.updatedAt })) ? 'erased' : 'changed';
    },
    /** Emails handed to SES for this batch (the email queue's consumer counts them). */
    async addDelivered(id: string, n: number): Promise<void> {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: batchKeys.item(id),
          UpdateExpression: 'SET #counts.#delivered = #counts.#delivered + :n',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeNames: { '#counts': 'counts', '#delivered': 'delivered' },
          ExpressionAttributeValues: { ':n': n },
        }),
      );
    },
  };
}
export type BatchRepository = ReturnType<typeof batchRepository>;
