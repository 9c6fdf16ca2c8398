import { createHash } from 'node:crypto';
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../zod';
import { built } from '../built';
import { normalizeEmail } from '../credentials/recipient';
import { withoutKeys } from './keys';

/**
 * Learner index — "this learner was the recipient of this issuance (and its credential)". One
 * item per identifier (email, and student number when given), written in the issuance's
 * creating transaction, so staff can find a learner's credentials without a Scan and without
 * the table keying anything by a clear-text email.
 *
 * Access pattern
 * - a learner's issuances, newest first:  PK=LEARNER#<email|student>:<sha256>  SK=ISSUANCE#<requestedAt>#<issuanceId>
 */
export type LearnerIdentifier = { email: string } | { studentId: string };

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** A learner's email as a key: sha256 of the normalized address, so the key itself names nobody (holdings use it too). */
export const learnerKey = (email: string) => sha256(normalizeEmail(email));

export function learnerIndexKey(id: LearnerIdentifier): string {
  return 'email' in id ? `email:${learnerKey(id.email)}` : `student:${sha256(id.studentId.trim())}`;
}

export const learnerEntry = /* @__PURE__ */ built(() => z.object({
  issuanceId: z.string(),
  credentialId: z.string(),
  achievementId: z.string(),
  requestedAt: z.string(),
}));
export type LearnerEntry = z.infer<typeof learnerEntry>;

export const learnerKeys = {
  partition: (id: LearnerIdentifier) => `LEARNER#${learnerIndexKey(id)}`,
  item: (id: LearnerIdentifier, e: Pick<LearnerEntry, 'requestedAt' | 'issuanceId'>) => ({
    PK: learnerKeys.partition(id),
    SK: `ISSUANCE#${e.requestedAt}#${e.issuanceId}`,
  }),
};

/** The index items of one issuance: one per identifier the request gave. */
export const learnerItems = (recipient: { email: string; studentId?: string | undefined }, e: LearnerEntry) =>
  [{ email: recipient.email }, ...(recipient.studentId ? [{ studentId: recipient.studentId }] : [])].map((id) => ({
    ...learnerKeys.item(id, e),
    entity: 'LearnerIndex',
    ...e,
  }));

export function learnerRepository(db: DynamoDBDocumentClient, tableName: string) {
  return {
    async list(id: LearnerIdentifier, page: { limit: number; after?: Record<string, unknown> }) {
      const { Items = [], LastEvaluatedKey } = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
          ExpressionAttributeValues: { ':pk': learnerKeys.partition(id), ':sk': 'ISSUANCE#' },
          ScanIndexForward: false,
          Limit: page.limit,
          ...(page.after ? { ExclusiveStartKey: page.after } : {}),
        }),
      );
      return { items: Items.map((i) => learnerEntry.parse(withoutKeys(i))), next: LastEvaluatedKey };
    },
  };
}
export type LearnerRepository = ReturnType<typeof learnerRepository>;
