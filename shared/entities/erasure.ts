import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../zod';
import { built } from '../built';
import { isConditionFailure, putIfAbsent, withoutKeys } from './keys';

/**
 * Erasure — one erasure of a learner's personal data (use-cases/learner-erasure.ts), and how far
 * it got. It holds the learner's keys (the learner index's HMACs, never an email) while it runs,
 * so that a continuation can find what is left; they go when it completes. Its audit trail
 * (subject `erasure`) says who asked and why, and what was erased, in counts.
 *
 * Access pattern
 * - get by id:  PK=ERASURE#<id>  SK=ERASURE
 */
export const ERASURE_COUNTS = [
  'issuances',
  'cancelled',
  'indexEntries',
  'auditDetails',
  'deliveryDetails',
  'evidenceVersions',
  'batchesScanned',
  'batchesChanged',
  'fileVersionsDestroyed',
  /** Completions whose learner details were erased (completion.ts eraseLearner). */
  'completions',
] as const;
export type ErasureCounts = Record<(typeof ERASURE_COUNTS)[number], number>;
export const noCounts = (): ErasureCounts => Object.fromEntries(ERASURE_COUNTS.map((c) => [c, 0])) as ErasureCounts;

const actor = /* @__PURE__ */ built(() => z.object({ id: z.string(), name: z.string() }));

export const erasureRecord = /* @__PURE__ */ built(() => z.object({
  id: z.string(),
  status: z.enum(['RUNNING', 'COMPLETED']),
  requestedBy: actor,
  requestedAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.optional(z.string()),
  /** The learner index keys (`email:<hmac>`, `student:<hmac>`) of every identifier found; removed on completion. */
  learnerKeys: z._default(z.array(z.string()), []),
  /** Cohort batches created from `batchesFrom` on: the walk's cursor (newest first), and batches to look at again (they were running). */
  batches: z.object({ from: z.string(), cursor: z.optional(z.string()), done: z._default(z.boolean(), false), revisit: z._default(z.array(z.string()), []) }),
  /** Issuances being signed or delivered when last looked at: erased by a continuation once they settle. */
  waitingFor: z._default(z.array(z.string()), []),
  /** What was erased, by id (the LearnerErased event names them for subscribers). */
  issuanceIds: z._default(z.array(z.string()), []),
  credentialIds: z._default(z.array(z.string()), []),
  /** Credentials whose signed document carries the learner's name (they agreed to publish it): erasure cannot reach inside a signature. */
  namedCredentials: z._default(z.array(z.string()), []),
  /** Partial on the way in: an erasure recorded before a count existed reads it as 0. */
  counts: z.pipe(z.partialRecord(z.enum(ERASURE_COUNTS), z.number()), z.transform((c): ErasureCounts => ({ ...noCounts(), ...c }))),
}));
export type Erasure = z.infer<typeof erasureRecord>;

export const erasureKeys = { item: (id: string) => ({ PK: `ERASURE#${id}`, SK: 'ERASURE' }) };
const toItem = (e: Erasure) => ({ ...erasureKeys.item(e.id), entity: 'Erasure', ...e });

export function erasureRepository(db: DynamoDBDocumentClient, tableName: string) {
  return {
    async create(e: Erasure): Promise<void> {
      if (!(await putIfAbsent(db, tableName, toItem(e)))) throw new Error(`erasure ${e.id} exists already`);
    },
    async get(id: string): Promise<Erasure | undefined> {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: erasureKeys.item(id), ConsistentRead: true }));
      return Item ? erasureRecord.parse(withoutKeys(Item)) : undefined;
    },
    /**
     * Records progress over the state `seen` (a continuation racing another refuses: 'changed');
     * a completed erasure is never written again.
     */
    async save(seen: Erasure, next: Erasure): Promise<'saved' | 'changed'> {
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: toItem(next),
            ConditionExpression: 'updatedAt = :seen AND #status = :running',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':seen': seen.updatedAt, ':running': 'RUNNING' },
          }),
        );
        return 'saved';
      } catch (e) {
        if (isConditionFailure(e)) return 'changed';
        throw e;
      }
    },
  };
}
export type ErasureRepository = ReturnType<typeof erasureRepository>;
