import { DeleteCommand, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { reminderItemFor, type ReminderPlan } from './reminder';
import { directoryEntryOf, directoryEntryToItem, directoryKeys, type DirectoryListing } from './directory-entry';
import * as z from '../zod';
import { built } from '../built';
import { batchGetAll, isConditionFailure, putIfAbsent, withoutKeys } from './keys';
import { buildUpdate, type UpdateSpec } from './update';
import { timeKeys, walkMonths, type TimeRange } from './time-index';

/**
 * Credential — a signed, stored credential. Written by the Store step right after the artifact
 * is in S3, so an artifact never exists without its record.
 *
 * Access patterns
 * - get by id:                    PK=CREDENTIAL#<id>  SK=CREDENTIAL
 * - list by signing key (reissue after a compromise):
 *                                 GSI2PK=SIGNEDBY#<issuerId>#<keyId>  GSI2SK=<issuedAt>#<id>
 * - all credentials by month:     GSI3PK=CREDENTIALS#<yyyy-mm>  GSI3SK=<issuedAt>#<id>  (summary projection)
 * - its entry in the issuer's public directory (directory-entry.ts), written and deleted with its
 *   visibility in one transaction:  PK=DIRECTORY#<issuerId>  SK=ENTRY#<id>
 *   One achievement's credentials are this walk filtered by achievement, as for issuances: an
 *   index of their own cost a write unit on every credential written and every status change.
 */
export const credentialRecord = /* @__PURE__ */ built(() => z.object({
  id: z.string(),
  issuanceId: z.string(),
  achievementId: z.string(),
  achievementVersion: z.int(),
  issuerId: z.string(),
  status: z.enum(['ACTIVE', 'REVOKED', 'SUSPENDED']),
  issuedAt: z.string(),
  validUntil: z.optional(z.string()),
  artifact: z.object({ key: z.string(), sha256: z.string() }),
  /** The VC-JWT form, when that format is enabled. */
  jwtArtifact: z.optional(z.object({ key: z.string(), sha256: z.string() })),
  verificationMethod: z.string(),
  signingKeyId: z.string(),
  /** Where the credential's revocation and suspension bits are. */
  statusPosition: z.object({ listNo: z.int(), index: z.int() }),
  revocation: z.optional(z.object({ by: z.string(), at: z.string(), reason: z.string() })),
  /** The latest SES feedback on the learner's email. */
  delivery: z.optional(z.object({ status: z.enum(['SENT', 'DELIVERED', 'BOUNCED', 'COMPLAINED']), at: z.string(), detail: z.optional(z.string()) })),
  suspension: z.optional(z.object({ by: z.string(), at: z.string(), reason: z.string() })),
  /**
   * What the learner chose on their claim page: `private` — the credential's URL serves neither
   * page nor JSON to anyone else; `directory` — listed in the issuer's public directory. Absent:
   * public, not listed (the defaults before the learner chooses).
   */
  visibility: z.optional(z.object({ private: z.boolean(), directory: z.boolean(), at: z.string() })),
  /**
   * A newer credential replaces this one (the learner withdrew their name; later, a correction or
   * an extension): superseded, not revoked — it still verifies, and its page points to the current one.
   */
  supersededBy: z.optional(z.object({ credentialId: z.string(), at: z.string(), reason: z.string() })),
  /** The credential this one replaced. */
  supersedes: z.optional(z.string()),
  /**
   * Staff should look at this credential again: a pathway awarded it, and a constituent it was
   * awarded from was revoked (the pathway's rule is `review`; shared/use-cases/pathways.ts).
   */
  review: z.optional(z.object({ at: z.string(), reason: z.string(), pathwayId: z.string(), constituentCredentialId: z.string() })),
}));
export type CredentialRecord = z.infer<typeof credentialRecord>;

export const credentialKeys = {
  item: (id: string) => ({ PK: `CREDENTIAL#${id}`, SK: 'CREDENTIAL' }),
  bySigningKey: (c: Pick<CredentialRecord, 'issuerId' | 'signingKeyId' | 'issuedAt' | 'id'>) => ({
    GSI2PK: `SIGNEDBY#${c.issuerId}#${c.signingKeyId}`,
    GSI2SK: `${c.issuedAt}#${c.id}`,
  }),
};

export const CREDENTIALS_BY_MONTH = 'CREDENTIALS';

export const credentialToItem = (c: CredentialRecord) => ({
  ...credentialKeys.item(c.id),
  ...credentialKeys.bySigningKey(c),
  ...timeKeys(CREDENTIALS_BY_MONTH, c.issuedAt, c.id),
  entity: 'Credential',
  ...c,
});
export const credentialFromItem = (item: Record<string, unknown>) => credentialRecord.parse(withoutKeys(item));

/** What a list shows of a credential (the time index's projection). */
export const credentialSummary = /* @__PURE__ */ built(() => z.pick(credentialRecord, {
  id: true,
  issuanceId: true,
  achievementId: true,
  achievementVersion: true,
  issuerId: true,
  status: true,
  issuedAt: true,
  validUntil: true,
  delivery: true,
}));
export type CredentialSummary = z.infer<typeof credentialSummary>;
export const credentialSummaryOf = (item: Record<string, unknown>): CredentialSummary => credentialSummary.parse(item);

export function credentialRepository(db: DynamoDBDocumentClient, tableName: string) {
  return {
    /**
     * Idempotent: a second put of the same credential is a no-op; a different one is refused. A
     * credential that expires is written with its reminder schedule (reminder.ts), in one
     * transaction: no credential expires without its CredentialExpired, whatever failed between.
     */
    async putOnce(c: CredentialRecord, reminders?: ReminderPlan): Promise<'created' | 'exists'> {
      const schedule = reminderItemFor(c, reminders);
      if (!schedule) return (await putIfAbsent(db, tableName, credentialToItem(c))) ? 'created' : 'exists';
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: tableName, Item: credentialToItem(c), ConditionExpression: 'attribute_not_exists(PK)' } },
              { Put: { TableName: tableName, Item: schedule, ConditionExpression: 'attribute_not_exists(PK)' } },
            ],
          }),
        );
        return 'created';
      } catch (e) {
        if (isConditionFailure(e)) return 'exists';
        throw e;
      }
    },
    async get(id: string): Promise<CredentialRecord | undefined> {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: credentialKeys.item(id), ConsistentRead: true }));
      return Item ? credentialFromItem(Item) : undefined;
    },
    /** Every credential issued in a range, newest first, from the month partitions. */
    async listByMonth(q: { range: TimeRange; limit: number; status?: readonly string[] | undefined; achievementId?: string | undefined; delivery?: readonly string[] | undefined; cursor?: string }) {
      const { items, cursor } = await walkMonths(db, tableName, {
        prefix: CREDENTIALS_BY_MONTH,
        range: q.range,
        limit: q.limit,
        filter: { equals: { status: q.status, achievementId: q.achievementId, 'delivery.status': q.delivery } },
        ...(q.cursor ? { cursor: q.cursor } : {}),
      });
      return { items: items.map(credentialSummaryOf), cursor };
    },
    async getMany(ids: string[]): Promise<CredentialRecord[]> {
      return (await batchGetAll(db, tableName, ids.map(credentialKeys.item))).map(credentialFromItem);
    },
    /** Credentials signed by one key, oldest first, a page at a time. */
    async listBySigningKey(issuerId: string, keyId: string, page: { limit: number; after?: Record<string, unknown> }) {
      const { Items = [], LastEvaluatedKey } = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI2',
          KeyConditionExpression: 'GSI2PK = :pk',
          ExpressionAttributeValues: { ':pk': `SIGNEDBY#${issuerId}#${keyId}` },
          Limit: page.limit,
          ...(page.after ? { ExclusiveStartKey: page.after } : {}),
        }),
      );
      return { items: Items.map(credentialFromItem), next: LastEvaluatedKey };
    },
    /** Revokes the credential (for good); undefined if it was revoked already. */
    revoke: (id: string, decision: StatusDecision) => updateIf(id, { set: { status: 'REVOKED', revocation: decision } }, '#status <> :revoked', { ':revoked': 'REVOKED' }),
    /** Suspends an ACTIVE credential; undefined if it is not ACTIVE (any more). */
    suspend: (id: string, decision: StatusDecision) => updateIf(id, { set: { status: 'SUSPENDED', suspension: decision } }, '#status = :active', { ':active': 'ACTIVE' }),
    /** Lifts a suspension; undefined if the credential is not SUSPENDED (any more). */
    reinstate: (id: string) => updateIf(id, { set: { status: 'ACTIVE' }, remove: ['suspension'] }, '#status = :suspended', { ':suspended': 'SUSPENDED' }),
    /** The email's fate, as SES reported it. */
    recordDelivery: (id: string, delivery: NonNullable<CredentialRecord['delivery']>) => updateIf(id, { set: { delivery } }, 'attribute_exists(PK)'),
    /**
     * Marks the credential replaced by `by.credentialId`, once: undefined if it was already
     * replaced. A replaced credential leaves the issuer's directory at once (the name it carried
     * may be the one withdrawn); the directory's read drops superseded credentials too.
     */
    async markSuperseded(id: string, by: NonNullable<CredentialRecord['supersededBy']>): Promise<CredentialRecord | undefined> {
      const marked = await updateIf(id, { set: { supersededBy: by } }, 'attribute_not_exists(supersededBy)');
      if (marked?.visibility?.directory) await db.send(new DeleteCommand({ TableName: tableName, Key: directoryKeys.entry(marked.issuerId, id) }));
      return marked;
    },
    /** Flags the credential for staff review, once: undefined if it was flagged already. */
    flagForReview: (id: string, review: NonNullable<CredentialRecord['review']>) => updateIf(id, { set: { review } }, 'attribute_not_exists(#review)'),
    /**
     * The learner's choice of who may see the credential (claim page), and its directory entry in
     * the same transaction: put with `listing` (only while the credential is not superseded, so a
     * stale page cannot list a replaced name), deleted without. Undefined if the credential is
     * gone or, when listing, superseded.
     */
    async setVisibility(record: Pick<CredentialRecord, 'id' | 'issuerId'>, visibility: NonNullable<CredentialRecord['visibility']>, listing?: DirectoryListing): Promise<CredentialRecord | undefined> {
      const entryKey = directoryKeys.entry(record.issuerId, record.id);
      const u = buildUpdate({ set: { visibility } }).withCondition(listing ? 'attribute_exists(PK) AND attribute_not_exists(supersededBy)' : 'attribute_exists(PK)');
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              { Update: { TableName: tableName, Key: credentialKeys.item(record.id), ...u } },
              listing
                ? { Put: { TableName: tableName, Item: directoryEntryToItem(directoryEntryOf({ ...listing, issuerId: record.issuerId, credentialId: record.id })) } }
                : { Delete: { TableName: tableName, Key: entryKey } },
            ],
          }),
        );
      } catch (e) {
        if (isConditionFailure(e)) return undefined;
        throw e;
      }
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: credentialKeys.item(record.id), ConsistentRead: true }));
      return Item ? credentialFromItem(Item) : undefined;
    },
    /**
     * Out of the issuer's directory (a learner's erasure): the choice recorded as withdrawn and the
     * entry deleted, in one transaction; only the entry when the learner never chose.
     */
    async leaveDirectory(record: Pick<CredentialRecord, 'id' | 'issuerId' | 'visibility'>, at: string): Promise<void> {
      const entry = { Delete: { TableName: tableName, Key: directoryKeys.entry(record.issuerId, record.id) } };
      if (!record.visibility) {
        await db.send(new TransactWriteCommand({ TransactItems: [entry] }));
        return;
      }
      const u = buildUpdate({ set: { visibility: { ...record.visibility, directory: false, at } } }).withCondition('attribute_exists(PK)');
      await db.send(new TransactWriteCommand({ TransactItems: [{ Update: { TableName: tableName, Key: credentialKeys.item(record.id), ...u } }, entry] }));
    },
    /** A learner's erasure: SES's words about their email go (the status stays); undefined if there were none. */
    eraseDeliveryDetail: (id: string) => updateIf(id, { remove: ['delivery.detail'] }, 'attribute_exists(#delivery.#detail)'),
  };
  /** Update guarded by a condition; undefined when the condition does not hold. */
  async function updateIf(id: string, spec: UpdateSpec, condition: string, values?: Record<string, unknown>): Promise<CredentialRecord | undefined> {
    const u = buildUpdate(spec).withCondition(`attribute_exists(PK) AND (${condition})`, values);
    try {
      const { Attributes } = await db.send(new UpdateCommand({ TableName: tableName, Key: credentialKeys.item(id), ...u, ReturnValues: 'ALL_NEW' }));
      return credentialFromItem(Attributes!);
    } catch (e) {
      if (isConditionFailure(e)) return undefined;
      throw e;
    }
  }
}
export type CredentialRepository = ReturnType<typeof credentialRepository>;

/** Who changed a credential's status, when and why. */
export interface StatusDecision {
  by: string;
  at: string;
  reason: string;
}
