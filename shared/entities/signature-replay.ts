import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from './keys';

/**
 * SignatureReplay — the inbound webhook's replay cache: each accepted signature (its SHA-256, no
 * MAC kept) for ten minutes, twice the ±300 s a timestamp may be off, so a captured request sent
 * again inside its window is refused. DynamoDB's TTL deletes items late, so the condition also
 * takes an item whose time has passed as free.
 *
 * Access pattern
 * - claim a signature:  PK=INBOUNDSIG#<sha256>  SK=SIG  (TTL: expiresAt)
 */
export const REPLAY_WINDOW_SECONDS = 600;

export function signatureReplayCache(db: DynamoDBDocumentClient, tableName: string) {
  return {
    /** True the first time a signature is seen within the window; false for a replay. */
    async claim(signatureHash: string, now: Date): Promise<boolean> {
      const seconds = Math.floor(now.getTime() / 1000);
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: { PK: `INBOUNDSIG#${signatureHash}`, SK: 'SIG', entity: 'SignatureReplay', expiresAt: seconds + REPLAY_WINDOW_SECONDS },
            ConditionExpression: 'attribute_not_exists(PK) OR expiresAt < :now',
            ExpressionAttributeValues: { ':now': seconds },
          }),
        );
        return true;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },
  };
}
export type SignatureReplayCache = ReturnType<typeof signatureReplayCache>;
