import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from './keys';

/**
 * DeliveryClaim — "an attempt is sending this issuance's n-th email": the lease that keeps a
 * credential email from being sent twice when a step or a queue message runs again. It is an
 * item of its own, next to the issuance, because claiming by updating the issuance rewrote a
 * 2 KB item and its copy in the all-attributes index: five write units, where this is one.
 * The email's outcome (message id, SES feedback) stays on the issuance, where lists read it.
 *
 * n is the number of earlier deliveries, so a resend (which archives the current delivery)
 * claims a fresh item. Claims expire by TTL after a week: by then the issuance records the
 * message id (which is what later attempts check first), or the lease has long run out.
 *
 * Access pattern
 * - claim / release one delivery:  PK=ISSUANCE#<issuanceId>  SK=DELIVERY#<n, 4 digits>
 */
const CLAIM_TTL_SECONDS = 7 * 24 * 3600;

export const deliveryClaimKeys = {
  item: (issuanceId: string, n: number) => ({ PK: `ISSUANCE#${issuanceId}`, SK: `DELIVERY#${String(n).padStart(4, '0')}` }),
};

export function deliveryClaimRepository(db: DynamoDBDocumentClient, tableName: string) {
  return {
    /**
     * Takes the lease on delivery n of an issuance: true unless another attempt holds it and
     * claimed it after `staleBefore` (a claim older than that is an attempt that never came back).
     */
    async claim(issuanceId: string, n: number, claimedAt: string, staleBefore: string): Promise<boolean> {
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...deliveryClaimKeys.item(issuanceId, n),
              entity: 'DeliveryClaim',
              issuanceId,
              claimedAt,
              expiresAt: Math.floor(Date.parse(claimedAt) / 1000) + CLAIM_TTL_SECONDS,
            },
            ConditionExpression: 'attribute_not_exists(PK) OR claimedAt < :stale',
            ExpressionAttributeValues: { ':stale': staleBefore },
          }),
        );
        return true;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },
    /** Gives the lease back (SES refused the email, so nothing was sent), if it is still this attempt's. */
    async release(issuanceId: string, n: number, claimedAt: string): Promise<void> {
      try {
        await db.send(
          new DeleteCommand({
            TableName: tableName,
            Key: deliveryClaimKeys.item(issuanceId, n),
            ConditionExpression: 'claimedAt = :mine',
            ExpressionAttributeValues: { ':mine': claimedAt },
          }),
        );
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
      }
    },
  };
}
export type DeliveryClaimRepository = ReturnType<typeof deliveryClaimRepository>;
