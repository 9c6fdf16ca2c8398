import { SQSClient } from '@aws-sdk/client-sqs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, readBody } from '../../local/http-util';
import { createInternetStandIn } from '../../local/internet';
import { createSqsServer, type LocalSqs } from '../../local/sqs-server';
import { sqsWebhookQueue } from '../../shared/adapters/sqs-webhook-queue';
import { OutboundError, outboundPost } from '../../shared/http/outbound';

/**
 * What the local cloud needed for events out: the SQS stand-in holding a message for its
 * DelaySeconds (the deliverer's retries), and the internet stand-in passing a POST to an https
 * URL on to a test's own http server (the subscriber). No local cloud: the two stand-ins alone.
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const close = (server: Server | undefined) =>
  new Promise<void>((r) => {
    server?.closeAllConnections();
    server?.close(() => r());
  });

let sqs: LocalSqs;
let client: SQSClient;
const internet = createInternetStandIn();
let receiver: Server;
const received: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];
let answer = 200;

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  sqs = createSqsServer();
  await listen(sqs.server, 0);
  client = new SQSClient({ endpoint: urlOf(sqs.server), region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await listen(internet.server, 0);
  receiver = createServer(async (req, res) => {
    received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: (await readBody(req)).toString('utf8') });
    res.writeHead(answer, { 'content-type': 'text/plain' });
    res.end(`answered ${answer} ${'x'.repeat(5_000)}`);
  });
  await listen(receiver, 0);
});

afterAll(async () => {
  client?.destroy();
  await Promise.all([close(sqs?.server), close(internet.server), close(receiver)]);
});

describe('the SQS stand-in delays a message by its DelaySeconds', () => {
  it('holds a delayed message (not receivable, still counted) until its delay has passed', async () => {
    const { url } = sqs.createQueue('webhook-deliveries');
    const queue = sqsWebhookQueue(client, url);
    await queue.send([{ deliveryId: 'now', attempt: 1 }], 0);
    await queue.send([{ deliveryId: 'later', attempt: 2, notBefore: new Date(Date.now() + 1000).toISOString() }], 1);
    expect(sqs.receive(url).map((m) => JSON.parse(m.body).deliveryId)).toEqual(['now']);
    expect(sqs.stats(url)).toMatchObject({ total: 2, visible: 0 });
    expect(sqs.receive(url)).toEqual([]);
    // The poller's wait wakes when the delayed message becomes receivable.
    await sqs.waitForMessages(url, 3_000);
    await sleep(20);
    expect(sqs.receive(url).map((m) => JSON.parse(m.body).deliveryId)).toEqual(['later']);
    expect(() => sqs.send(url, 'too late', 901)).toThrow(/DelaySeconds/);
  });
});

describe('the internet stand-in forwards to a registered receiver', () => {
  it("POSTs through to the test's server and brings its answer back (status, and an excerpt)", async () => {
    const put = await fetch(`${urlOf(internet.server)}/__receivers`, { method: 'PUT', body: JSON.stringify({ url: 'https://sis.example.edu/laurel', target: urlOf(receiver) }) });
    expect(put.status).toBe(201);
    const post = outboundPost({ standInUrl: urlOf(internet.server) });
    const body = JSON.stringify({ id: 'evt-1' });
    answer = 500;
    const first = await post('https://sis.example.edu/laurel/hooks?x=1', { body, headers: { 'laurel-signature': 'v1=ab' }, timeoutMs: 5_000, excerptBytes: 100 });
    expect(first.status).toBe(500);
    expect(first.excerpt.startsWith('answered 500')).toBe(true);
    expect(first.excerpt.length).toBeLessThanOrEqual(100);
    answer = 204;
    expect((await post('https://sis.example.edu/laurel/hooks?x=1', { body, headers: {}, timeoutMs: 5_000, excerptBytes: 100 })).status).toBe(204);
    expect(received[0]).toMatchObject({ method: 'POST', url: '/laurel/hooks?x=1', body, headers: { 'laurel-signature': 'v1=ab', 'content-type': 'application/json' } });
    // A URL nobody registered is not found; one the policy refuses never leaves.
    expect((await post('https://nobody.example.com/hooks', { body, headers: {}, timeoutMs: 5_000, excerptBytes: 100 })).status).toBe(404);
    await expect(post('http://sis.example.edu/laurel', { body, headers: {}, timeoutMs: 5_000, excerptBytes: 100 })).rejects.toBeInstanceOf(OutboundError);
    await expect(post('https://10.0.0.8/laurel', { body, headers: {}, timeoutMs: 5_000, excerptBytes: 100 })).rejects.toMatchObject({ reason: 'refused' });
  });

  it('refuses a receiver that is not a local http server', async () => {
    const put = await fetch(`${urlOf(internet.server)}/__receivers`, { method: 'PUT', body: JSON.stringify({ url: 'https://sis.example.edu/', target: 'http://example.com:80' }) });
    expect(put.status).toBe(400);
  });
});
