import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../zod';
import { built } from '../built';
import { slug, text } from '../domain/fields';
import { isConditionFailure, withoutKeys } from './keys';

/**
 * CompletionSource — a system that tells Laurel a learner completed a course: an SIS or LMS
 * posting the signed webhook, a Moodle site (a bearer token: tool_trigger cannot sign), a Canvas
 * account (Live Events through SQS or signed HTTPS), or a system inside AWS putting
 * `CompletionRecorded` on Laurel's bus. Its secrets are derived, never stored
 * (shared/integrations/integration-secrets.ts): the item holds only which version is current,
 * and until when the previous one is still accepted after a rotation.
 *
 * Access patterns (sources are tens, not thousands: one partition holds them all)
 * - get:   PK=COMPLETIONSOURCES  SK=SOURCE#<id>
 * - list:  PK=COMPLETIONSOURCES  (one Query)
 */
export const SOURCE_KINDS = ['webhook', 'moodle', 'canvas', 'eventbridge'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const completionSourceFields = /* @__PURE__ */ built(() => ({
  id: slug,
  name: text(200),
  kind: z.enum(SOURCE_KINDS),
  /** Canvas: the root account's id in its Live Events (`metadata.root_account_id`), which routes an SQS message to this source. */
  canvasRootAccountId: z.optional(z.string().check(z.regex(/^\d{1,24}$/, 'the digits of metadata.root_account_id'))),
}));

export const completionSourceRecord = /* @__PURE__ */ built(() => z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(SOURCE_KINDS),
  canvasRootAccountId: z.optional(z.string()),
  status: z.enum(['active', 'disabled']),
  /** The current secret's version (signing secret or bearer token, by kind). */
  secretVersion: z.int(),
  /** After a rotation the previous version is accepted until then, so the source can be switched over without a gap. */
  previousSecretUntil: z.optional(z.string()),
  createdAt: z.string(),
  createdBy: z.object({ id: z.string(), name: z.string() }),
  updatedAt: z.string(),
}));
export type CompletionSource = z.infer<typeof completionSourceRecord>;

export const sourceKeys = { item: (id: string) => ({ PK: 'COMPLETIONSOURCES', SK: `SOURCE#${id}` }) };

export function completionSourceRepository(db: DynamoDBDocumentClient, tableName: string) {
  const parse = (item: Record<string, unknown>) => completionSourceRecord.parse(withoutKeys(item));
  return {
    /** False when a source with that id exists. */
    async create(source: CompletionSource): Promise<boolean> {
      try {
        await db.send(new PutCommand({ TableName: tableName, Item: { ...sourceKeys.item(source.id), entity: 'CompletionSource', ...source }, ConditionExpression: 'attribute_not_exists(PK)' }));
        return true;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },
    async get(id: string): Promise<CompletionSource | undefined> {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: sourceKeys.item(id), ConsistentRead: true }));
      return Item ? parse(Item) : undefined;
    },
    async list(): Promise<CompletionSource[]> {
      const { Items = [] } = await db.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': 'COMPLETIONSOURCES' }, ConsistentRead: true }));
      return Items.map(parse);
    },
    /** Renames, enables or disables; undefined when there is no such source. */
    async update(id: string, change: { name?: string | undefined; status?: CompletionSource['status'] | undefined; canvasRootAccountId?: string | undefined }, at: string) {
      const set = Object.entries(change).filter(([, v]) => v !== undefined);
      try {
        const { Attributes } = await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: sourceKeys.item(id),
            UpdateExpression: `SET ${[...set.map(([k]) => `#${k} = :${k}`), 'updatedAt = :at'].join(', ')}`,
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeNames: Object.fromEntries(set.map(([k]) => [`#${k}`, k])),
            ExpressionAttributeValues: { ...Object.fromEntries(set.map(([k, v]) => [`:${k}`, v])), ':at': at },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return Attributes ? parse(Attributes) : undefined;
      } catch (e) {
        if (isConditionFailure(e)) return undefined;
        throw e;
      }
    },
    /**
     * The next secret version, the previous accepted until `previousUntil`; only from the version
     * the caller saw, so two rotations at once make one new version (the other gets undefined).
     */
    async rotate(id: string, fromVersion: number, previousUntil: string, at: string): Promise<CompletionSource | undefined> {
      try {
        const { Attributes } = await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: sourceKeys.item(id),
            UpdateExpression: 'SET secretVersion = :next, previousSecretUntil = :until, updatedAt = :at',
            ConditionExpression: 'secretVersion = :from',
            ExpressionAttributeValues: { ':from': fromVersion, ':next': fromVersion + 1, ':until': previousUntil, ':at': at },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return Attributes ? parse(Attributes) : undefined;
      } catch (e) {
        if (isConditionFailure(e)) return undefined;
        throw e;
      }
    },
  };
}
export type CompletionSourceRepository = ReturnType<typeof completionSourceRepository>;
