import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransientError } from '../errors';
import { batchGetAll, isConditionFailure } from './keys';
import type { LearnerKeyer } from '../ports';
import { LEARNER_KEYS_NOT_WIRED, learnerKey } from './learner';

/**
 * Holding — "this learner holds (or is being issued) this achievement version". Written in the
 * same transaction as the issuance, so at most one is active per learner and version unless
 * the policy allows repeats. Released when the issuance is rejected or expires, or the
 * credential is revoked; a FAILED issuance keeps it (staff retry it). A failed cohort row gives
 * it back: no issuance record exists to hold it, and `retry-failed` claims it again.
 *
 * A cohort chunk claims its learners' holdings together (`claimMany`): 100 conditional puts in
 * one TransactWriteItems — one request instead of a hundred in the path that issues 80,000 rows
 * at a time, for two write units a holding instead of one (the chunk's single audit event saves
 * more than that; see entities/audit.ts).
 *
 * Access patterns
 * - get by achievement version and learner (one, or 100 per BatchGet for a cohort file):  PK=HOLDS#<achievementId>#<version>#<learnerKey>  SK=HOLDS
 *   (learnerKey: the keyed hash of the normalized email (learner.ts), so the key itself names nobody)
 */

export const holdingKeys = {
  item: (keys: LearnerKeyer, achievementId: string, version: number, email: string) => ({ PK: `HOLDS#${achievementId}#${version}#${learnerKey(keys, email)}`, SK: 'HOLDS' }),
};

export const holdingItem = (keys: LearnerKeyer, achievementId: string, version: number, email: string, issuanceId: string) => ({
  ...holdingKeys.item(keys, achievementId, version, email),
  entity: 'Holding',
  issuanceId,
});

/** `keys` keys the holdings: a function not wired to the learner-index key may build this, not use it. */
export function holdingRepository(db: DynamoDBDocumentClient, tableName: string, keys: LearnerKeyer = LEARNER_KEYS_NOT_WIRED) {
  return {
    async holder(achievementId: string, version: number, email: string): Promise<string | undefined> {
      await keys.ready();
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: holdingKeys.item(keys, achievementId, version, email), ConsistentRead: true }));
      return Item?.issuanceId as string | undefined;
    },
    /**
     * Takes the holding for this issuance, or finds it already this issuance's (a retry):
     * undefined then. Otherwise the issuance that holds it.
     */
    async claim(achievementId: string, version: number, email: string, issuanceId: string): Promise<string | undefined> {
      await keys.ready();
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: holdingItem(keys, achievementId, version, email, issuanceId),
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
    /**
     * `claim` for many learners of one achievement version at once, 100 to a transaction.
     * Answers the claims refused: issuance id → the issuance that holds that learner's. A
     * transaction is all or nothing, so a refusal cancels it; the refused claims, named by the
     * cancellation's reasons, are set aside and the rest go again. A learner twice in `claims`
     * is claimed for the first and refused for the others (DynamoDB takes one operation per
     * item in a transaction).
     */
    async claimMany(achievementId: string, version: number, claims: { email: string; issuanceId: string }[]): Promise<Map<string, string>> {
      await keys.ready();
      const refused = new Map<string, string>();
      const first = new Map<string, string>();
      const pending: { email: string; issuanceId: string }[] = [];
      for (const c of claims) {
        const pk = holdingKeys.item(keys, achievementId, version, c.email).PK;
        const earlier = first.get(pk);
        if (earlier === undefined) {
          first.set(pk, c.issuanceId);
          pending.push(c);
        } else if (earlier !== c.issuanceId) refused.set(c.issuanceId, earlier);
      }
      for (let i = 0; i < pending.length; i += 100) {
        let group = pending.slice(i, i + 100);
        while (group.length > 0) {
          try {
            await db.send(
              new TransactWriteCommand({
                TransactItems: group.map((c) => ({
                  Put: {
                    TableName: tableName,
                    Item: holdingItem(keys, achievementId, version, c.email, c.issuanceId),
                    ConditionExpression: 'attribute_not_exists(PK) OR issuanceId = :id',
                    ExpressionAttributeValues: { ':id': c.issuanceId },
                    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
                  },
                })),
              }),
            );
            break;
          } catch (e) {
            const reasons = (e as { CancellationReasons?: { Code?: string; Item?: Record<string, { S?: string } | string> }[] }).CancellationReasons;
            if ((e as Error).name !== 'TransactionCanceledException' || !reasons) throw e;
            const refusedHere = (j: number) => reasons[j]?.Code === 'ConditionalCheckFailed';
            // Cancelled for another reason (a conflicting transaction, a throttle): the caller retries.
            if (!group.some((_, j) => refusedHere(j))) throw new TransientError(`holdings not claimed: ${reasons.map((r) => r.Code ?? 'None').filter((c) => c !== 'None').join(', ')}`, { cause: e });
            for (const [j, c] of group.entries()) {
              if (!refusedHere(j)) continue;
              const held = reasons[j]?.Item?.issuanceId;
              refused.set(c.issuanceId, (typeof held === 'string' ? held : held?.S) ?? (await this.holder(achievementId, version, c.email)) ?? 'another issuance');
            }
            group = group.filter((_, j) => !refusedHere(j));
          }
        }
      }
      return refused;
    },
    /** The holders of many learners at once (100 per read): email → issuance id, for those held. */
    async holders(achievementId: string, version: number, emails: string[]): Promise<Map<string, string>> {
      await keys.ready();
      const byKey = new Map(emails.map((e) => [holdingKeys.item(keys, achievementId, version, e).PK, e]));
      const items = await batchGetAll(db, tableName, [...byKey.keys()].map((PK) => ({ PK, SK: 'HOLDS' })), 'PK, issuanceId');
      return new Map(items.map((item) => [byKey.get(item.PK as string)!, item.issuanceId as string]));
    },
    /** Releases the holding if (and only if) it is this issuance's. */
    async release(achievementId: string, version: number, email: string, issuanceId: string): Promise<void> {
      await keys.ready();
      try {
        await db.send(
          new DeleteCommand({
            TableName: tableName,
            Key: holdingKeys.item(keys, achievementId, version, email),
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
