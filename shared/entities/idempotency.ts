import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../zod';
import { built } from '../built';
import { withoutKeys } from './keys';

/**
 * IdempotencyRecord — what an Idempotency-Key was first used for. Keys are scoped to the caller
 * (two clients may pick the same key) and expire after a day (TTL).
 *
 * Access pattern
 * - get by caller and key:  PK=IDEMPOTENCY#<principalId>#<key>  SK=IDEMPOTENCY
 */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

export const idempotencyRecord = /* @__PURE__ */ built(() => z.object({
  principalId: z.string(),
  key: z.string(),
  /** sha256 of the canonical request body: same key + other body = 409. */
  requestHash: z.string(),
  issuanceId: z.string(),
  createdAt: z.string(),
  expiresAt: z.int(),
}));
export type IdempotencyRecord = z.infer<typeof idempotencyRecord>;

export const idempotencyKeys = {
  item: (principalId: string, key: string) => ({ PK: `IDEMPOTENCY#${principalId}#${key}`, SK: 'IDEMPOTENCY' }),
};

export const idempotencyToItem = (r: IdempotencyRecord) => ({ ...idempotencyKeys.item(r.principalId, r.key), entity: 'Idempotency', ...r });
export const idempotencyFromItem = (item: Record<string, unknown>) => idempotencyRecord.parse(withoutKeys(item));

export function idempotencyRepository(db: DynamoDBDocumentClient, tableName: string) {
  return {
    async get(principalId: string, key: string): Promise<IdempotencyRecord | undefined> {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: idempotencyKeys.item(principalId, key), ConsistentRead: true }));
      return Item ? idempotencyFromItem(Item) : undefined;
    },
  };
}
export type IdempotencyRepository = ReturnType<typeof idempotencyRepository>;
