import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../zod';
import { built } from '../built';
import { derivedUuid } from '../derived-id';
import { isConditionFailure, putIfAbsent, TABLE_KEYS, withoutKeys } from './keys';

/**
 * WebhookDelivery — one domain event to one subscription: what was sent, how each attempt went,
 * and whether it is still to be sent (PENDING), arrived (DELIVERED: the subscriber answered 2xx),
 * was given up on (DEAD: every attempt failed, or the subscriber answered 410 Gone) or waits for
 * its subscription to be enabled again (PAUSED: an admin disabled it while the delivery was under
 * way — staff's choice, not the subscriber's failure, so it raises no alarm). Its id
 * is derived from the event's id and the subscription's, so an event EventBridge delivers twice
 * makes no second delivery.
 *
 * It keeps the event as Laurel put it (ids, states and times: no learner's data) and the learner
 * is looked up again at each attempt, so an erasure between attempts is honoured and no student
 * number waits in the table outside the issuance erasure clears. Of a subscriber's answer only
 * the status and a short excerpt (RESPONSE_EXCERPT_CHARS) are kept.
 *
 * Access patterns
 * - get by id:                         PK=WEBHOOKDELIVERY#<id>  SK=DELIVERY
 * - a subscription's deliveries in one status, newest first (the dead-letter view):
 *                                      GSI1PK=WEBHOOKDELIVERIES#<subscriptionId>#<status>  GSI1SK=<createdAt>#<id>
 * - a subscription's deliveries, newest first:
 *                                      GSI2PK=WEBHOOKDELIVERIES#<subscriptionId>  GSI2SK=<createdAt>#<id>
 * Items expire (TTL) RETENTION_DAYS after their last change; a DEAD or PAUSED one is there to replay
 * (or resume) for as long.
 *
 * Every change is a conditional put on `revision` (an attempt claimed, its outcome, a replay):
 * of two deliverers handed the same message, one sends.
 */
export const WEBHOOK_DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'DEAD', 'PAUSED'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];
export const RESPONSE_EXCERPT_CHARS = 200;
export const RETENTION_DAYS = 30;

