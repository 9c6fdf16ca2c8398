import { DeleteCommand, GetCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../zod';
import { built } from '../built';
import { isConditionFailure, putIfAbsent, queryPartition, withoutKeys } from './keys';

/**
 * IssuerKey — the public half of a KMS signing key, cached so that resolving a key for
 * verification never calls KMS. Exactly one key per issuer is CURRENT (it signs); RETIRED keys
 * keep verifying what they signed; a COMPROMISED key verifies nothing.
 *
 * The records live in a partition of their own, so that IAM can say who writes them: only the
 * functions that create, rotate and register keys (DataStore.grantReadWriteKeys); every other
 * writer of the table is denied ISSUERKEY#. Until issue #17 they shared the issuer's partition
 * with its profile and the status-list allocator, where no partition condition could protect
 * them: the deployment moves them (`migrate`, run by the DefaultIssuerKeys custom resource), and
 * until then reads fall back to where they were.
 *
 * Access patterns
 * - get one key:            PK=ISSUERKEY#<issuerId>  SK=KEY#<keyId>
 * - list an issuer's keys:  PK=ISSUERKEY#<issuerId>  SK begins_with KEY#
 * - not yet moved:          PK=ISSUER#<issuerId>     SK=KEY#<keyId> (read only as a fallback)
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

export const ISSUER_KEY_PARTITION = 'ISSUERKEY#';
export const issuerKeyKeys = {
  item: (issuerId: string, keyId: string) => ({ PK: `${ISSUER_KEY_PARTITION}${issuerId}`, SK: `KEY#${keyId}` }),
  all: (issuerId: string) => ({ PK: `${ISSUER_KEY_PARTITION}${issuerId}`, SKPrefix: 'KEY#' }),
  /** Where the records were before they had a partition of their own. */
  legacyItem: (issuerId: string, keyId: string) => ({ PK: `ISSUER#${issuerId}`, SK: `KEY#${keyId}` }),
  legacyAll: (issuerId: string) => ({ PK: `ISSUER#${issuerId}`, SKPrefix: 'KEY#' }),
};

export const issuerKeyToItem = (k: IssuerKey) => ({ ...issuerKeyKeys.item(k.issuerId, k.keyId), entity: 'IssuerKey', ...k });
export const issuerKeyFromItem = (item: Record<string, unknown>) => issuerKeyRecord.parse(withoutKeys(item));

export function issuerKeyRepository(db: DynamoDBDocumentClient, tableName: string) {
  const query = ({ PK, SKPrefix }: { PK: string; SKPrefix: string }) => queryPartition(db, tableName, PK, SKPrefix);
  return {
    /** false when the key is already registered (same key, same data). */
    putOnce: (k: IssuerKey): Promise<boolean> => putIfAbsent(db, tableName, issuerKeyToItem(k)),
    async get(issuerId: string, keyId: string): Promise<IssuerKey | undefined> {
      for (const Key of [issuerKeyKeys.item(issuerId, keyId), issuerKeyKeys.legacyItem(issuerId, keyId)]) {
        const { Item } = await db.send(new GetCommand({ TableName: tableName, Key }));
        if (Item) return issuerKeyFromItem(Item);
      }
      return undefined;
    },
    /** An issuer's keys; where none were moved yet, where they were. */
    async list(issuerId: string): Promise<IssuerKey[]> {
      const moved = await query(issuerKeyKeys.all(issuerId));
      return (moved.length ? moved : await query(issuerKeyKeys.legacyAll(issuerId))).map(issuerKeyFromItem);
    },
    /**
     * Moves an issuer's key records from its partition to their own: copies them in one
     * transaction (so a reader sees all or none), then deletes the old ones. Safe to repeat and
     * to resume; the number moved.
     */
    async migrate(issuerId: string): Promise<number> {
      const legacy = await query(issuerKeyKeys.legacyAll(issuerId));
      if (!legacy.length) return 0;
      const moved = new Set((await query(issuerKeyKeys.all(issuerId))).map((i) => String(i.SK)));
      const toCopy = legacy.filter((i) => !moved.has(String(i.SK)));
      for (let i = 0; i < toCopy.length; i += 100) {
        await db.send(
          new TransactWriteCommand({
            TransactItems: toCopy.slice(i, i + 100).map((item) => ({ Put: { TableName: tableName, Item: issuerKeyToItem(issuerKeyFromItem(item)), ConditionExpression: 'attribute_not_exists(PK)' } })),
          }),
        );
      }
      // A handful per issuer (one per rotation): one by one.
      for (const item of legacy) await db.send(new DeleteCommand({ TableName: tableName, Key: { PK: item.PK, SK: item.SK } }));
      return toCopy.length;
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
