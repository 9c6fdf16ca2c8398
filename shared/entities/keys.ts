import { BatchGetCommand, BatchWriteCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { mapLimit } from '../batches/pace';
import { backoff, TransientError } from '../errors';

/** The table's key attribute names, shared by every entity module and the CDK table. */
export const TABLE_KEYS = {
  partition: 'PK',
  sort: 'SK',
  gsi1: { name: 'GSI1', partition: 'GSI1PK', sort: 'GSI1SK' },
  gsi2: { name: 'GSI2', partition: 'GSI2PK', sort: 'GSI2SK' },
  /**
   * Time index: month partitions of issuances and credentials, for lists and reports across
   * achievements. It projects only the summary attributes below, so the workflow's frequent
   * updates (steps, task tokens, deliveries) do not each write the index too.
   */
  gsi3: {
    name: 'GSI3',
    partition: 'GSI3PK',
    sort: 'GSI3SK',
    projected: [
      'id', 'status', 'achievementId', 'achievementVersion', 'issuerId', 'requestedAt', 'cohort', 'campus', 'programme',
      'requesterId', 'requestedBy', 'recipient', 'credentialId', 'credentialStatus', 'approvals', 'delivery', 'issuedAt',
      'validUntil', 'issuanceId',
    ],
  },
  ttl: 'expiresAt',
} as const;

/**
 * The partitions the verification class may read: credentials, issuers (profile, the status-list
 * allocator, keys not yet moved to their own partition), issuers' keys and status lists. The public API's functions reach no other
 * (infra/constructs/data-store.ts grantReadPublished); test/unit/domain.test.ts checks each
 * entity's partition against this list.
 */
export const PUBLISHED_PARTITIONS = ['CREDENTIAL#', 'ISSUER#', 'ISSUERKEY#', 'STATUSLIST#'] as const;

/** Strips key attributes from a raw item before it is parsed into an entity. */
export function withoutKeys<T extends Record<string, unknown>>(item: T): Record<string, unknown> {
  const { PK: _a, SK: _b, GSI1PK: _c, GSI1SK: _d, GSI2PK: _e, GSI2SK: _f, GSI3PK: _h, GSI3SK: _i, entity: _g, ...rest } = item;
  return rest;
}

export const isConditionFailure = (e: unknown) =>
  (e as { name?: string })?.name === 'ConditionalCheckFailedException' ||
  ((e as { name?: string })?.name === 'TransactionCanceledException' &&
    String((e as Error).message).includes('ConditionalCheckFailed'));

/** Two transactions on the same items at once conflict: the first to commit wins, the other may look again. */
export const isTransactionConflict = (e: unknown) =>
  (e as { name?: string })?.name === 'TransactionCanceledException' && String((e as Error).message).includes('TransactionConflict');

/**
 * One TransactWriteItems, tried again (jittered backoff, up to 5 times) while it only conflicted
 * with another in flight, which then meets its conditions as a single write would; a failed
 * condition, or any other error, is thrown at once.
 */
export async function transactWrite(db: DynamoDBDocumentClient, items: NonNullable<TransactWriteCommandInput['TransactItems']>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (e) {
      if (!isTransactionConflict(e) || attempt >= 5) throw e;
      await backoff(attempt);
    }
  }
}

/** Writes an item only if its key is free; false when it already exists. */
export async function putIfAbsent(db: DynamoDBDocumentClient, tableName: string, item: Record<string, unknown>): Promise<boolean> {
  try {
    await db.send(new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' }));
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw e;
  }
}

/**
 * Writes items 25 at a time (BatchWriteItem), retrying what DynamoDB leaves unprocessed. No
 * conditions: only for items whose invariants were guarded before (a holding claimed, a chunk
 * claimed) and whose content is the same on every retry. `concurrency` groups of 25 go at once.
 */
export async function batchPut(db: DynamoDBDocumentClient, tableName: string, items: Record<string, unknown>[], concurrency = 1): Promise<void> {
  const groups = Array.from({ length: Math.ceil(items.length / 25) }, (_, g) => items.slice(g * 25, g * 25 + 25));
  await mapLimit(groups, concurrency, async (group) => {
    let requests = group.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length; attempt++) {
      const out = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (out.UnprocessedItems?.[tableName] as typeof requests | undefined) ?? [];
      if (!requests.length) break;
      if (attempt >= 8) throw new TransientError('DynamoDB left writes unprocessed; try again.');
      await backoff(attempt);
    }
  });
}

/**
 * Reads many items by key, 100 per BatchGetItem, retrying what DynamoDB leaves unprocessed;
 * absent items are left out. `consistent` where a write of a moment ago must be seen.
 */
export async function batchGetAll(
  db: DynamoDBDocumentClient,
  tableName: string,
  keys: Record<string, unknown>[],
  projection?: string,
  consistent = false,
): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let batch = keys.slice(i, i + 100);
    for (let attempt = 0; batch.length; attempt++) {
      const out = await db.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: batch, ...(projection ? { ProjectionExpression: projection } : {}), ...(consistent ? { ConsistentRead: true } : {}) } } }),
      );
      found.push(...(out.Responses?.[tableName] ?? []));
      batch = (out.UnprocessedKeys?.[tableName]?.Keys as Record<string, unknown>[] | undefined) ?? [];
      if (!batch.length) break;
      if (attempt >= 8) throw new TransientError('DynamoDB left reads unprocessed; try again.');
      await backoff(attempt);
    }
  }
  return found;
}

/** Every item of a partition (those whose sort key begins with `skPrefix`, if given), page after page, read consistently. */
export async function queryPartition(db: DynamoDBDocumentClient, tableName: string, pk: string, skPrefix?: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: skPrefix === undefined ? 'PK = :pk' : 'PK = :pk AND begins_with(SK, :sk)',
        ExpressionAttributeValues: { ':pk': pk, ...(skPrefix === undefined ? {} : { ':sk': skPrefix }) },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}