export const webhookDeliveryRecord = /* @__PURE__ */ built(() =>
  z.object({
    id: z.string(),
    subscriptionId: z.string(),
    /** The EventBridge event: its id, detail type, time and detail, as put on Laurel's bus. */
    event: z.object({ id: z.string(), type: z.string(), time: z.string(), detail: z.record(z.string(), z.unknown()) }),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES),
    /** Attempts made (or claimed) since the delivery was created or last replayed. */
    attempts: z.int().check(z.nonnegative()),
    /** When the next attempt is due (PENDING). */
    nextAttemptAt: z.optional(z.string()),
    /** An attempt in progress: another deliverer may take it over after this time. */
    leaseUntil: z.optional(z.string()),
    lastAttemptAt: z.optional(z.string()),
    /** The subscriber's HTTP status, absent when no answer came (timeout, refused, network). */
    lastStatus: z.optional(z.int()),
    lastError: z.optional(z.string()),
    /** The start of the subscriber's answer, at most RESPONSE_EXCERPT_CHARS characters. */
    lastResponseExcerpt: z.optional(z.string()),
    deliveredAt: z.optional(z.string()),
    /** How many times staff replayed it. */
    replays: z._default(z.int().check(z.nonnegative()), 0),
    revision: z.int().check(z.positive()),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
);
export type WebhookDelivery = z.infer<typeof webhookDeliveryRecord>;

/** The delivery of one event to one subscription: the same id however often the event arrives. */
export const deliveryIdFor = (eventId: string, subscriptionId: string) => derivedUuid(['laurel-webhook-delivery', eventId, subscriptionId], { version: '8', variant: '9' });

export const webhookDeliveryKeys = {
  item: (id: string) => ({ PK: `WEBHOOKDELIVERY#${id}`, SK: 'DELIVERY' }),
  byStatus: (d: Pick<WebhookDelivery, 'subscriptionId' | 'status' | 'createdAt' | 'id'>) => ({
    GSI1PK: `WEBHOOKDELIVERIES#${d.subscriptionId}#${d.status}`,
    GSI1SK: `${d.createdAt}#${d.id}`,
  }),
  bySubscription: (d: Pick<WebhookDelivery, 'subscriptionId' | 'createdAt' | 'id'>) => ({
    GSI2PK: `WEBHOOKDELIVERIES#${d.subscriptionId}`,
    GSI2SK: `${d.createdAt}#${d.id}`,
  }),
};

const toItem = (d: WebhookDelivery) => ({
  ...webhookDeliveryKeys.item(d.id),
  ...webhookDeliveryKeys.byStatus(d),
  ...webhookDeliveryKeys.bySubscription(d),
  entity: 'WebhookDelivery',
  ...d,
  [TABLE_KEYS.ttl]: Math.floor(Date.parse(d.updatedAt) / 1000) + RETENTION_DAYS * 86_400,
});
const fromItem = (item: Record<string, unknown>): WebhookDelivery => {
  const { [TABLE_KEYS.ttl]: _ttl, ...rest } = withoutKeys(item);
  return webhookDeliveryRecord.parse(rest);
};

export interface DeliveryPage {
  items: WebhookDelivery[];
  /** The index key to continue after (the use case turns it into a cursor, checked against the partition). */
  next?: Record<string, unknown>;
}

/** The deliveries as use cases see them (DynamoDB here; a Map in unit tests). */
export interface WebhookDeliveryStore {
  /** false when a delivery with this id exists (the event was fanned out before). */
  create(d: WebhookDelivery): Promise<boolean>;
  get(id: string): Promise<WebhookDelivery | undefined>;
  /** Writes `next` if the stored one is still at `next.revision - 1`; false when it moved. */
  replace(next: WebhookDelivery): Promise<boolean>;
  /** A subscription's deliveries, newest first; one status, or all. */
  list(subscriptionId: string, q: { status?: WebhookDeliveryStatus | undefined; limit: number; after?: Record<string, unknown> | undefined }): Promise<DeliveryPage>;
}

/** The partition a page of `list` walks, which a cursor must continue. */
export const deliveryListPartition = (subscriptionId: string, status?: WebhookDeliveryStatus): Record<string, string> =>
  status ? { GSI1PK: `WEBHOOKDELIVERIES#${subscriptionId}#${status}` } : { GSI2PK: `WEBHOOKDELIVERIES#${subscriptionId}` };

export function webhookDeliveryRepository(db: DynamoDBDocumentClient, tableName: string): WebhookDeliveryStore {
  return {
    create: (d) => putIfAbsent(db, tableName, toItem(d)),
    async get(id) {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: webhookDeliveryKeys.item(id), ConsistentRead: true }));
      return Item ? fromItem(Item) : undefined;
    },
    async replace(next) {
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: toItem(next),
            ConditionExpression: 'attribute_exists(PK) AND revision = :rev',
            ExpressionAttributeValues: { ':rev': next.revision - 1 },
          }),
        );
        return true;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },
    async list(subscriptionId, q) {
      const [attribute, value] = Object.entries(deliveryListPartition(subscriptionId, q.status))[0]!;
      const { Items = [], LastEvaluatedKey } = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: q.status ? TABLE_KEYS.gsi1.name : TABLE_KEYS.gsi2.name,
          KeyConditionExpression: `${attribute} = :pk`,
          ExpressionAttributeValues: { ':pk': value },
          ScanIndexForward: false,
          Limit: q.limit,
          ...(q.after ? { ExclusiveStartKey: q.after } : {}),
        }),
      );
      return { items: Items.map(fromItem), ...(LastEvaluatedKey ? { next: LastEvaluatedKey } : {}) };
    },
  };
}
