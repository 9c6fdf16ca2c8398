import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conditionalWrites } from '../../local/s3-conditional-writes.mjs';
import { s3Artifacts } from '../../shared/adapters/s3-artifacts';
import { s3Objects } from '../../shared/aws/s3-objects';

// The Artifacts adapter's signed requests (shared/aws/s3-objects.ts) against the S3 stand-in,
// with the SDK's S3 client reading and writing the same objects: each sees what the other wrote.
const directory = mkdtempSync(join(tmpdir(), 'laurel-s3-artifacts-'));
const Bucket = 'artifacts';
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
let s3rver: S3rver;
let endpoint: string;
let sdk: S3Client;
const artifacts = () => s3Artifacts(s3Objects(Bucket, { region: 'us-east-1', endpoint, forcePathStyle: true, credentials }));

/**
 * SigV4 as AWS documents it (header auth), checked on every request: s3rver checks no v4
 * signature. The SDK's own requests pass it too, which is what makes it a check of ours.
 */
const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
function signatureProblem(method: string, rawUrl: string, headers: Record<string, string | string[] | undefined>): string | undefined {
  const auth = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(String(headers.authorization ?? ''));
  if (!auth) return 'no SigV4 authorization header';
  const [, , day, region, signedHeaders, signature] = auth as unknown as string[];
  const [path, query = ''] = rawUrl.split('?') as [string, string?];
  const canonicalQuery = query
    .split('&')
    .filter(Boolean)
    .map((pair) => pair.split('=').map((part) => rfc3986(decodeURIComponent(part))))
    .map(([k, v = '']) => `${k}=${v}`)
    .sort()
    .join('&');
  const names = signedHeaders!.split(';');
  const canonicalHeaders = names.map((n) => `${n}:${String(headers[n] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const request = [method, path, canonicalQuery, canonicalHeaders, signedHeaders, String(headers['x-amz-content-sha256'])].join('\n');
  const scope = `${day}/${region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', String(headers['x-amz-date']), scope, createHash('sha256').update(request).digest('hex')].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day!), region!), 's3'), 'aws4_request');
  return hmac(key, toSign).toString('hex') === signature ? undefined : 'SignatureDoesNotMatch';
}
let checkedSignatures = 0;

/**
 * How the stand-in answers object reads (listings are answered as they are): as s3rver does;
 * with 403 where it would answer 404, as S3 does to a role it counts as not allowed to list
 * the bucket; with 403 to every object read; or with 403 to everything.
 */
let answers: 'as-stand-in' | 'missing-as-403' | 'refuse-reads' | 'refuse-all' = 'as-stand-in';
let listings = 0;
const ACCESS_DENIED = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>';
type Ctx = { method: string; path: string; query: Record<string, string>; status: number; body: unknown };
async function strictS3(ctx: Ctx, next: () => Promise<void>) {
  const listing = ctx.query['list-type'] !== undefined;
  if (listing) listings++;
  const objectRead = !listing && (ctx.method === 'GET' || ctx.method === 'HEAD') && ctx.path.split('/').filter(Boolean).length > 1;
  const refuse = () => {
    ctx.status = 403;
    ctx.body = ACCESS_DENIED;
  };
  if (answers === 'refuse-all' || (answers === 'refuse-reads' && objectRead)) return refuse();
  const hide = answers === 'missing-as-403' && objectRead;
  try {
    await next();
  } catch (e) {
    // s3rver throws its errors for the error middleware to write: a missing key is one.
    if (hide && (e as { code?: string }).code === 'NoSuchKey') return refuse();
    throw e;
  }
  if (hide && ctx.status === 404) refuse();
}

beforeAll(async () => {
  s3rver = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory });
  s3rver.middleware.unshift(conditionalWrites());
  s3rver.middleware.unshift(async (ctx: { method: string; originalUrl: string; headers: Record<string, string>; status: number; body: string }, next: () => Promise<void>) => {
    const problem = signatureProblem(ctx.method, ctx.originalUrl, ctx.headers);
    if (problem) {
      ctx.status = 403;
      ctx.body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code><Message>${problem}</Message></Error>`;
      return;
    }
    checkedSignatures++;
    await next();
  });
  s3rver.middleware.splice(1, 0, strictS3);
  const { port } = await s3rver.run();
  endpoint = `http://127.0.0.1:${port}`;
  sdk = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
  await sdk.send(new CreateBucketCommand({ Bucket }));
});

afterAll(async () => {
  sdk?.destroy();
  await s3rver?.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('the Artifacts adapter on S3, without the S3 client', () => {
  it('creates once (If-None-Match), with metadata and type the SDK reads back; a second write finds it there', async () => {
    const store = artifacts();
    const key = 'credentials/café ü/one+two.json';
    expect(await store.createOnly(key, '{"a":"é"}', { contentType: 'application/ld+json', metadata: { 'issued-at': '2026-12-04T10:00:00Z', 'Status-Allocation': '42' } })).toBe('created');
    expect(await store.createOnly(key, '{"b":1}', { contentType: 'application/ld+json' })).toBe('exists');
    const seen = await sdk.send(new GetObjectCommand({ Bucket, Key: key }));
    expect(await seen.Body!.transformToString()).toBe('{"a":"é"}');
    expect(seen.ContentType).toBe('application/ld+json');
    expect(seen.Metadata).toEqual({ 'issued-at': '2026-12-04T10:00:00Z', 'status-allocation': '42' });
    expect(await store.read(key)).toEqual({ body: '{"a":"é"}', metadata: { 'issued-at': '2026-12-04T10:00:00Z', 'status-allocation': '42' } });
  });

  it('reads what the SDK wrote as text, bytes, a stream and a size; absent objects are undefined', async () => {
    const store = artifacts();
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    await sdk.send(new PutObjectCommand({ Bucket, Key: 'images/a.png', Body: bytes, ContentType: 'image/png' }));
    expect(await store.readBytes('images/a.png')).toEqual(bytes);
    expect(await store.sizeOf('images/a.png')).toBe(5);
    const chunks: Buffer[] = [];
    for await (const chunk of await store.openStream('images/a.png')) chunks.push(chunk as Buffer);
    expect(new Uint8Array(Buffer.concat(chunks))).toEqual(bytes);
    expect(await store.read('nothing/here.json')).toBeUndefined();
    expect(await store.readBytes('nothing/here.json')).toBeUndefined();
    expect(await store.sizeOf('nothing/here.json')).toBeUndefined();
    await expect(store.openStream('nothing/here.json')).rejects.toMatchObject({ name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } });
  });

  it('replaces a derived file', async () => {
    const store = artifacts();
    await store.replace('reports/r.csv', 'one', { contentType: 'text/csv' });
    await store.replace('reports/r.csv', 'two', { contentType: 'text/csv' });
    const head = await sdk.send(new HeadObjectCommand({ Bucket, Key: 'reports/r.csv' }));
    expect(head.ContentType).toBe('text/csv');
    expect(await store.read('reports/r.csv')).toMatchObject({ body: 'two' });
  });

  it('is refused with S3’s error code and status when the signature is wrong, and does not retry that', async () => {
    const wrong = s3Artifacts(s3Objects(Bucket, { region: 'us-east-1', endpoint, forcePathStyle: true, credentials: { ...credentials, secretAccessKey: 'not-the-secret' } }));
    const before = checkedSignatures;
    await expect(wrong.read('reports/r.csv')).rejects.toMatchObject({ name: 'SignatureDoesNotMatch', $metadata: { httpStatusCode: 403 } });
    expect(checkedSignatures).toBe(before);
    expect(checkedSignatures).toBeGreaterThan(10); // the SDK's and the adapter's requests above all passed the check
  });

  it('tells a missing key from a refused one when S3 answers 403 for both, by listing the key', async () => {
    // S3 answers 404 for a missing key only to a role it counts as allowed to list the bucket;
    // functions may list their own prefixes alone. Here every object read that S3 would answer
    // 404 answers 403 instead, as it would without that allowance; listings go to the stand-in.
    const store = artifacts();
    await store.replace('reports/present.csv', 'here', { contentType: 'text/csv' });
    listings = 0;
    answers = 'missing-as-403';
    try {
      expect(await store.read('reports/absent.csv')).toBeUndefined();
      expect(await store.readBytes('reports/absent.csv')).toBeUndefined();
      expect(await store.sizeOf('reports/absent.csv')).toBeUndefined();
      // A key whose name begins another's is still absent: the listing must name the key itself.
      expect(await store.read('reports/present')).toBeUndefined();
      expect(listings).toBe(4);
      // A 403 for a key that is there is a refusal, not an absence.
      answers = 'refuse-reads';
      await expect(store.read('reports/present.csv')).rejects.toMatchObject({ name: 'AccessDenied' });
      // And when the listing is refused too, nothing is known: the 403 stands.
      answers = 'refuse-all';
      await expect(store.sizeOf('reports/absent.csv')).rejects.toMatchObject({ name: 'AccessDenied' });
    } finally {
      answers = 'as-stand-in';
    }
  });

  it('retries throttling and server errors with backoff, then gives up with the last answer', async () => {
    let calls = 0;
    let answers = [503, 500];
    const server: Server = createServer((req, res) => {
      calls++;
      const status = answers.shift();
      req.resume();
      if (status) {
        res.writeHead(status, { 'content-type': 'application/xml' });
        res.end(`<?xml version="1.0"?><Error><Code>${status === 503 ? 'SlowDown' : 'InternalError'}</Code><Message>try again</Message></Error>`);
      } else {
        res.writeHead(200, { 'content-type': 'text/plain', 'x-amz-meta-k': 'v' });
        res.end('fine');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const flaky = s3Artifacts(s3Objects('b', { region: 'us-east-1', endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}`, forcePathStyle: true, credentials }));
    try {
      expect(await flaky.read('k')).toEqual({ body: 'fine', metadata: { k: 'v' } });
      expect(calls).toBe(3);
      calls = 0;
      answers = [503, 503, 503, 503];
      await expect(flaky.read('k')).rejects.toMatchObject({ name: 'SlowDown', $metadata: { httpStatusCode: 503 } });
      expect(calls).toBe(3);
    } finally {
      server.close();
    }
  });
});
