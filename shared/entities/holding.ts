import { DeleteCommand, GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { learnerKey } from './learner';

/**
 * Holding — "this learner holds (or is being issued) this achievement version". Written in the
 * same transaction as the issuance, so at most one is active per learner and version unless
 * the policy allows repeats. Released when the issuance is rejected or expires, or the
 * credential is revoked; a FAILED issuance keeps it (staff retry it).
 *
 * Access pattern
 * - get by achievement version and learner:  PK=HOLDS#<achievementId>#<version>#<learnerKey>  SK=HOLDS
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
