import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../zod';
import { built } from '../built';
import { decodeCursor } from './cursor';
import { isConditionFailure, transactWrite, withoutKeys } from './keys';
import { learnerCompletionItem, learnerIndexKey } from './learner';
import type { LearnerKeyer } from '../ports';

/**
 * Completion — one learner's completion of one course, as a source reported it: received once
 * per source, course and learner whatever its completion time or how often it is delivered (its
 * id is derived from those three), and what became of it — the issuance it requested, or why it
 * could not (no mapping for the course, no address for the learner, the mapping refused), which
 * staff see in the inbound activity and replay once fixed. The learner's details are kept for
 * the request and a replay, and erased with the learner (eraseLearner); they are never logged.
 * So that an erasure finds a completion that never led to an issuance, every identifier its
 * record holds (email, student number) has a learner index entry, written in the same
 * transaction as the details.
 *
 * Access patterns
 * - get:                         PK=COMPLETION#<id>  SK=COMPLETION
 * - a source's activity, newest first:
 *                                GSI1PK=COMPLETIONS#<sourceId>  GSI1SK=<receivedAt>#<id>
 * - what failed, across sources (sparse: only while FAILED):
 *                                GSI2PK=COMPLETIONS#FAILED      GSI2SK=<failedAt>#<id>
 * - a learner's completions (learner.ts, the learner index):
 *                                PK=LEARNER#<email|student>:<hmac>  SK=COMPLETION#<receivedAt>#<id>
 */
export const COMPLETION_CHANNELS = ['webhook', 'moodle', 'canvas-sqs', 'canvas-https', 'eventbridge'] as const;
export const COMPLETION_FAILURES = ['UNMAPPED_COURSE', 'UNKNOWN_LEARNER', 'MAPPING_REFUSED', 'SOURCE_DISABLED'] as const;
export type CompletionFailure = (typeof COMPLETION_FAILURES)[number];

export const completionLearner = /* @__PURE__ */ built(() => z.object({
  email: z.optional(z.string()),
  name: z.optional(z.string()),
  studentNumber: z.optional(z.string()),
  /** The source's own id for the learner (Canvas user id, Moodle user id). */
  externalId: z.optional(z.string()),
}));

export const completionRecord = /* @__PURE__ */ built(() => z.object({
  id: z.string(),
  sourceId: z.string(),
  courseId: z.string(),
  courseName: z.optional(z.string()),
  via: z.enum(COMPLETION_CHANNELS),
  learner: completionLearner,
  completedAt: z.optional(z.string()),
  score: z.optional(z.number()),
  evidenceUrl: z.optional(z.string()),
  receivedAt: z.string(),
  lastReceivedAt: z.string(),
  /** How many times it was delivered: every one after the first changed nothing. */
  received: z.int(),
  /** A staff replay of a completion whose request ended without a credential starts attempt n + 1 (a new issuance id). */
  attempt: z.int(),
  status: z.enum(['RECEIVED', 'REQUESTED', 'HELD', 'FAILED']),
  failure: z.optional(z.object({ reason: z.enum(COMPLETION_FAILURES), detail: z.string(), at: z.string() })),
  issuanceId: z.optional(z.string()),
  credentialId: z.optional(z.string()),
  /** The learner's erasure took their details out (`learner` is {}): the latest erasure that did. */
  erased: z.optional(z.object({ erasureId: z.string(), at: z.string() })),
  updatedAt: z.string(),
}));
export type Completion = z.infer<typeof completionRecord>;

export const completionKeys = {
  item: (id: string) => ({ PK: `COMPLETION#${id}`, SK: 'COMPLETION' }),
  bySource: (c: Pick<Completion, 'sourceId' | 'receivedAt' | 'id'>) => ({ GSI1PK: `COMPLETIONS#${c.sourceId}`, GSI1SK: `${c.receivedAt}#${c.id}` }),
  failed: (at: string, id: string) => ({ GSI2PK: 'COMPLETIONS#FAILED', GSI2SK: `${at}#${id}` }),
};

/** What a redelivery may bring that the first delivery lacked: applied only while the completion is FAILED. */
export type CompletionDetails = Pick<Completion, 'learner' | 'completedAt' | 'score' | 'evidenceUrl' | 'courseName'>;

