import * as z from '../zod';
import { env, integrationKey, localOnly, table, webhookQueue, wiring } from './bindings';
import { learnerIndex } from './variables';

/**
 * Events out (infra/constructs/webhook-deliveries.ts, shared/use-cases/webhook-deliveries.ts): a
 * rule on Laurel's bus hands every domain event to the fan-out, which creates one delivery per
 * subscription that wants it and enqueues it; the deliverer, fed by the queue, signs and POSTs
 * each attempt and re-enqueues a failed one with a delay.
 */
export const FanOutWebhooksFn = /* @__PURE__ */ wiring('functions/webhooks/fan-out-webhooks.ts', () => ({
  TABLE_NAME: table('readWrite'),
  WEBHOOK_QUEUE_URL: webhookQueue('send').as(env.url),
}));

/**
 * Reads the issuance an event names to key its learner (the learner-index key) and derive the
 * subscription's pseudonym and signing secret (the integration key); POSTs through the outbound
 * policy, locally through the internet stand-in; retry delays scaled by the local cloud's tests.
 */
export const DeliverWebhooksFn = /* @__PURE__ */ wiring('functions/webhooks/deliver-webhooks.ts', () => ({
  TABLE_NAME: table('readWrite'),
  WEBHOOK_QUEUE_URL: webhookQueue('send').as(env.url),
  INTEGRATION_KEY_ARN: integrationKey('generateMac'),
  ...learnerIndex(),
  LOCAL_INTERNET_URL: localOnly(z.optional(env.url)),
  LOCAL_RETRY_SCALE: localOnly(z.optional(z.coerce.number().check(z.positive(), z.lte(1)))),
}));
