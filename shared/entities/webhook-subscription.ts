import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../zod';
import { built } from '../built';
import { DETAIL_TYPES } from '../../events/schemas';
import { isConditionFailure, putIfAbsent, queryPartition, withoutKeys } from './keys';

/**
 * WebhookSubscription — a connected system (the SIS, a CRM) that wants Laurel's domain events
 * POSTed to an https URL of its own, each request signed with a secret only it and Laurel hold
 * (shared/integrations/webhook-signature.ts). The secret is never stored: it is derived from
 * the subscription's id and `secretVersion` under the integration key
 * (shared/integrations/integration-secrets.ts); rotating bumps the version.
 *
 * Access patterns
 * - get by id:                      PK=WEBHOOKS  SK=SUBSCRIPTION#<id>
 * - all subscriptions (the fan-out of every event; the admin list), oldest first:
 *                                   PK=WEBHOOKS  SK begins_with SUBSCRIPTION#   (one consistent query)
 *   One partition: an institution has a handful of subscriptions (MAX_SUBSCRIPTIONS), and the
 *   fan-out reads them all for every event, so a single strongly consistent query beats an index
 *   (a subscription disabled a moment ago receives nothing more).
 *
 * Every change is a conditional write on `revision`: two admins editing at once do not silently
 * undo each other.
 */
export const WEBHOOK_EVENT_TYPES = Object.values(DETAIL_TYPES) as [string, ...string[]];
export type WebhookEventType = (typeof DETAIL_TYPES)[keyof typeof DETAIL_TYPES];
/** More would make every event's fan-out a long loop; no institution needs that many endpoints. */
export const MAX_SUBSCRIPTIONS = 50;

export const webhookSubscriptionRecord = /* @__PURE__ */ built(() =>
  z.object({
    id: z.string(),
    name: z.string(),
    url: z.string(),
    /** The detail types delivered; `['*']` for every one Laurel emits, now and later. */
    eventTypes: z.array(z.string()),
    /** Also send the learner's student number (when the issuance gave one). */
    includeStudentNumber: z._default(z.boolean(), false),
    status: z.enum(['active', 'disabled']),
    /** The version of the signing secret deliveries are signed with (shared/integrations/integration-secrets.ts). */
    secretVersion: z.int().check(z.positive()),
    /** While a rotation overlaps, the previous version is sent too, until this time. */
    previousSecretVersion: z.optional(z.int().check(z.positive())),
    previousSecretUntil: z.optional(z.string()),
    /** Bumped by every write: the condition of the next one. */
    revision: z.int().check(z.positive()),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedBy: z.optional(z.string()),
    updatedAt: z.optional(z.string()),
  }),
);
export type WebhookSubscription = z.infer<typeof webhookSubscriptionRecord>;

/** Does this subscription take events of this detail type? */
export const wants = (s: Pick<WebhookSubscription, 'status' | 'eventTypes'>, detailType: string) =>
  s.status === 'active' && (s.eventTypes.includes('*') || s.eventTypes.includes(detailType));

export const webhookSubscriptionKeys = {
  partition: 'WEBHOOKS',
  item: (id: string) => ({ PK: 'WEBHOOKS', SK: `SUBSCRIPTION#${id}` }),
};

const toItem = (s: WebhookSubscription) => ({ ...webhookSubscriptionKeys.item(s.id), entity: 'WebhookSubscription', ...s });
const fromItem = (item: Record<string, unknown>): WebhookSubscription => webhookSubscriptionRecord.parse(withoutKeys(item));

/** The subscriptions as use cases see them (DynamoDB here; a Map in unit tests). */
export interface WebhookSubscriptionStore {
  /** false when the id is taken. */
  create(s: WebhookSubscription): Promise<boolean>;
  get(id: string): Promise<WebhookSubscription | undefined>;
  /** Every subscription, oldest first, read consistently. */
  all(): Promise<WebhookSubscription[]>;
  /** Writes `next` if the stored one is still at `expectedRevision`; false when it moved. */
  replace(next: WebhookSubscription, expectedRevision: number): Promise<boolean>;
}

export function webhookSubscriptionRepository(db: DynamoDBDocumentClient, tableName: string): WebhookSubscriptionStore {
  return {
    create: (s) => putIfAbsent(db, tableName, toItem(s)),
    async get(id) {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: webhookSubscriptionKeys.item(id), ConsistentRead: true }));
      return Item ? fromItem(Item) : undefined;
    },
    async all() {
      return (await queryPartition(db, tableName, webhookSubscriptionKeys.partition, 'SUBSCRIPTION#')).map(fromItem);
    },
    async replace(next, expectedRevision) {
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: toItem(next),
            ConditionExpression: 'attribute_exists(PK) AND revision = :rev',
            ExpressionAttributeValues: { ':rev': expectedRevision },
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
