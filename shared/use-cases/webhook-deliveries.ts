import { createHmac } from 'node:crypto';
import type { Clock } from '../clock';
import type { CredentialRepository } from '../entities/credential';
import type { IssuanceRepository } from '../entities/issuance';
import { learnerIndexKey } from '../entities/learner';
import { deliveryIdFor, RESPONSE_EXCERPT_CHARS, type WebhookDelivery, type WebhookDeliveryStore } from '../entities/webhook-delivery';
import { wants, type WebhookSubscription, type WebhookSubscriptionStore } from '../entities/webhook-subscription';
import { OutboundError, type OutboundPost } from '../http/outbound';
import type { IntegrationSecrets } from '../integrations/integration-secrets';
import { signatureOf, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../integrations/webhook-signature';
import type { LearnerKeyer } from '../ports';
import { EVENT_SOURCE } from '../../events/schemas';

/**
 * Events out (issue #21): every domain event on Laurel's bus, POSTed to each active subscription
 * that wants its type, signed per request (EventBridge API destinations cannot sign per request).
 *
 * - fan-out (a rule on the bus → fanOutEvent): one delivery per (event, subscription), its id
 *   derived from both, created by a conditional put — an event EventBridge delivers twice makes no
 *   second delivery — then enqueued.
 * - the deliverer (the queue → deliverMessage): claims the attempt (a conditional write, so of two
 *   copies of a message one sends), POSTs, and records the answer. 2xx: DELIVERED. 410 Gone: DEAD
 *   at once (the subscriber says the endpoint is gone). Anything else — another status, a timeout,
 *   no connection — is retried after RETRY_DELAYS_SECONDS, up to MAX_ATTEMPTS, then DEAD.
 * - a delivery whose subscription was disabled while it was under way is PAUSED, not DEAD: an
 *   admin's choice is no subscriber's failure and must not page anyone. Enabling the subscription
 *   resumes it (webhook-subscriptions.ts).
 * - a DEAD, PAUSED (or DELIVERED) delivery can be replayed by staff: PENDING again, attempts from 0.
 *
 * SQS delays a message by at most 15 minutes: a longer wait is a chain of re-sends, each message
 * carrying the time its attempt is due (`notBefore`).
 */
export const MAX_ATTEMPTS = 8;
/** The wait after attempt n failed (n = 1…7): about a day in all, so a SIS down for a night catches up. */
export const RETRY_DELAYS_SECONDS = [60, 300, 900, 3_600, 3 * 3_600, 6 * 3_600, 12 * 3_600] as const;
/** SQS's longest message delay. */
export const MAX_QUEUE_DELAY_SECONDS = 900;
export const REQUEST_TIMEOUT_MS = 10_000;
/** An attempt claimed and not recorded (the deliverer died) may be taken over after this. */
const LEASE_MS = 2 * 60_000;
/** Headers of every delivery besides the signature's. */
export const DELIVERY_ID_HEADER = 'laurel-delivery-id';
export const EVENT_TYPE_HEADER = 'laurel-event-type';
/** How long a rotated-out secret still signs deliveries (both signatures are sent). */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

/** One message on the delivery queue: the attempt it asks for, and when that attempt is due. */
export interface DeliveryMessage {
  deliveryId: string;
  attempt: number;
  notBefore?: string;
}

/** The delivery queue (SQS): messages delayed by up to MAX_QUEUE_DELAY_SECONDS. */
export interface WebhookQueue {
  send(messages: DeliveryMessage[], delaySeconds: number): Promise<void>;
}

/** The event as EventBridge hands it to the fan-out function. */
export interface BusEvent {
  id: string;
  'detail-type': string;
  source: string;
  time: string;
  detail: Record<string, unknown>;
}

export interface FanOutDeps {
  subscriptions: Pick<WebhookSubscriptionStore, 'all'>;
  deliveries: Pick<WebhookDeliveryStore, 'create' | 'get'>;
  queue: WebhookQueue;
  clock: Clock;
}

/** Creates (once) and enqueues the deliveries of one event; what it did, per subscription. */
export async function fanOutEvent(deps: FanOutDeps, event: BusEvent): Promise<{ created: number; existing: number }> {
  if (event.source !== EVENT_SOURCE) return { created: 0, existing: 0 };
  const targets = (await deps.subscriptions.all()).filter((s) => wants(s, event['detail-type']));
  const now = deps.clock.now().toISOString();
  let created = 0;
  const toSend: DeliveryMessage[] = [];
  for (const s of targets) {
    const delivery: WebhookDelivery = {
      id: deliveryIdFor(event.id, s.id),
      subscriptionId: s.id,
      event: { id: event.id, type: event['detail-type'], time: event.time, detail: event.detail },
      status: 'PENDING',
      attempts: 0,
      nextAttemptAt: now,
      replays: 0,
      revision: 1,
      createdAt: now,
      updatedAt: now,
    };
    if (await deps.deliveries.create(delivery)) {
      created++;
      toSend.push({ deliveryId: delivery.id, attempt: 1 });
      continue;
    }
    // Made by an earlier run that may have failed before enqueueing it: enqueue it again if it
    // never started (a second message for it is harmless, the attempt is claimed once).
    const existing = await deps.deliveries.get(delivery.id);
    if (existing?.status === 'PENDING' && existing.attempts === 0) toSend.push({ deliveryId: delivery.id, attempt: 1 });
  }
  for (let i = 0; i < toSend.length; i += 10) await deps.queue.send(toSend.slice(i, i + 10), 0);
  return { created, existing: targets.length - created };
}

// ------------------------------------------------------------------ the learner

/** Where the deliverer finds who an event is about: the issuance it names, or its credential's. */
export interface LearnerLookupDeps {
  issuances: Pick<IssuanceRepository, 'get'>;
  credentials: Pick<CredentialRepository, 'get'>;
  learnerKeys: LearnerKeyer;
}

export interface EventLearner {
  /** The learner index key (`email:<hmac>`): never sent, only the pseudonym derived from it. */
  indexKey: string;
  studentNumber?: string;
}

/**
 * The learner an event concerns, or undefined: events about no learner (LearnerErased names none
 * on purpose), and learners since erased. Looked up at each attempt, never stored with the delivery.
 */
export async function learnerOfEvent(deps: LearnerLookupDeps, detail: Record<string, unknown>): Promise<EventLearner | undefined> {
  const credentialId = typeof detail.credentialId === 'string' ? detail.credentialId : undefined;
  let issuanceId = typeof detail.issuanceId === 'string' ? detail.issuanceId : undefined;
  if (!issuanceId && credentialId) issuanceId = (await deps.credentials.get(credentialId))?.issuanceId;
  if (!issuanceId) return undefined;
  const issuance = await deps.issuances.get(issuanceId);
  if (!issuance || 'erased' in issuance.recipient) return undefined;
  await deps.learnerKeys.ready();
  const { email, studentId } = issuance.recipient;
  return { indexKey: learnerIndexKey(deps.learnerKeys, { email }), ...(studentId ? { studentNumber: studentId } : {}) };
}

/**
 * The learner's id for one subscription: an HMAC of the learner index key under a key derived for
 * that subscription alone, shaped as a UUID. Stable across a subscription's events (it can join
 * them) and unrelated across subscriptions (two subscribers cannot join each other's data), and
 * not the deployment-wide id PathwayProgressed carries on the bus.
 */
export async function learnerPseudonym(secrets: IntegrationSecrets, subscriptionId: string, indexKey: string): Promise<string> {
  const key = await secrets.secretFor('subscription-learner', subscriptionId, 1);
  const hex = createHmac('sha256', key).update(indexKey, 'utf8').digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

// ------------------------------------------------------------------ the request

/** What a subscriber receives (events/webhooks.md): the event, and the learner as this subscription knows them. */
export async function deliveryBody(secrets: IntegrationSecrets, s: Pick<WebhookSubscription, 'id' | 'includeStudentNumber'>, d: Pick<WebhookDelivery, 'event'>, learner: EventLearner | undefined) {
  const pseudonym = learner ? await learnerPseudonym(secrets, s.id, learner.indexKey) : undefined;
  // Pathway events name the learner by a deployment-wide id: replaced by this subscription's.
  const { learnerId: _busLearnerId, ...rest } = d.event.detail;
  const detail = 'learnerId' in d.event.detail && pseudonym ? { ...rest, learnerId: pseudonym } : rest;
  return {
    id: d.event.id,
    type: d.event.type,
    source: EVENT_SOURCE,
    time: d.event.time,
    detail,
    ...(learner && pseudonym
      ? { learner: { id: pseudonym, ...(s.includeStudentNumber && learner.studentNumber ? { studentNumber: learner.studentNumber } : {}) } }
      : {}),
  };
}

/** The signature header: the current secret's, and the previous one's while a rotation overlaps. */
export async function signatureHeaders(secrets: IntegrationSecrets, s: WebhookSubscription, rawBody: string, now: Date): Promise<Record<string, string>> {
  const timestamp = Math.floor(now.getTime() / 1000);
  const versions = [s.secretVersion];
  if (s.previousSecretVersion && s.previousSecretUntil && Date.parse(s.previousSecretUntil) > now.getTime()) versions.push(s.previousSecretVersion);
  const signatures = await Promise.all(versions.map(async (v) => `v1=${signatureOf(await secrets.secretFor('subscription-signing', s.id, v), timestamp, rawBody)}`));
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signatures.join(' ') };
}

// ------------------------------------------------------------------ the deliverer

export interface DeliverDeps extends LearnerLookupDeps {
  subscriptions: Pick<WebhookSubscriptionStore, 'get'>;
  deliveries: Pick<WebhookDeliveryStore, 'get' | 'replace'>;
  queue: WebhookQueue;
  secrets: IntegrationSecrets;
  post: OutboundPost;
  clock: Clock;
  /** Multiplies every retry delay: 1 in AWS; the local cloud's tests make a day minutes (LOCAL_RETRY_SCALE). */
  retryScale?: number;
}

export type DeliveryOutcome = 'delivered' | 'retrying' | 'dead' | 'paused' | 'deferred' | 'stale';

/** What a PAUSED delivery says of itself. */
export const PAUSED_BECAUSE = 'the subscription was disabled while this delivery was under way: it resumes when the subscription is enabled';

/** The wait after attempt `attempt` failed, in ms (scaled), or undefined when it was the last. */
export function retryDelayMs(attempt: number, scale = 1): number | undefined {
  if (attempt >= MAX_ATTEMPTS) return undefined;
  const seconds = RETRY_DELAYS_SECONDS[Math.min(attempt, RETRY_DELAYS_SECONDS.length) - 1]!;
  return Math.round(seconds * 1000 * scale);
}

/** The message delay that brings a message closest to `dueMs` from now, within SQS's limit. */
export const queueDelaySeconds = (dueInMs: number) => Math.min(MAX_QUEUE_DELAY_SECONDS, Math.max(0, Math.ceil(dueInMs / 1000)));

const bump = (d: WebhookDelivery, at: string, change: Partial<WebhookDelivery>, remove: (keyof WebhookDelivery)[] = []): WebhookDelivery => {
  const next = { ...d, ...change, revision: d.revision + 1, updatedAt: at };
  for (const k of remove) delete next[k];
  return next;
};

/** Is this message the delivery's next attempt (or a takeover of one whose deliverer died)? */
function isCurrent(d: WebhookDelivery, m: DeliveryMessage, now: number): boolean {
  if (d.status !== 'PENDING') return false;
  if (m.attempt === d.attempts + 1) return true;
  return m.attempt === d.attempts && d.leaseUntil !== undefined && Date.parse(d.leaseUntil) < now;
}

/** One message of the delivery queue: send the attempt it asks for, if it is still due, and record how it went. */
export async function deliverMessage(deps: DeliverDeps, m: DeliveryMessage): Promise<DeliveryOutcome> {
  const now = deps.clock.now();
  const d = await deps.deliveries.get(m.deliveryId);
  if (!d || !isCurrent(d, m, now.getTime())) return 'stale';
  const dueIn = m.notBefore ? Date.parse(m.notBefore) - now.getTime() : 0;
  if (dueIn > 500) {
    // Not yet: the wait is longer than one SQS delay. Another link of the chain.
    await deps.queue.send([m], queueDelaySeconds(dueIn));
    return 'deferred';
  }
  const at = now.toISOString();
  const subscription = await deps.subscriptions.get(d.subscriptionId);
  if (!subscription) {
    // Subscriptions are disabled, never deleted: this one's record is gone (restored from a backup?).
    const ok = await deps.deliveries.replace(bump(d, at, { status: 'DEAD', lastError: 'the subscription no longer exists' }, ['nextAttemptAt', 'leaseUntil']));
    return ok ? 'dead' : 'stale';
  }
  if (subscription.status !== 'active') {
    // Staff's choice, not the subscriber's failure: kept, unsent and unalarmed, until it is enabled (resumePausedDeliveries).
    const ok = await deps.deliveries.replace(bump(d, at, { status: 'PAUSED', lastError: PAUSED_BECAUSE }, ['nextAttemptAt', 'leaseUntil']));
    return ok ? 'paused' : 'stale';
  }
  const claimed = bump(d, at, { attempts: m.attempt, lastAttemptAt: at, leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString() });
  if (!(await deps.deliveries.replace(claimed))) return 'stale';
  const answer = await send(deps, subscription, claimed, now);
  return record(deps, claimed, answer);
}

interface Answer {
  status?: number;
  excerpt?: string;
  error?: string;
}

async function send(deps: DeliverDeps, s: WebhookSubscription, d: WebhookDelivery, now: Date): Promise<Answer> {
  const body = JSON.stringify(await deliveryBody(deps.secrets, s, d, await learnerOfEvent(deps, d.event.detail)));
  const headers = { ...(await signatureHeaders(deps.secrets, s, body, now)), [DELIVERY_ID_HEADER]: d.id, [EVENT_TYPE_HEADER]: d.event.type };
  try {
    const { status, excerpt } = await deps.post(s.url, { body, headers, timeoutMs: REQUEST_TIMEOUT_MS, excerptBytes: RESPONSE_EXCERPT_CHARS * 4 });
    return { status, excerpt: excerpt.slice(0, RESPONSE_EXCERPT_CHARS) };
  } catch (e) {
    if (e instanceof OutboundError) return { error: e.message.slice(0, 500) };
    throw e;
  }
}

/** Records an attempt's answer; a retry is enqueued before it is recorded, so a failure between the two loses nothing. */
async function record(deps: DeliverDeps, d: WebhookDelivery, a: Answer): Promise<DeliveryOutcome> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const answered = {
    ...(a.status !== undefined ? { lastStatus: a.status } : {}),
    ...(a.excerpt ? { lastResponseExcerpt: a.excerpt } : {}),
    ...(a.error ? { lastError: a.error } : {}),
  };
  const cleared: (keyof WebhookDelivery)[] = ['leaseUntil', 'lastStatus', 'lastResponseExcerpt', 'lastError'];
  const ok = a.status !== undefined && a.status >= 200 && a.status < 300;
  if (ok) {
    await deps.deliveries.replace(bump(strip(d, cleared), at, { status: 'DELIVERED', deliveredAt: at, ...answered }, ['nextAttemptAt']));
    return 'delivered';
  }
  const delay = a.status === 410 ? undefined : retryDelayMs(d.attempts, deps.retryScale);
  if (delay === undefined) {
    await deps.deliveries.replace(bump(strip(d, cleared), at, { status: 'DEAD', ...answered }, ['nextAttemptAt']));
    return 'dead';
  }
  const nextAttemptAt = new Date(now.getTime() + delay).toISOString();
  await deps.queue.send([{ deliveryId: d.id, attempt: d.attempts + 1, notBefore: nextAttemptAt }], queueDelaySeconds(delay));
  await deps.deliveries.replace(bump(strip(d, cleared), at, { nextAttemptAt, ...answered }));
  return 'retrying';
}

const strip = (d: WebhookDelivery, keys: (keyof WebhookDelivery)[]): WebhookDelivery => {
  const copy = { ...d };
  for (const k of keys) delete copy[k];
  return copy;
};
