import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conditionalWrites } from '../../local/s3-conditional-writes.mjs';

// Only the S3 stand-in (s3rver with the local cloud's conditional writes), on a free port.
const directory = mkdtempSync(join(tmpdir(), 'laurel-s3-'));
let s3rver: S3rver;
let s3: S3Client;
const Bucket = 'conditional';
const status = (e: unknown) => (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
const put = (Key: string, Body: string, condition: { IfNoneMatch?: string; IfMatch?: string } = {}) =>
  s3.send(new PutObjectCommand({ Bucket, Key, Body, ...condition }));
const read = async (Key: string) => (await s3.send(new GetObjectCommand({ Bucket, Key }))).Body!.transformToString();

beforeAll(async () => {
  s3rver = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory });
  s3rver.middleware.unshift(conditionalWrites());
  const { port } = await s3rver.run();
  s3 = new S3Client({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  await s3.send(new CreateBucketCommand({ Bucket }));
});

afterAll(async () => {
  s3?.destroy();
  await s3rver?.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('S3 stand-in: conditional writes', () => {
  it('If-None-Match: * writes a new object once, then answers 412 PreconditionFailed and keeps the first', async () => {
    await put('a/new.json', 'first', { IfNoneMatch: '*' });
    const refused = await put('a/new.json', 'second', { IfNoneMatch: '*' }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ name: 'PreconditionFailed' });
    expect(status(refused)).toBe(412);
    expect(await read('a/new.json')).toBe('first');
  });

  it('If-Match replaces only the version read: 412 for another ETag, 404 NoSuchKey for no object', async () => {
    const { ETag } = await put('b.json', 'one');
    const stale = await put('b.json', 'two', { IfMatch: '"0123456789abcdef0123456789abcdef"' }).catch((e: unknown) => e);
    expect(status(stale)).toBe(412);
    await put('b.json', 'two', { IfMatch: ETag! });
    expect(await read('b.json')).toBe('two');
    const missing = await put('nothing-here.json', 'x', { IfMatch: ETag! }).catch((e: unknown) => e);
    expect(status(missing)).toBe(404);
    expect(missing).toMatchObject({ name: 'NoSuchKey' });
  });

  it('lets exactly one of many concurrent If-None-Match writers win; unconditional writes are untouched', async () => {
    const outcomes = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => put('race.json', `writer ${i}`, { IfNoneMatch: '*' })));
    const won = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i] : []));
    expect(won).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'rejected').every((o) => status((o as PromiseRejectedResult).reason) === 412)).toBe(true);
    expect(await read('race.json')).toBe(`writer ${won[0]}`);
    await put('race.json', 'plain overwrite');
    expect(await read('race.json')).toBe('plain overwrite');
  });
});
