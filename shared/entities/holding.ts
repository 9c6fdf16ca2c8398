import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchGetAll, isConditionFailure } from './keys';
import { learnerKey } from './learner';

/**
 * Holding — "this learner holds (or is being issued) this achievement version". Written in the
 * same transaction as the issuance, so at most one is active per learner and version unless
 * the policy allows repeats. Released when the issuance is rejected or expires, or the
 * credential is revoked; a FAILED issuance keeps it (staff retry it).
 *
 * Access patterns
 * - get by achievement version and learner (one, or 100 per BatchGet for a cohort file):  PK=HOLDS#<achievementId>#<version>#<learnerKey>  SK=HOLDS
 *   (learnerKey: sha256 of the normalized email, so the key itself names nobody)
 */

export const holdingKeys = {
  item: (achievementId: string, version: number, email: string) => ({ PK: `HOLDS#${achievementId}#${version}#${learnerKey(email)}`, SK: 'HOLDS' }),
};

export const holdingItem = (achievementId: string, version: number, email: string, issuanceId: string) => ({
  ...holdingKeys.item(achievementId, version, email),
  entity: 'Holding',
  issuanceId,
});

export function holdingRepository(db: DynamoDBDocumentClient, tableName: string) {
  return {
    async holder(achievementId: string, version: number, email: string): Promise<string | undefined> {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: holdingKeys.item(achievementId, version, email), ConsistentRead: true }));
      return Item?.issuanceId as string | undefined;
    },
    /**
     * Takes the holding for this issuance, or finds it already this issuance's (a retry):
     * undefined then. Otherwise the issuance that holds it.
     */
    async claim(achievementId: string, version: number, email: string, issuanceId: string): Promise<string | undefined> {
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: holdingItem(achievementId, version, email, issuanceId),
            ConditionExpression: 'attribute_not_exists(PK) OR issuanceId = :id',
            ExpressionAttributeValues: { ':id': issuanceId },
          }),
        );
        return undefined;
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
        return (await this.holder(achievementId, version, email)) ?? 'another issuance';
      }
    },
    /** The holders of many learners at once (100 per read): email → issuance id, for those held. */
    async holders(achievementId: string, version: number, emails: string[]): Promise<Map<string, string>> {
      const byKey = new Map(emails.map((e) => [holdingKeys.item(achievementId, version, e).PK, e]));
      const items = await batchGetAll(db, tableName, [...byKey.keys()].map((PK) => ({ PK, SK: 'HOLDS' })), 'PK, issuanceId');
      return new Map(items.map((item) => [byKey.get(item.PK as string)!, item.issuanceId as string]));
    },
    /** Releases the holding if (and only if) it is this issuance's. */
    async release(achievementId: string, version: number, email: string, issuanceId: string): Promise<void> {
      try {
        await db.send(
          new DeleteCommand({
            TableName: tableName,
            Key: holdingKeys.item(achievementId, version, email),
            ConditionExpression: 'issuanceId = :id',
            ExpressionAttributeValues: { ':id': issuanceId },
          }),
        );
      } catch (e) {
        if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
      }
    },
  };
}
export type HoldingRepository = ReturnType<typeof holdingRepository>;
