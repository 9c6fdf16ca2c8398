import * as z from '../zod';
import { built } from '../built';
import { text } from '../domain/fields';
import { WEBHOOK_DELIVERY_STATUSES, webhookDeliveryRecord } from '../entities/webhook-delivery';
import { WEBHOOK_EVENT_TYPES, webhookSubscriptionRecord } from '../entities/webhook-subscription';

/**
 * The webhook subscriptions' request and response shapes (events out, issue #21), apart from
 * ./schemas.ts so that the routes' module imports them in one line.
 */

/** https only, and no longer than a URL a subscriber would give; the outbound policy is checked by the use case. */
const webhookUrl = /* @__PURE__ */ built(() =>
  z.url({ protocol: /^https$/, error: 'must be an https URL' }).check(z.maxLength(2048, 'at most 2048 characters')),
);
/** Detail types Laurel emits, or `*` for all of them (now and later). */
const eventTypes = /* @__PURE__ */ built(() =>
  z.array(z.enum(['*', ...WEBHOOK_EVENT_TYPES] as [string, ...string[]], { error: `one of *, ${WEBHOOK_EVENT_TYPES.join(', ')}` })).check(z.minLength(1, 'name at least one event type, or *'), z.maxLength(50)),
);

export const createSubscriptionBody = /* @__PURE__ */ built(() =>
  z.strictObject({
    name: text(200),
    url: webhookUrl,
    eventTypes,
    includeStudentNumber: z._default(z.boolean(), false),
  }),
);
export type CreateSubscriptionBody = z.infer<typeof createSubscriptionBody>;

export const updateSubscriptionBody = /* @__PURE__ */ built(() =>
  z.strictObject({
    name: z.optional(text(200)),
    url: z.optional(webhookUrl),
    eventTypes: z.optional(eventTypes),
    includeStudentNumber: z.optional(z.boolean()),
    status: z.optional(z.enum(['active', 'disabled'])),
  }),
);
export type UpdateSubscriptionBody = z.infer<typeof updateSubscriptionBody>;

export const listDeliveriesQuery = /* @__PURE__ */ built(() =>
  z.strictObject({
    status: z.optional(z.enum(WEBHOOK_DELIVERY_STATUSES)),
    limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 50),
    cursor: z.optional(z.string().check(z.maxLength(2048))),
  }),
);

export const subscriptionView = /* @__PURE__ */ built(() => z.omit(webhookSubscriptionRecord, { revision: true }));
/** A subscription with its signing secret: answered once, on creation and on rotation. */
export const subscriptionWithSecret = /* @__PURE__ */ built(() =>
  z.object({
    subscription: subscriptionView,
    secret: z.string().check(z.describe('the signing secret (HMAC-SHA256 key, as text): shown this once; keep it in the receiving system')),
  }),
);
export const deliveryView = /* @__PURE__ */ built(() => z.omit(webhookDeliveryRecord, { revision: true, leaseUntil: true }));
/** A subscription as a change left it, with the paused deliveries that enabling it resumed. */
export const updatedSubscription = /* @__PURE__ */ built(() =>
  z.extend(subscriptionView, {
    resumedDeliveries: z.optional(z.int().check(z.nonnegative(), z.describe('PAUSED deliveries this call resumed (present when the call said `status: active`)'))),
    morePaused: z.optional(z.boolean().check(z.describe('more PAUSED deliveries wait: send `status: active` again to resume them'))),
  }),
);
