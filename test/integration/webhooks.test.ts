import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBody } from '../../local/http-util';
import { checkSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../shared/integrations/webhook-signature';
import { localCloud, uniqueId } from '../support/cloud';

/**
 * Events out (issue #21) on the local cloud: a subscription made through the admin API, a
 * subscriber — an http server of this test, reached at an https URL through the internet
 * stand-in — that answers 500 to a delivery's first attempt, and a credential issued: the
 * subscriber gets CredentialIssued again after the deliverer's backoff (scaled down by the test
 * cloud's retryScale), signed with the secret the API answered, and the delivery ends DELIVERED.
 * Another answers 410 Gone: the delivery is DEAD at once, listed as such, and replays. A third is
 * disabled while its delivery waits for a retry: PAUSED, not DEAD, and enabling it resumes it.
 */
const cloud = localCloud();
const run = uniqueId('hooks');
const SIS_URL = `https://sis-${run}.example.edu/laurel/events`;
const GONE_URL = `https://crm-${run}.example.com/gone`;
const DOWN_URL = `https://erp-${run}.example.com/down`;

interface Received {
  url: string;
  at: number;
  headers: Record<string, string>;
  body: string;
  answered: number;
}
const received: Received[] = [];
const seen = new Set<string>();
let healed = false;
let downHealed = false;
let receiver: Server;

beforeAll(async () => {
  receiver = createServer(async (req, res) => {
    const body = (await readBody(req)).toString('utf8');
    const deliveryId = String(req.headers['laurel-delivery-id'] ?? '');
    const first = !seen.has(deliveryId);
    seen.add(deliveryId);
    // The SIS fails each delivery's first attempt; the CRM says its endpoint is gone until it is healed.
    // The ERP answers 503 until it is healed.
    const answered = req.url?.startsWith('/gone') ? (healed ? 200 : 410) : req.url?.startsWith('/down') ? (downHealed ? 200 : 503) : first ? 500 : 200;
    received.push({ url: req.url ?? '', at: Date.now(), headers: req.headers as Record<string, string>, body, answered });
    res.writeHead(answered, { 'content-type': 'text/plain' });
    res.end(answered === 200 ? 'ok' : 'not now');
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const target = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  for (const url of [SIS_URL, GONE_URL, DOWN_URL]) {
    const res = await fetch(`${cloud.outputs.InternetUrl}/__receivers`, { method: 'PUT', body: JSON.stringify({ url: new URL(url).origin + '/', target }) });
    expect(res.status).toBe(201);
  }
});

const subscriptionIds: string[] = [];
afterAll(async () => {
  // The cloud is shared: leave nothing delivering to a server that is about to go.
  const admin = await cloud.as('ada.hooks', ['admin']);
  for (const id of subscriptionIds) await admin.request('PATCH', `/webhooks/subscriptions/${id}`, { status: 'disabled' });
  await new Promise<void>((r) => receiver?.close(() => r()));
});

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const parsed = (r: Received) => JSON.parse(r.body) as { id: string; type: string; detail: Record<string, unknown>; learner?: { id: string; studentNumber?: string } };

describe('webhook subscriptions deliver domain events, signed, retried', () => {
  it('delivers CredentialIssued to a subscriber that answered 500 first, with a valid signature, and ends DELIVERED', async () => {
    const admin = await cloud.as('ada.hooks', ['admin']);
    const created = await admin.request('POST', '/webhooks/subscriptions', { name: 'SIS', url: SIS_URL, eventTypes: ['CredentialIssued'], includeStudentNumber: true });
    expect(created.status).toBe(201);
    const { subscription, secret } = created.body as { subscription: { id: string; status: string }; secret: string };
    subscriptionIds.push(subscription.id);
    expect(subscription.status).toBe('active');
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The secret is answered once: never in a read.
    expect(JSON.stringify((await admin.request('GET', `/webhooks/subscriptions/${subscription.id}`)).body)).not.toContain(secret);

    const email = `${uniqueId('hooked')}@example.org`;
    const studentId = `S-${uniqueId('n')}`;
    const issued = await cloud.issueAuto('ivy.hooks', { kind: 'course', name: 'Webhooks 101', description: 'd', criteria: 'c' }, { recipient: { email, studentId } });
    expect(issued.status).toBe('ISSUED');

    const ours = () => received.filter((r) => r.url.startsWith('/laurel/events') && parsed(r).detail.credentialId === issued.credentialId);
    const [first, second] = await until('a retried delivery', () => (ours().length >= 2 ? ours() : undefined));
    expect(first!.answered).toBe(500);
    expect(second!.answered).toBe(200);
    // The same delivery, after the first backoff (60 s × the test cloud's retryScale of 0.01: a second of SQS delay).
    expect(second!.headers['laurel-delivery-id']).toBe(first!.headers['laurel-delivery-id']);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(500);
    for (const r of [first!, second!]) {
      const check = checkSignature({ timestamp: r.headers[TIMESTAMP_HEADER], signature: r.headers[SIGNATURE_HEADER], rawBody: r.body, secrets: [secret], now: new Date() });
      expect(check.ok, JSON.stringify(check)).toBe(true);
      expect(r.headers['laurel-event-type']).toBe('CredentialIssued');
    }
    const body = parsed(second!);
    expect(body).toMatchObject({ type: 'CredentialIssued', detail: { issuanceId: issued.id, credentialId: issued.credentialId }, learner: { studentNumber: studentId } });
    expect(body.learner?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(second!.body).not.toContain(email.split('@')[0]);

    const deliveries = await until('the delivery DELIVERED', async () => {
      const page = await admin.request('GET', `/webhooks/subscriptions/${subscription.id}/deliveries?status=DELIVERED`);
      const mine = (page.body.items as { event: { detail: { credentialId?: string } } }[]).filter((d) => d.event.detail.credentialId === issued.credentialId);
      return mine.length ? mine : undefined;
    });
    expect(deliveries).toEqual([expect.objectContaining({ status: 'DELIVERED', attempts: 2, lastStatus: 200 })]);
    // An auditor reads deliveries; only an admin manages subscriptions.
    const auditor = await cloud.as('aud.hooks', ['auditor']);
    expect((await auditor.request('GET', `/webhooks/subscriptions/${subscription.id}/deliveries`)).status).toBe(200);
    expect((await auditor.request('POST', '/webhooks/subscriptions', { name: 'x', url: SIS_URL, eventTypes: ['*'] })).status).toBe(403);
  });

  it('lists a delivery the subscriber refused for good (410) as DEAD, and replays it', async () => {
    const admin = await cloud.as('ada.hooks', ['admin']);
    const created = await admin.request('POST', '/webhooks/subscriptions', { name: 'CRM', url: GONE_URL, eventTypes: ['*'] });
    expect(created.status).toBe(201);
    const id = created.body.subscription.id as string;
    subscriptionIds.push(id);
    const issued = await cloud.issueAuto('ivy.hooks', { kind: 'course', name: 'Webhooks 102', description: 'd', criteria: 'c' }, { recipient: { email: `${uniqueId('gone')}@example.org` } });

    type Listed = { id: string; status: string; attempts: number; lastStatus?: number; event: { type: string; detail: { credentialId?: string } } };
    const dead = await until('a DEAD delivery', async () => {
      const page = await admin.request('GET', `/webhooks/subscriptions/${id}/deliveries?status=DEAD&limit=100`);
      return (page.body.items as Listed[]).find((d) => d.event.type === 'CredentialIssued' && d.event.detail.credentialId === issued.credentialId);
    });
    expect(dead).toMatchObject({ status: 'DEAD', attempts: 1, lastStatus: 410 });
    // No student number to a subscription that did not ask for it.
    const gone = received.find((r) => r.url.startsWith('/gone') && parsed(r).detail.credentialId === issued.credentialId)!;
    expect(parsed(gone).learner).toEqual({ id: expect.any(String) });

    healed = true;
    // Two admins press Replay at once: one replays it; the other finds it waiting (or, if it was
    // delivered in between, replays it again). Each replay is one more request, never two.
    const replays = await Promise.all([1, 2].map(() => admin.request('POST', `/webhooks/deliveries/${dead.id}/replay`)));
    expect(replays.map((r) => r.status)).toEqual([202, 202]);
    const replayed = replays.filter((r) => r.body.replayed).length;
    expect(replayed).toBeGreaterThanOrEqual(1);
    expect(replays.find((r) => r.body.replayed)!.body).toMatchObject({ delivery: { status: 'PENDING', attempts: 0 } });
    await until('the replayed delivery DELIVERED', async () => {
      const page = await admin.request('GET', `/webhooks/subscriptions/${id}/deliveries?status=DELIVERED&limit=100`);
      return (page.body.items as Listed[]).find((d) => d.id === dead.id);
    });
    expect((await admin.request('GET', `/webhooks/subscriptions/${id}/deliveries?status=DEAD&limit=100`)).body.items.map((d: Listed) => d.id)).not.toContain(dead.id);
    const answers = () => received.filter((r) => r.headers['laurel-delivery-id'] === dead.id).map((r) => r.answered);
    await until('every replay sent', () => (answers().length >= 1 + replayed ? true : undefined));
    await new Promise((r) => setTimeout(r, 1_500));
    expect(answers()).toEqual([410, ...Array(replayed).fill(200)]);
  });

  it('pauses a delivery under way when its subscription is disabled, and enabling it resumes and delivers it', async () => {
    const admin = await cloud.as('ada.hooks', ['admin']);
    const created = await admin.request('POST', '/webhooks/subscriptions', { name: 'ERP', url: DOWN_URL, eventTypes: ['CredentialIssued'] });
    expect(created.status).toBe(201);
    const id = created.body.subscription.id as string;
    subscriptionIds.push(id);
    const issued = await cloud.issueAuto('ivy.hooks', { kind: 'course', name: 'Webhooks 103', description: 'd', criteria: 'c' }, { recipient: { email: `${uniqueId('down')}@example.org` } });
    const ours = () => received.filter((r) => r.url.startsWith('/down') && parsed(r).detail.credentialId === issued.credentialId);
    await until('a first, failed attempt', () => (ours().length ? true : undefined));
    // Disabled while the delivery waits for its retry (the test cloud's backoff: 0.6 s, 3 s, 9 s, …).
    expect((await admin.request('PATCH', `/webhooks/subscriptions/${id}`, { status: 'disabled' })).status).toBe(200);

    type Listed = { id: string; status: string; attempts: number; lastError?: string; event: { detail: { credentialId?: string } } };
    const mine = async (status: string) =>
      ((await admin.request('GET', `/webhooks/subscriptions/${id}/deliveries?status=${status}&limit=100`)).body.items as Listed[]).find((d) => d.event.detail.credentialId === issued.credentialId);
    const paused = await until('the delivery PAUSED', () => mine('PAUSED'));
    expect(paused.lastError).toMatch(/resumes when the subscription is enabled/);
    expect(await mine('DEAD')).toBeUndefined();
    const attemptsWhilePaused = ours().length;

    downHealed = true;
    const enabled = await admin.request('PATCH', `/webhooks/subscriptions/${id}`, { status: 'active' });
    expect(enabled.status).toBe(200);
    expect(enabled.body).toMatchObject({ status: 'active', morePaused: false });
    // Ours, and perhaps deliveries of credentials other suites issued on this shared cloud meanwhile.
    expect(enabled.body.resumedDeliveries).toBeGreaterThanOrEqual(1);
    const delivered = await until('the resumed delivery DELIVERED', () => mine('DELIVERED'));
    expect(delivered).toMatchObject({ id: paused.id, status: 'DELIVERED', attempts: 1 });
    expect(ours().slice(attemptsWhilePaused).map((r) => r.answered)).toEqual([200]);
  });

  it('refuses a subscription URL that is not https, naming the field', async () => {
    const admin = await cloud.as('ada.hooks', ['admin']);
    const res = await admin.request('POST', '/webhooks/subscriptions', { name: 'plain', url: 'http://sis.example.edu/hooks', eventTypes: ['*'] });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('url');
  });
});
