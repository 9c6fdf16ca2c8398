import { randomUUID } from 'node:crypto';
import type { CreateSubscriptionBody, UpdateSubscriptionBody } from '../api/webhook-schemas';
import type { Clock } from '../clock';
import type { Principal } from '../domain/staff';
import type { AuditLog } from '../entities/audit';
import { decodeCursor, encodeCursor } from '../entities/cursor';
import { deliveryListPartition, type WebhookDelivery, type WebhookDeliveryStatus, type WebhookDeliveryStore } from '../entities/webhook-delivery';
import { MAX_SUBSCRIPTIONS, type WebhookSubscription, type WebhookSubscriptionStore } from '../entities/webhook-subscription';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { checkOutboundUrl, OutboundError } from '../http/outbound';
import type { IntegrationSecrets } from '../integrations/integration-secrets';
import { ROTATION_OVERLAP_MS, type WebhookQueue } from './webhook-deliveries';

/**
 * Webhook subscriptions, as an admin manages them (the admin API's Integrations area): create
 * (the signing secret answered once), list, read, change, rotate the secret (the new one answered
 * once; the old one still signs for ROTATION_OVERLAP_MS), and the deliveries — the dead-letter
 * view, and replay. Every change is in the subscription's audit trail, without the secret.
 */
export interface SubscriptionAdminDeps {
  subscriptions: WebhookSubscriptionStore;
  secrets: IntegrationSecrets;
  audit: Pick<AuditLog, 'append'>;
  clock: Clock;
}

export interface DeliveryAdminDeps {
  subscriptions: Pick<WebhookSubscriptionStore, 'get'>;
  deliveries: Pick<WebhookDeliveryStore, 'get' | 'replace' | 'list'>;
  queue: WebhookQueue;
  audit: Pick<AuditLog, 'append'>;
  clock: Clock;
}

const staff = (p: Principal) => ({ kind: 'staff' as const, id: p.id, name: p.name });
const subject = (id: string) => ({ type: 'subscription' as const, id });
/** What the trail keeps of a URL: where it points, not a token a subscriber may have put in its query. */
const auditedUrl = (url: string) => {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
};
const auditedFields = (s: WebhookSubscription) => ({ name: s.name, url: auditedUrl(s.url), eventTypes: s.eventTypes, includeStudentNumber: s.includeStudentNumber, status: s.status });
export const subscriptionView = ({ revision: _r, ...s }: WebhookSubscription) => s;
export const deliveryView = ({ revision: _r, leaseUntil: _l, ...d }: WebhookDelivery) => d;

/** The outbound policy, at the door: a URL the deliverer would refuse is a 400 now, not a DEAD delivery later. */
function checkUrl(url: string) {
  try {
    checkOutboundUrl(url);
  } catch (e) {
    if (e instanceof OutboundError) throw new ValidationError('The subscription URL cannot be delivered to.', [{ path: 'body.url', message: e.message }]);
    throw e;
  }
}

/** `*` alone, or the types named, each once. */
const normalTypes = (types: readonly string[]) => (types.includes('*') ? ['*'] : [...new Set(types)]);

export async function createSubscription(deps: SubscriptionAdminDeps, input: CreateSubscriptionBody, actor: Principal) {
  checkUrl(input.url);
  if ((await deps.subscriptions.all()).length >= MAX_SUBSCRIPTIONS) throw new ConflictError(`There are ${MAX_SUBSCRIPTIONS} subscriptions already: disable and reuse one.`);
  const subscription: WebhookSubscription = {
    id: randomUUID(),
    name: input.name,
    url: input.url,
    eventTypes: normalTypes(input.eventTypes),
    includeStudentNumber: input.includeStudentNumber,
    status: 'active',
    secretVersion: 1,
    revision: 1,
    createdBy: actor.name,
    createdAt: deps.clock.now().toISOString(),
  };
  if (!(await deps.subscriptions.create(subscription))) throw new ConflictError('A subscription with this id exists; try again.');
  await deps.audit.append(subject(subscription.id), { actor: staff(actor), action: 'SUBSCRIPTION_CREATED', after: auditedFields(subscription) });
  return { subscription: subscriptionView(subscription), secret: await deps.secrets.secretFor('subscription-signing', subscription.id, 1) };
}

