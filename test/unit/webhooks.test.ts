import { describe, expect, it } from 'vitest';
import { DETAIL_TYPES } from '../../events/schemas';
import type { Principal } from '../../shared/domain/staff';
import { derivedLearnerKeyer } from '../../shared/entities/learner';
import { ValidationError } from '../../shared/errors';
import { memoryIntegrationSecrets } from '../../shared/integrations/integration-secrets';
import { checkSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../shared/integrations/webhook-signature';
import {
  DELIVERY_ID_HEADER,
  deliverMessage,
  EVENT_TYPE_HEADER,
  fanOutEvent,
  MAX_ATTEMPTS,
  MAX_QUEUE_DELAY_SECONDS,
  PAUSED_BECAUSE,
  queueDelaySeconds,
  retryDelayMs,
  type BusEvent,
  type DeliverDeps,
  type FanOutDeps,
} from '../../shared/use-cases/webhook-deliveries';
import { createSubscription, listDeliveries, replayDelivery, RESUME_LIMIT, rotateSubscriptionSecret, updateSubscription } from '../../shared/use-cases/webhook-subscriptions';
import { memoryDeliveries, memoryQueue, memorySubscriptions } from '../support/memory-webhooks';

const admin: Principal = { id: 'ada', name: 'ada.admin', roles: ['admin'], groups: ['admin'] } as Principal;
const ISSUANCE = { id: 'iss-1', recipient: { email: 'Ada@Example.edu', name: 'Ada Lovelace', studentId: 'S-1234' } };
const OTHER_ISSUANCE = { id: 'iss-2', recipient: { email: 'grace@example.edu', name: 'Grace Hopper' } };

/** A world of in-memory ports: two learners' issuances, a subscriber that answers as `answer` says. */
function world(answer: (url: string) => number = () => 200) {
  const clock = { t: Date.parse('2026-11-22T10:00:00Z'), now() { return new Date(this.t); } };
  const subscriptions = memorySubscriptions();
  const deliveries = memoryDeliveries();
  const queue = memoryQueue();
  const secrets = memoryIntegrationSecrets(Buffer.alloc(32, 7));
  const audit: { action: string }[] = [];
  const received: { url: string; body: string; headers: Record<string, string> }[] = [];
  const deps: DeliverDeps & FanOutDeps = {
    subscriptions,
    deliveries,
    queue,
    secrets,
    clock,
    issuances: { get: async (id: string) => [ISSUANCE, OTHER_ISSUANCE].find((i) => i.id === id) as never },
    credentials: { get: async (id: string) => (id === 'cred-1' ? ({ id, issuanceId: 'iss-1' } as never) : undefined) },
    learnerKeys: derivedLearnerKeyer(async () => Buffer.alloc(32, 3)),
    post: async (url, r) => {
      received.push({ url, body: r.body, headers: r.headers });
      return { status: answer(url), excerpt: 'ok' };
    },
  };
  const admin$ = { subscriptions, deliveries, queue, secrets, clock, audit: { append: async (_s: unknown, e: { action: string }) => void audit.push(e) } as never };
  /** Delivers what the queue holds, moving the clock to each message's due time, until it is empty or `rounds` are spent. */
  const drain = async (rounds = 50) => {
    const outcomes: string[] = [];
    for (let i = 0; i < rounds && queue.sent.length; i++) {
      for (const { message } of queue.take()) {
        if (message.notBefore) clock.t = Math.max(clock.t, Date.parse(message.notBefore));
        outcomes.push(await deliverMessage(deps, message));
      }
    }
    return outcomes;
  };
  return { clock, subscriptions, deliveries, queue, secrets, deps, admin: admin$, audit, received, drain };
}

const event = (type: string, detail: Record<string, unknown>, id = 'evt-1'): BusEvent => ({ id, 'detail-type': type, source: 'laurel.issuance', time: '2026-11-22T10:00:00Z', detail });
const issued = (id = 'evt-1') =>
  event(DETAIL_TYPES.credentialIssued, { version: '1', issuanceId: 'iss-1', credentialId: 'cred-1', credentialUrl: 'https://badges.example.edu/credentials/cred-1', achievementId: 'a', achievementVersion: 1, issuerId: 'main', issuedAt: '2026-11-22T10:00:00Z' }, id);

async function subscribe(w: ReturnType<typeof world>, url: string, more: Partial<{ eventTypes: string[]; includeStudentNumber: boolean }> = {}) {
  return createSubscription(w.admin, { name: url, url, eventTypes: more.eventTypes ?? ['*'], includeStudentNumber: more.includeStudentNumber ?? false }, admin);
}

describe('webhook fan-out', () => {
  it('makes one delivery per subscription that wants the event, however often the event arrives', async () => {
    const w = world();
    await subscribe(w, 'https://sis.example.edu/hooks');
    await subscribe(w, 'https://crm.example.com/in', { eventTypes: [DETAIL_TYPES.credentialIssued] });
    await subscribe(w, 'https://other.example.com/in', { eventTypes: [DETAIL_TYPES.issuanceRejected] });
    const off = await subscribe(w, 'https://off.example.com/in');
    await updateSubscription(w.admin, off.subscription.id, { status: 'disabled' }, admin);

    expect(await fanOutEvent(w.deps, issued())).toEqual({ created: 2, existing: 0 });
    // EventBridge delivers at least once: the same event again makes no new delivery.
    expect(await fanOutEvent(w.deps, issued())).toEqual({ created: 0, existing: 2 });
    expect(w.deliveries.items.size).toBe(2);
    expect(await w.drain()).toContain('delivered');
    // Two subscribers, one POST each, whatever the queue held twice.
    expect(w.received.map((r) => r.url).sort()).toEqual(['https://crm.example.com/in', 'https://sis.example.edu/hooks']);
    expect([...w.deliveries.items.values()].map((d) => d.status)).toEqual(['DELIVERED', 'DELIVERED']);
  });

  it('ignores events from other sources', async () => {
    const w = world();
    await subscribe(w, 'https://sis.example.edu/hooks');
    expect(await fanOutEvent(w.deps, { ...issued(), source: 'aws.ses' })).toEqual({ created: 0, existing: 0 });
  });

  it('sends two copies of one attempt once', async () => {
    const w = world();
    await subscribe(w, 'https://sis.example.edu/hooks');
    await fanOutEvent(w.deps, issued());
    const [first] = w.queue.take();
    const outcomes = await Promise.all([deliverMessage(w.deps, first!.message), deliverMessage(w.deps, first!.message)]);
    expect(outcomes.sort()).toEqual(['delivered', 'stale']);
    expect(w.received).toHaveLength(1);
  });
});

describe('webhook retries', () => {
  it('waits longer after each failure, within the queue delay, and chains waits past 15 minutes', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n)! / 1000)).toEqual([60, 300, 900, 3_600, 10_800, 21_600, 43_200]);
    expect(retryDelayMs(MAX_ATTEMPTS)).toBeUndefined();
    expect(retryDelayMs(1, 0.01)).toBe(600);
    expect(queueDelaySeconds(600)).toBe(1);
    expect(queueDelaySeconds(3 * 3_600_000)).toBe(MAX_QUEUE_DELAY_SECONDS);
  });

  it('retries after a 500 with backoff, and a message that comes early is sent on again', async () => {
    let calls = 0;
    const w = world(() => (++calls === 1 ? 500 : 204));
    await subscribe(w, 'https://sis.example.edu/hooks');
    await fanOutEvent(w.deps, issued());
    const [m1] = w.queue.take();
    expect(await deliverMessage(w.deps, m1!.message)).toBe('retrying');
    const [retry] = w.queue.take();
    expect(retry).toMatchObject({ delaySeconds: 60, message: { attempt: 2, notBefore: '2026-11-22T10:01:00.000Z' } });
    const pending = [...w.deliveries.items.values()][0]!;
    expect(pending).toMatchObject({ status: 'PENDING', attempts: 1, lastStatus: 500, nextAttemptAt: '2026-11-22T10:01:00.000Z' });
    // Received before its time (SQS's delay is capped; a chain of messages makes the rest).
    expect(await deliverMessage(w.deps, { ...retry!.message, notBefore: '2026-11-22T13:00:00.000Z' })).toBe('deferred');
    expect(w.queue.take()).toEqual([{ message: { ...retry!.message, notBefore: '2026-11-22T13:00:00.000Z' }, delaySeconds: 900 }]);
    w.clock.t = Date.parse(retry!.message.notBefore!);
    expect(await deliverMessage(w.deps, retry!.message)).toBe('delivered');
    expect(w.received).toHaveLength(2);
    // The same delivery id both times: the subscriber dedupes on it.
    expect(new Set(w.received.map((r) => r.headers[DELIVERY_ID_HEADER])).size).toBe(1);
    expect([...w.deliveries.items.values()][0]).toMatchObject({ status: 'DELIVERED', attempts: 2, lastStatus: 204 });
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts (DEAD), and at once on 410 Gone`, async () => {
    const w = world((url) => (url.includes('gone') ? 410 : 503));
    const failing = await subscribe(w, 'https://sis.example.edu/hooks');
    const gone = await subscribe(w, 'https://gone.example.com/hooks');
    await fanOutEvent(w.deps, issued());
    await w.drain();
    expect(w.received.filter((r) => r.url.includes('sis'))).toHaveLength(MAX_ATTEMPTS);
    expect(w.received.filter((r) => r.url.includes('gone'))).toHaveLength(1);
    const dead = await listDeliveries(w.admin, failing.subscription.id, { status: 'DEAD', limit: 10 });
    expect(dead.items).toEqual([expect.objectContaining({ status: 'DEAD', attempts: MAX_ATTEMPTS, lastStatus: 503 })]);
    expect((await listDeliveries(w.admin, gone.subscription.id, { status: 'DEAD', limit: 10 })).items).toEqual([expect.objectContaining({ attempts: 1, lastStatus: 410 })]);
    expect((await listDeliveries(w.admin, failing.subscription.id, { status: 'PENDING', limit: 10 })).items).toEqual([]);
  });

  it('replays a DEAD delivery from attempt one, once however often it is asked', async () => {
    let healthy = false;
    const w = world(() => (healthy ? 200 : 500));
    const s = await subscribe(w, 'https://sis.example.edu/hooks');
    await fanOutEvent(w.deps, issued());
    await w.drain();
    const [dead] = (await listDeliveries(w.admin, s.subscription.id, { status: 'DEAD', limit: 10 })).items;
    healthy = true;
    const first = await replayDelivery(w.admin, dead!.id, admin);
    expect(first).toMatchObject({ replayed: true, delivery: { status: 'PENDING', attempts: 0, replays: 1 } });
    expect(await replayDelivery(w.admin, dead!.id, admin)).toMatchObject({ replayed: false, delivery: { status: 'PENDING' } });
    const before = w.received.length;
    await w.drain();
    expect(w.received.length - before).toBe(1);
    expect(w.deliveries.items.get(dead!.id)).toMatchObject({ status: 'DELIVERED', attempts: 1, replays: 1 });
    expect(w.audit.map((a) => a.action)).toEqual(['SUBSCRIPTION_CREATED', 'DELIVERY_REPLAYED']);
  });
});

describe('a subscription disabled while its deliveries are under way', () => {
  it('pauses them (not DEAD: no alarm), and enabling it resumes them from attempt one, once', async () => {
    const w = world();
    const s = await subscribe(w, 'https://sis.example.edu/hooks');
    await fanOutEvent(w.deps, issued('evt-1'));
    await fanOutEvent(w.deps, issued('evt-2'));
    await updateSubscription(w.admin, s.subscription.id, { status: 'disabled' }, admin);
    expect(await w.drain()).toEqual(['paused', 'paused']);
    expect(w.received).toHaveLength(0);
    const paused = await listDeliveries(w.admin, s.subscription.id, { status: 'PAUSED', limit: 10 });
    expect(paused.items).toEqual([expect.objectContaining({ status: 'PAUSED', lastError: PAUSED_BECAUSE }), expect.objectContaining({ status: 'PAUSED' })]);
    expect((await listDeliveries(w.admin, s.subscription.id, { status: 'DEAD', limit: 10 })).items).toEqual([]);
    // A change that leaves it disabled resumes nothing.
    expect(await updateSubscription(w.admin, s.subscription.id, { name: 'Banner' }, admin)).not.toHaveProperty('resumedDeliveries');

    const enabled = await updateSubscription(w.admin, s.subscription.id, { status: 'active' }, admin);
    expect(enabled).toMatchObject({ status: 'active', resumedDeliveries: 2, morePaused: false });
    // Said again (a retried request): nothing more to resume.
    expect(await updateSubscription(w.admin, s.subscription.id, { status: 'active' }, admin)).toMatchObject({ resumedDeliveries: 0, morePaused: false });
    expect(await w.drain()).toEqual(['delivered', 'delivered']);
    expect(w.received).toHaveLength(2);
    expect([...w.deliveries.items.values()].map((d) => [d.status, d.attempts, d.lastError])).toEqual([
      ['DELIVERED', 1, undefined],
      ['DELIVERED', 1, undefined],
    ]);
    expect(w.audit.map((a) => a.action)).toEqual(['SUBSCRIPTION_CREATED', 'SUBSCRIPTION_UPDATED', 'SUBSCRIPTION_UPDATED', 'SUBSCRIPTION_UPDATED', 'DELIVERIES_RESUMED', 'SUBSCRIPTION_UPDATED']);
  });

  it(`resumes at most ${RESUME_LIMIT} a call, and says more wait`, async () => {
    const w = world();
    const s = await subscribe(w, 'https://sis.example.edu/hooks');
    for (let i = 0; i < RESUME_LIMIT + 3; i++) await fanOutEvent(w.deps, issued(`evt-${i}`));
    await updateSubscription(w.admin, s.subscription.id, { status: 'disabled' }, admin);
    await w.drain();
    expect(await updateSubscription(w.admin, s.subscription.id, { status: 'active' }, admin)).toMatchObject({ resumedDeliveries: RESUME_LIMIT, morePaused: true });
    expect(await updateSubscription(w.admin, s.subscription.id, { status: 'active' }, admin)).toMatchObject({ resumedDeliveries: 3, morePaused: false });
    await w.drain();
    expect(w.received).toHaveLength(RESUME_LIMIT + 3);
  });

  it('replays a paused delivery like a dead one, once the subscription is enabled', async () => {
    const w = world();
    const s = await subscribe(w, 'https://sis.example.edu/hooks');
    await fanOutEvent(w.deps, issued());
    await updateSubscription(w.admin, s.subscription.id, { status: 'disabled' }, admin);
    await w.drain();
    const [paused] = (await listDeliveries(w.admin, s.subscription.id, { status: 'PAUSED', limit: 10 })).items;
    await expect(replayDelivery(w.admin, paused!.id, admin)).rejects.toThrow(/enable it/);
    // Paused in the moment its subscription was enabled (the deliverer read it disabled), after the
    // enabling call looked for paused deliveries: left PAUSED, and staff replay it.
    const stored = w.subscriptions.items.get(s.subscription.id)!;
    w.subscriptions.items.set(s.subscription.id, { ...stored, status: 'active', revision: stored.revision + 1 });
    expect(await replayDelivery(w.admin, paused!.id, admin)).toMatchObject({ replayed: true, delivery: { status: 'PENDING', attempts: 0 } });
    expect(await w.drain()).toEqual(['delivered']);
  });
});

describe('what a subscriber receives', () => {
  it('a signed request it verifies with the secret it was given (both during a rotation)', async () => {
    const w = world();
    const { secret, subscription } = await subscribe(w, 'https://sis.example.edu/hooks');
    await fanOutEvent(w.deps, issued());
    await w.drain();
    const [req] = w.received;
    const check = (secrets: string[], r = req!) => checkSignature({ timestamp: r.headers[TIMESTAMP_HEADER], signature: r.headers[SIGNATURE_HEADER], rawBody: r.body, secrets, now: w.clock.now() });
    expect(check([secret]).ok).toBe(true);
    expect(check(['not the secret']).ok).toBe(false);
    expect(req!.headers[EVENT_TYPE_HEADER]).toBe('CredentialIssued');
    // Tampered body: refused.
    expect(check([secret], { ...req!, body: req!.body.replace('cred-1', 'cred-2') }).ok).toBe(false);

    const rotated = await rotateSubscriptionSecret(w.admin, subscription.id, admin);
    expect(rotated.secret).not.toBe(secret);
    await fanOutEvent(w.deps, issued('evt-2'));
    await w.drain();
    const after = w.received[1]!;
    expect(after.headers[SIGNATURE_HEADER]!.split(' ')).toHaveLength(2);
    expect(check([rotated.secret], after).ok).toBe(true);
    expect(check([secret], after).ok).toBe(true);
    // Past the overlap, only the new secret signs.
    w.clock.t += 25 * 3_600_000;
    await fanOutEvent(w.deps, issued('evt-3'));
    await w.drain();
    expect(check([secret], w.received[2]!).ok).toBe(false);
    expect(check([rotated.secret], w.received[2]!).ok).toBe(true);
  });

  it('a pseudonymous learner id: stable within a subscription, different across them, never the email; the student number only when asked for', async () => {
    const w = world();
    await subscribe(w, 'https://sis.example.edu/hooks', { includeStudentNumber: true });
    await subscribe(w, 'https://crm.example.com/in');
    await fanOutEvent(w.deps, issued('evt-1'));
    // Another event about the same learner, naming the credential only (the issuance found through it),
    // and a pathway event whose bus-wide learnerId is replaced.
    await fanOutEvent(w.deps, event(DETAIL_TYPES.credentialSuperseded, { version: '1', credentialId: 'cred-1', reason: 'CORRECTED' }, 'evt-2'));
    await fanOutEvent(w.deps, event(DETAIL_TYPES.pathwayProgressed, { version: '1', learnerId: 'bus-wide-id', credentialId: 'cred-1', counted: 1, required: 2 }, 'evt-3'));
    await fanOutEvent(w.deps, event(DETAIL_TYPES.credentialIssued, { version: '1', issuanceId: 'iss-2', credentialId: 'cred-9' }, 'evt-4'));
    await fanOutEvent(w.deps, event(DETAIL_TYPES.learnerErased, { version: '1', erasureId: 'e', issuanceIds: ['iss-1'], credentialIds: [] }, 'evt-5'));
    await w.drain();
    const bodies = (host: string) => w.received.filter((r) => r.url.includes(host)).map((r) => ({ raw: r.body, json: JSON.parse(r.body) }));
    const sis = bodies('sis');
    const crm = bodies('crm');
    expect(sis).toHaveLength(5);
    const ofEvent = (list: typeof sis, id: string) => list.find((b) => b.json.id === id)!.json;
    const sisAda = ofEvent(sis, 'evt-1').learner.id;
    const crmAda = ofEvent(crm, 'evt-1').learner.id;
    expect(sisAda).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ofEvent(sis, 'evt-2').learner.id).toBe(sisAda);
    expect(ofEvent(sis, 'evt-3').learner.id).toBe(sisAda);
    expect(ofEvent(sis, 'evt-3').detail.learnerId).toBe(sisAda);
    expect(crmAda).not.toBe(sisAda);
    expect(ofEvent(sis, 'evt-4').learner.id).not.toBe(sisAda);
    expect(ofEvent(sis, 'evt-5').learner).toBeUndefined();
    // The student number to the subscription that asked for it, and when the issuance has one.
    expect(ofEvent(sis, 'evt-1').learner).toEqual({ id: sisAda, studentNumber: 'S-1234' });
    expect(ofEvent(crm, 'evt-1').learner).toEqual({ id: crmAda });
    expect(ofEvent(sis, 'evt-4').learner.studentNumber).toBeUndefined();
    for (const b of [...sis, ...crm]) {
      expect(b.raw).not.toMatch(/example\.edu"|Ada|Lovelace|Grace|bus-wide-id/i);
      if (!b.raw.includes('S-1234')) continue;
      expect(sis.map((s) => s.raw)).toContain(b.raw);
    }
    expect(ofEvent(sis, 'evt-1')).toMatchObject({ id: 'evt-1', type: 'CredentialIssued', source: 'laurel.issuance', time: '2026-11-22T10:00:00Z', detail: { credentialId: 'cred-1' } });
  });
});

describe('webhook subscriptions', () => {
  it('refuses a URL the deliverer could not send to, naming the field', async () => {
    const w = world();
    for (const url of ['https://127.0.0.1/hook', 'https://sis.internal/hook', 'https://sis.example.edu:8443/hook']) {
      const refused = await subscribe(w, url).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ValidationError);
      expect((refused as ValidationError).errors[0]?.path).toBe('body.url');
    }
  });

  it('pages deliveries with a cursor checked against the list it continues', async () => {
    const w = world(() => 500);
    const s = await subscribe(w, 'https://sis.example.edu/hooks');
    for (let i = 0; i < 3; i++) await fanOutEvent(w.deps, issued(`evt-${i}`));
    const page1 = await listDeliveries(w.admin, s.subscription.id, { limit: 2 });
    expect(page1.items).toHaveLength(2);
    const page2 = await listDeliveries(w.admin, s.subscription.id, { limit: 2, cursor: page1.cursor });
    expect(page2.items).toHaveLength(1);
    await expect(listDeliveries(w.admin, s.subscription.id, { status: 'DEAD', limit: 2, cursor: page1.cursor })).rejects.toBeInstanceOf(ValidationError);
  });
});

