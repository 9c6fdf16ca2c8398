import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { putIfAbsent, withoutKeys } from './keys';

/**
 * IssuerKey — the public half of a KMS signing key, cached so that resolving a key for
 * verification never calls KMS. Retired keys stay: credentials they signed keep verifying.
 *
 * Access patterns
 * - get one key:            PK=ISSUER#<issuerId>  SK=KEY#<keyId>
 * - list an issuer's keys:  PK=ISSUER#<issuerId>  SK begins_with KEY#
 */
export const issuerKeyRecord = z.object({
  issuerId: z.string(),
  keyId: z.string(),
  kmsKeyArn: z.string(),
  publicKeyMultibase: z.string(),
  status: z.enum(['CURRENT', 'RETIRED', 'COMPROMISED']),
  createdAt: z.string(),
});
export type IssuerKey = z.infer<typeof issuerKeyRecord>;

export const issuerKeyKeys = {
  item: (issuerId: string, keyId: string) => ({ PK: `ISSUER#${issuerId}`, SK: `KEY#${keyId}` }),
  all: (issuerId: string) => ({ PK: `ISSUER#${issuerId}`, SKPrefix: 'KEY#' }),
};

export const issuerKeyToItem = (k: IssuerKey) => ({ ...issuerKeyKeys.item(k.issuerId, k.keyId), entity: 'IssuerKey', ...k });
export const issuerKeyFromItem = (item: Record<string, unknown>) => issuerKeyRecord.parse(withoutKeys(item));

export function issuerKeyRepository(db: DynamoDBDocumentClient, tableName: string) {
  return {
    async putOnce(k: IssuerKey): Promise<void> {
      // false means another step registered it first: same key, same data.
      await putIfAbsent(db, tableName, issuerKeyToItem(k));
    },
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
        }),
      );
      return Items.map(issuerKeyFromItem);
    },
  };
}
export type IssuerKeyRepository = ReturnType<typeof issuerKeyRepository>;