export async function listSubscriptions(deps: Pick<SubscriptionAdminDeps, 'subscriptions'>) {
  return { items: (await deps.subscriptions.all()).map(subscriptionView) };
}

async function found(deps: { subscriptions: Pick<WebhookSubscriptionStore, 'get'> }, id: string) {
  const s = await deps.subscriptions.get(id);
  if (!s) throw new NotFoundError(`No webhook subscription '${id}'.`);
  return s;
}

export const getSubscription = async (deps: Pick<SubscriptionAdminDeps, 'subscriptions'>, id: string) => subscriptionView(await found(deps, id));

/** How many PAUSED deliveries one enabling call resumes; the answer says when more wait (PATCH `status: active` again). */
export const RESUME_LIMIT = 100;

/**
 * Changes a subscription. Enabling it — or saying `active` of an active one — resumes the
 * deliveries that its disabling paused, up to RESUME_LIMIT a call: PENDING again, attempts from 0.
 */
export async function updateSubscription(deps: SubscriptionAdminDeps & ResumeDeps, id: string, patch: UpdateSubscriptionBody, actor: Principal) {
  const subscription = await changeSubscription(deps, id, patch, actor);
  if (subscription.status !== 'active' || patch.status !== 'active') return subscription;
  return { ...subscription, ...(await resumePausedDeliveries(deps, id, actor)) };
}

async function changeSubscription(deps: SubscriptionAdminDeps, id: string, patch: UpdateSubscriptionBody, actor: Principal) {
  const current = await found(deps, id);
  if (patch.url !== undefined) checkUrl(patch.url);
  const next: WebhookSubscription = {
    ...current,
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.url !== undefined ? { url: patch.url } : {}),
    ...(patch.eventTypes !== undefined ? { eventTypes: normalTypes(patch.eventTypes) } : {}),
    ...(patch.includeStudentNumber !== undefined ? { includeStudentNumber: patch.includeStudentNumber } : {}),
    ...(patch.status !== undefined ? { status: patch.status } : {}),
    revision: current.revision + 1,
    updatedBy: actor.name,
    updatedAt: deps.clock.now().toISOString(),
  };
  if (!(await deps.subscriptions.replace(next, current.revision))) throw new ConflictError('The subscription changed a moment ago; read it and try again.');
  await deps.audit.append(subject(id), { actor: staff(actor), action: 'SUBSCRIPTION_UPDATED', before: auditedFields(current), after: auditedFields(next) });
  return subscriptionView(next);
}

/** A delivery to be sent again from attempt one (a resume, a replay): PENDING, the last attempt's answer cleared. */
function sentAgain(d: WebhookDelivery, at: string): WebhookDelivery {
  const { deliveredAt: _d, lastStatus: _s, lastError: _e, lastResponseExcerpt: _x, leaseUntil: _l, ...kept } = d;
  return { ...kept, status: 'PENDING', attempts: 0, nextAttemptAt: at, revision: d.revision + 1, updatedAt: at };
}

export type ResumeDeps = Pick<DeliveryAdminDeps, 'deliveries' | 'queue' | 'audit' | 'clock'>;

/** Resumes one page of a subscription's PAUSED deliveries: how many, and whether more wait. */
async function resumePausedDeliveries(deps: ResumeDeps, subscriptionId: string, actor: Principal) {
  const { items, next } = await deps.deliveries.list(subscriptionId, { status: 'PAUSED', limit: RESUME_LIMIT });
  const at = deps.clock.now().toISOString();
  const resumed: string[] = [];
  const resume = async (d: WebhookDelivery) => {
    // A conditional write: of two enabling calls, or an enabling and a replay, one resumes it.
    return deps.deliveries.replace(sentAgain(d, at));
  };
  for (const listed of items) {
    if (await resume(listed)) {
      resumed.push(listed.id);
      continue;
    }
    // The index lags the table: read the delivery itself, and resume it if it is still paused.
    const current = await deps.deliveries.get(listed.id);
    if (current?.status === 'PAUSED' && (await resume(current))) resumed.push(current.id);
  }
  // Should this fail, the deliveries are PENDING without their messages; a replay of one enqueues it (replayDelivery).
  for (let i = 0; i < resumed.length; i += 10) await deps.queue.send(resumed.slice(i, i + 10).map((deliveryId) => ({ deliveryId, attempt: 1 })), 0);
  if (resumed.length) await deps.audit.append(subject(subscriptionId), { actor: staff(actor), action: 'DELIVERIES_RESUMED', after: { count: resumed.length } });
  return { resumedDeliveries: resumed.length, morePaused: next !== undefined };
}

