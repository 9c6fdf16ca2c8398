import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../zod';
import { built } from '../built';
import { isConditionFailure, putIfAbsent, withoutKeys } from './keys';

/**
 * IssuerKey — the public half of a KMS signing key, cached so that resolving a key for
 * verification never calls KMS. Exactly one key per issuer is CURRENT (it signs); RETIRED keys
 * keep verifying what they signed; a COMPROMISED key verifies nothing.
 *
 * Access patterns
 * - get one key:            PK=ISSUER#<issuerId>  SK=KEY#<keyId>
 * - list an issuer's keys:  PK=ISSUER#<issuerId>  SK begins_with KEY#
 */
export const KEY_STATUSES = ['CURRENT', 'RETIRED', 'COMPROMISED'] as const;

export const KEY_ALGORITHMS = ['Ed25519', 'ES256'] as const;
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

export const issuerKeyRecord = /* @__PURE__ */ built(() => z.object({
  issuerId: z.string(),
  keyId: z.string(),
  kmsKeyArn: z.string(),
  /** Ed25519 signs Data Integrity proofs; ES256 (P-256) signs the optional VC-JWT form. */
  algorithm: z._default(z.enum(KEY_ALGORITHMS), 'Ed25519'),
  /** Ed25519 keys: the `z6Mk…` multibase. */
  publicKeyMultibase: z.optional(z.string()),
  /** ES256 keys: the bare public JWK. */
  publicKeyJwk: z.optional(z.object({ kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string(), y: z.string() })),
  status: z.enum(KEY_STATUSES),
  createdAt: z.string(),
  retiredAt: z.optional(z.string()),
  /** Reported compromised: from when, why, by whom. */
  compromise: z.optional(z.object({ from: z.string(), reason: z.string(), by: z.string(), at: z.string() })),
}));
export type IssuerKey = z.infer<typeof issuerKeyRecord>;

export const issuerKeyKeys = {
  item: (issuerId: string, keyId: string) => ({ PK: `ISSUER#${issuerId}`, SK: `KEY#${keyId}` }),
  all: (issuerId: string) => ({ PK: `ISSUER#${issuerId}`, SKPrefix: 'KEY#' }),
};

export const issuerKeyToItem = (k: IssuerKey) => ({ ...issuerKeyKeys.item(k.issuerId, k.keyId), entity: 'IssuerKey', ...k });
export const issuerKeyFromItem = (item: Record<string, unknown>) => issuerKeyRecord.parse(withoutKeys(item));

export function issuerKeyRepository(db: DynamoDBDocumentClient, tableName: string) {
  return {
    /** false when the key is already registered (same key, same data). */
    putOnce: (k: IssuerKey): Promise<boolean> => putIfAbsent(db, tableName, issuerKeyToItem(k)),
    async get(issuerId: string, keyId: string): Promise<IssuerKey | undefined> {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: issuerKeyKeys.item(issuerId, keyId) }));
      return Item ? issuerKeyFromItem(Item) : undefined;
    },
    async list(issuerId: string): Promise<IssuerKey[]> {
      const { PK, SKPrefix } = issuerKeyKeys.all(issuerId);
      const { Items = [] } = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
          ExpressionAttributeValues: { ':pk': PK, ':sk': SKPrefix },
          ConsistentRead: true,
        }),
      );
      return Items.map(issuerKeyFromItem);
    },
    /**
     * Makes `next` the current key and retires `previous`, atomically: the condition on the
     * previous key means two concurrent rotations cannot both win.
     */
    async rotate(previous: IssuerKey, next: IssuerKey, at: string): Promise<boolean> {
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: tableName,
                  Key: issuerKeyKeys.item(previous.issuerId, previous.keyId),
                  UpdateExpression: 'SET #status = :retired, retiredAt = :at',
                  ConditionExpression: '#status = :current',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: { ':retired': 'RETIRED', ':current': 'CURRENT', ':at': at },
                },
              },
              { Put: { TableName: tableName, Item: issuerKeyToItem(next), ConditionExpression: 'attribute_not_exists(PK)' } },
            ],
          }),
        );
        return true;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },
    /** Marks a non-current key compromised (the current one is rotated out first). */
    async markCompromised(key: IssuerKey, compromise: NonNullable<IssuerKey['compromise']>): Promise<IssuerKey | undefined> {
      try {
        const { Attributes } = await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: issuerKeyKeys.item(key.issuerId, key.keyId),
            UpdateExpression: 'SET #status = :compromised, compromise = :c',
            ConditionExpression: 'attribute_exists(PK) AND #status <> :current',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':compromised': 'COMPROMISED', ':current': 'CURRENT', ':c': compromise },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return issuerKeyFromItem(Attributes!);
      } catch (e) {
        if (isConditionFailure(e)) return undefined;
        throw e;
      }
    },
  };
}
export type IssuerKeyRepository = ReturnType<typeof issuerKeyRepository>;