/**
 * The learner index keys of the identifiers a completion's details carry (its email's, its
 * student number's), keyed as an issuance's are (learnerIndexKey), so an erasure by either finds it.
 */
export const completionIndexKeys = (keys: LearnerKeyer, learner: Completion['learner']): string[] => [
  ...(learner.email ? [learnerIndexKey(keys, { email: learner.email })] : []),
  ...(learner.studentNumber?.trim() ? [learnerIndexKey(keys, { studentId: learner.studentNumber })] : []),
];

/** Whether a completion's details still say who the learner is (an erased one's say nothing). */
export const namesLearner = (learner: Completion['learner']) => Object.values(learner).some((v) => v !== undefined && v !== '');

export function completionRepository(db: DynamoDBDocumentClient, tableName: string) {
  /** The completion's index items (no condition: writing one again writes the same item). */
  const indexPuts = (c: Pick<Completion, 'id' | 'receivedAt'>, indexKeys: string[]) =>
    [...new Set(indexKeys)].map((k) => ({ Put: { TableName: tableName, Item: learnerCompletionItem(k, { completionId: c.id, receivedAt: c.receivedAt }) } }));
  const parse = (item: Record<string, unknown>) => completionRecord.parse(withoutKeys(item));
  const update = async (id: string, expression: string, values: Record<string, unknown>, condition = 'attribute_exists(PK)', names?: Record<string, string>) => {
    try {
      const { Attributes } = await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: completionKeys.item(id),
          UpdateExpression: expression,
          ConditionExpression: condition,
          ExpressionAttributeValues: values,
          ...(names ? { ExpressionAttributeNames: names } : {}),
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? parse(Attributes) : undefined;
    } catch (e) {
      if (isConditionFailure(e)) return undefined;
      throw e;
    }
  };
  const get = async (id: string): Promise<Completion | undefined> => {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: completionKeys.item(id), ConsistentRead: true }));
    return Item ? parse(Item) : undefined;
  };
  const page = async (index: 'GSI1' | 'GSI2', pk: string, q: { limit: number; cursor?: string | undefined }) => {
    const partition = index === 'GSI1' ? 'GSI1PK' : 'GSI2PK';
    const after = decodeCursor(q.cursor, { [partition]: pk });
    const { Items = [], LastEvaluatedKey } = await db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: index,
        KeyConditionExpression: `${partition} = :pk`,
        ExpressionAttributeValues: { ':pk': pk },
        ScanIndexForward: false,
        Limit: q.limit,
        ...(after ? { ExclusiveStartKey: after } : {}),
      }),
    );
    return { items: Items.map(parse), next: LastEvaluatedKey };
  };
  return {
    /**
     * The first delivery creates it ('created'), with a learner index entry under each of
     * `indexKeys` (learnerIndexKey's keys of the identifiers it carries), in one transaction; a
     * later one counts itself and answers the completion as it is.
     */
    async receive(c: Completion, indexKeys: string[]): Promise<{ created: boolean; completion: Completion }> {
      try {
        await transactWrite(db, [
          { Put: { TableName: tableName, Item: { ...completionKeys.item(c.id), ...completionKeys.bySource(c), entity: 'Completion', ...c }, ConditionExpression: 'attribute_not_exists(PK)' } },
          ...indexPuts(c, indexKeys),
        ]);
        return { created: true, completion: c };
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
      }
      const counted = await update(c.id, 'SET received = received + :one, lastReceivedAt = :at', { ':one': 1, ':at': c.receivedAt });
      if (!counted) throw new Error(`completion ${c.id} vanished between its put and its update`);
      return { created: false, completion: counted };
    },
    get,
    /**
     * A redelivery (or staff, on a replay) brings what was missing: only while FAILED. The
     * identifiers it brings (`indexKeys`, as receive's) are indexed in the same transaction, so
     * details brought back after an erasure are found by the next one. undefined when the
     * completion is not FAILED (or is gone).
     */
    async refresh(c: Pick<Completion, 'id' | 'receivedAt'>, d: CompletionDetails, at: string, indexKeys: string[]): Promise<Completion | undefined> {
      const fields = (['completedAt', 'score', 'evidenceUrl', 'courseName'] as const).filter((k) => d[k] !== undefined);
      try {
        await transactWrite(db, [
          {
            Update: {
              TableName: tableName,
              Key: completionKeys.item(c.id),
              UpdateExpression: `SET learner = :learner, updatedAt = :at${fields.map((k) => `, ${k} = :${k}`).join('')}`,
              ConditionExpression: '#status = :failed',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':learner': d.learner, ':at': at, ':failed': 'FAILED', ...Object.fromEntries(fields.map((k) => [`:${k}`, d[k]])) },
            },
          },
          ...indexPuts(c, indexKeys),
        ]);
      } catch (e) {
        if (isConditionFailure(e)) return undefined;
        throw e;
      }
      return get(c.id);
    },
    /**
     * The learner's erasure: their details out of the record (`learner` becomes {}; the id, a
     * keyed hash, names nobody) and `erased` recorded, with the completion's learner index
     * entries under `indexKeys` deleted, in one transaction: the index never loses sight of a
     * completion whose record still names the learner. Repeating it changes nothing more.
     * false when there is no such completion.
     */
    async eraseLearner(c: Pick<Completion, 'id' | 'receivedAt'>, erasure: NonNullable<Completion['erased']>, indexKeys: string[]): Promise<boolean> {
      try {
        await transactWrite(db, [
          {
            Update: {
              TableName: tableName,
              Key: completionKeys.item(c.id),
              UpdateExpression: 'SET learner = :none, erased = :erased, updatedAt = :at',
              ConditionExpression: 'attribute_exists(PK)',
              ExpressionAttributeValues: { ':none': {}, ':erased': erasure, ':at': erasure.at },
            },
          },
          ...[...new Set(indexKeys)].map((k) => {
            const { PK, SK } = learnerCompletionItem(k, { completionId: c.id, receivedAt: c.receivedAt });
            return { Delete: { TableName: tableName, Key: { PK, SK } } };
          }),
        ]);
        return true;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },
    /** The request was made (or found made) for this attempt. */
    markRequested: (id: string, attempt: number, ids: { issuanceId: string; credentialId: string }, at: string) =>
      update(id, 'SET #status = :requested, issuanceId = :issuance, credentialId = :credential, updatedAt = :at REMOVE failure, GSI2PK, GSI2SK', { ':requested': 'REQUESTED', ':issuance': ids.issuanceId, ':credential': ids.credentialId, ':at': at, ':attempt': attempt }, 'attempt = :attempt', { '#status': 'status' }),
    /** The learner already holds the achievement (issued before, by staff or another source): nothing to issue. */
    markHeld: (id: string, attempt: number, at: string) =>
      update(id, 'SET #status = :held, updatedAt = :at REMOVE failure, GSI2PK, GSI2SK', { ':held': 'HELD', ':at': at, ':attempt': attempt }, 'attempt = :attempt', { '#status': 'status' }),
    markFailed: (id: string, attempt: number, failure: NonNullable<Completion['failure']>) => {
      const failed = completionKeys.failed(failure.at, id);
      return update(
        id,
        'SET #status = :failed, failure = :failure, updatedAt = :at, GSI2PK = :gpk, GSI2SK = :gsk',
        { ':failed': 'FAILED', ':failure': failure, ':at': failure.at, ':gpk': failed.GSI2PK, ':gsk': failed.GSI2SK, ':attempt': attempt },
        'attempt = :attempt',
        { '#status': 'status' },
      );
    },
    /** A replay of a request that ended without a credential: attempt n + 1, once for concurrent replays. */
    nextAttempt: (id: string, from: number, at: string) => update(id, 'SET attempt = :next, #status = :received, updatedAt = :at', { ':from': from, ':next': from + 1, ':received': 'RECEIVED', ':at': at }, 'attempt = :from', { '#status': 'status' }),
    listBySource: (sourceId: string, q: { limit: number; cursor?: string | undefined }) => page('GSI1', `COMPLETIONS#${sourceId}`, q),
    listFailed: (q: { limit: number; cursor?: string | undefined }) => page('GSI2', 'COMPLETIONS#FAILED', q),
  };
}
export type CompletionRepository = ReturnType<typeof completionRepository>;