/** A new signing secret, answered once; deliveries carry both signatures for ROTATION_OVERLAP_MS. */
export async function rotateSubscriptionSecret(deps: SubscriptionAdminDeps, id: string, actor: Principal) {
  const current = await found(deps, id);
  const now = deps.clock.now();
  const next: WebhookSubscription = {
    ...current,
    secretVersion: current.secretVersion + 1,
    previousSecretVersion: current.secretVersion,
    previousSecretUntil: new Date(now.getTime() + ROTATION_OVERLAP_MS).toISOString(),
    revision: current.revision + 1,
    updatedBy: actor.name,
    updatedAt: now.toISOString(),
  };
  if (!(await deps.subscriptions.replace(next, current.revision))) throw new ConflictError('The subscription changed a moment ago; read it and try again.');
  await deps.audit.append(subject(id), {
    actor: staff(actor),
    action: 'SUBSCRIPTION_SECRET_ROTATED',
    before: { secretVersion: current.secretVersion },
    after: { secretVersion: next.secretVersion, previousSecretUntil: next.previousSecretUntil },
  });
  return { subscription: subscriptionView(next), secret: await deps.secrets.secretFor('subscription-signing', id, next.secretVersion) };
}

/** A subscription's deliveries, newest first: one status (DEAD: the dead-letter view), or all. */
export async function listDeliveries(deps: Pick<DeliveryAdminDeps, 'subscriptions' | 'deliveries'>, id: string, q: { status?: WebhookDeliveryStatus | undefined; limit: number; cursor?: string | undefined }) {
  await found(deps, id);
  const after = decodeCursor(q.cursor, deliveryListPartition(id, q.status));
  const { items, next } = await deps.deliveries.list(id, { status: q.status, limit: q.limit, after });
  return { items: items.map(deliveryView), ...(next ? { cursor: encodeCursor(next) } : {}) };
}

/**
 * Sends a DEAD, PAUSED (or DELIVERED) delivery again: PENDING, attempts from 0, enqueued. A PENDING one is
 * answered as it is (a second replay while the first is under way sends nothing more).
 */
export async function replayDelivery(deps: DeliveryAdminDeps, deliveryId: string, actor: Principal) {
  const d = await deps.deliveries.get(deliveryId);
  if (!d) throw new NotFoundError(`No webhook delivery '${deliveryId}'.`);
  if (d.status === 'PENDING') {
    // Not started yet (a replay whose message may have been lost): nudge it; a second message is harmless.
    if (d.attempts === 0) await deps.queue.send([{ deliveryId, attempt: 1 }], 0);
    return { delivery: deliveryView(d), replayed: false };
  }
  const subscription = await found(deps, d.subscriptionId);
  if (subscription.status !== 'active') throw new ConflictError('The subscription is disabled: enable it before replaying its deliveries.');
  const at = deps.clock.now().toISOString();
  const next: WebhookDelivery = { ...sentAgain(d, at), replays: d.replays + 1 };
  if (!(await deps.deliveries.replace(next))) {
    // Someone replayed it a moment ago: answer what it is now.
    const now = await deps.deliveries.get(deliveryId);
    return { delivery: deliveryView(now ?? d), replayed: false };
  }
  // Should this fail, the delivery is PENDING without its message: the caller's retry of the
  // replay (a 5xx) finds it so and enqueues it (above).
  await deps.queue.send([{ deliveryId, attempt: 1 }], 0);
  await deps.audit.append(subject(d.subscriptionId), { actor: staff(actor), action: 'DELIVERY_REPLAYED', after: { deliveryId, eventId: d.event.id, eventType: d.event.type, was: d.status } });
  return { delivery: deliveryView(next), replayed: true };
}
