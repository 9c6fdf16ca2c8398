import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type ListObjectVersionsCommandOutput,
} from '@aws-sdk/client-s3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conditionalWrites } from '../../local/s3-conditional-writes.mjs';
import { objectVersions } from '../../local/s3-versions.mjs';
import { LOCAL_CREDENTIALS } from '../../local/stand-ins';
import { LOCAL_REGION } from '../../local/template';

// Bucket versioning in the local S3 (local/s3-versions.mjs), through the SDK as our code uses it.
// Its own s3rver, in process, on a free port over a temporary directory, with the local cloud's two
// middlewares in the local cloud's order: it needs no local cloud and runs beside one.

let server: S3rver;
let directory: string;
let s3: S3Client;
let endpoint: string;

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'laurel-s3-versions-'));
  server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory });
  server.middleware.unshift(conditionalWrites(), objectVersions(directory));
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
  s3 = new S3Client({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, forcePathStyle: true });
});

afterAll(async () => {
  s3?.destroy();
  await server?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

let buckets = 0;
async function bucket(versioning?: 'Enabled' | 'Suspended') {
  const name = `versions-${++buckets}`;
  await s3.send(new CreateBucketCommand({ Bucket: name }));
  if (versioning) await s3.send(new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: versioning } }));
  return name;
}

async function put(Bucket: string, Key: string, Body: string) {
  return (await s3.send(new PutObjectCommand({ Bucket, Key, Body }))).VersionId;
}

async function read(Bucket: string, Key: string, VersionId?: string) {
  const got = await s3.send(new GetObjectCommand({ Bucket, Key, VersionId }));
  return { body: await got.Body!.transformToString(), versionId: got.VersionId };
}

/** The HTTP status (and error name) a request fails with. */
async function failure(request: Promise<unknown>) {
  try {
    await request;
  } catch (e) {
    return { status: (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode, name: (e as Error).name };
  }
  throw new Error('the request succeeded');
}

/**
 * ListObjectVersions as S3 sends it, [key, versionId, isLatest, 'version' | 'marker'] in wire order
 * (the SDK parses versions and delete markers into two lists, losing how they interleave). Unsigned:
 * s3rver, and so the stand-in, answer anonymous requests.
 */
async function listed(bucket: string, query = '') {
  const xml = await (await fetch(`${endpoint}/${bucket}?versions${query}`)).text();
  const field = (inner: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(inner)?.[1];
  return [...xml.matchAll(/<(Version|DeleteMarker)>([\s\S]*?)<\/\1>/g)].map(([, kind, inner]) => [
    field(inner!, 'Key'),
    field(inner!, 'VersionId'),
    field(inner!, 'IsLatest') === 'true',
    kind === 'Version' ? 'version' : 'marker',
  ]);
}

const list = (Bucket: string, options: { Prefix?: string } = {}) => s3.send(new ListObjectVersionsCommand({ Bucket, ...options }));

describe('the local S3 keeps object versions as S3 does', () => {
  it('keeps each write of a key as a version, lists them newest first, and reads any of them', async () => {
    const b = await bucket('Enabled');
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: b }))).Status).toBe('Enabled');
    const ids = [await put(b, 'a.txt', 'v1'), await put(b, 'a.txt', 'v2'), await put(b, 'a.txt', 'v3')];
    expect(ids.every((id) => /^[A-Za-z0-9_-]{32}$/.test(id!))).toBe(true);
    expect(new Set(ids).size).toBe(3);

    const listing = await list(b);
    expect(listing.Versions!.map((v) => [v.VersionId, v.IsLatest, v.Size, v.StorageClass])).toEqual([
      [ids[2], true, 2, 'STANDARD'],
      [ids[1], false, 2, 'STANDARD'],
      [ids[0], false, 2, 'STANDARD'],
    ]);
    expect(listing.Versions![0]!.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(listing.DeleteMarkers).toBeUndefined();
    expect(await read(b, 'a.txt')).toEqual({ body: 'v3', versionId: ids[2] });
    expect(await read(b, 'a.txt', ids[0])).toEqual({ body: 'v1', versionId: ids[0] });
    expect(await read(b, 'a.txt', ids[2])).toEqual({ body: 'v3', versionId: ids[2] });
    const head = await s3.send(new HeadObjectCommand({ Bucket: b, Key: 'a.txt', VersionId: ids[1] }));
    expect([head.VersionId, head.ContentLength, head.ETag]).toEqual([ids[1], 2, listing.Versions![1]!.ETag]);
    // S3: an id the key does not have is 404 NoSuchVersion; one not shaped like an id, 400.
    expect(await failure(read(b, 'a.txt', 'A'.repeat(32)))).toEqual({ status: 404, name: 'NoSuchVersion' });
    expect(await failure(read(b, 'a.txt', 'not-an-id'))).toMatchObject({ status: 400 });
  });

  it('a noncurrent version keeps its headers and metadata, and serves byte ranges', async () => {
    const b = await bucket('Enabled');
    const { VersionId: v1 } = await s3.send(new PutObjectCommand({ Bucket: b, Key: 'k', Body: 'hello', ContentType: 'text/x-first', Metadata: { learner: 'l-1' } }));
    await put(b, 'k', 'bye');
    const got = await s3.send(new GetObjectCommand({ Bucket: b, Key: 'k', VersionId: v1, Range: 'bytes=1-3' }));
    expect([await got.Body!.transformToString(), got.ContentRange, got.ContentType, got.Metadata]).toEqual(['ell', 'bytes 1-3/5', 'text/x-first', { learner: 'l-1' }]);
    expect(await failure(s3.send(new GetObjectCommand({ Bucket: b, Key: 'k', VersionId: v1, Range: 'bytes=9-' })))).toMatchObject({ status: 416 });
  });

  it('a write that fails changes no version', async () => {
    const b = await bucket('Enabled');
    const v1 = await put(b, 'k', 'kept');
    expect(await failure(s3.send(new CopyObjectCommand({ Bucket: b, Key: 'k', CopySource: `${b}/missing` })))).toMatchObject({ status: 404, name: 'NoSuchKey' });
    expect(await listed(b)).toEqual([['k', v1, true, 'version']]);
    expect(await read(b, 'k')).toEqual({ body: 'kept', versionId: v1 });
  });

  it('deleting the current version by id makes the next newest current again', async () => {
    const b = await bucket('Enabled');
    const [v1, v2, v3] = [await put(b, 'k', 'v1'), await put(b, 'k', 'v2'), await put(b, 'k', 'v3')];
    const before = (await list(b)).Versions!.find((v) => v.VersionId === v2)!.LastModified;
    const deleted = await s3.send(new DeleteObjectCommand({ Bucket: b, Key: 'k', VersionId: v3 }));
    expect([deleted.VersionId, deleted.DeleteMarker]).toEqual([v3, undefined]);
    expect(await read(b, 'k')).toEqual({ body: 'v2', versionId: v2 });
    expect(await listed(b)).toEqual([
      ['k', v2, true, 'version'],
      ['k', v1, false, 'version'],
    ]);
    // restored with its own Last-Modified, not the time of the delete
    expect((await list(b)).Versions![0]!.LastModified).toEqual(before);
  });

  it('a delete without a version id adds a delete marker: the key reads 404, its versions stay', async () => {
    const b = await bucket('Enabled');
    const [v1, v2] = [await put(b, 'k', 'v1'), await put(b, 'k', 'v2')];
    const deleted = await s3.send(new DeleteObjectCommand({ Bucket: b, Key: 'k' }));
    expect(deleted.DeleteMarker).toBe(true);
    const marker = deleted.VersionId;
    expect(marker).toMatch(/^[A-Za-z0-9_-]{32}$/);

    expect(await failure(read(b, 'k'))).toEqual({ status: 404, name: 'NoSuchKey' });
    expect(await failure(s3.send(new HeadObjectCommand({ Bucket: b, Key: 'k' })))).toMatchObject({ status: 404 });
    // S3: a GET or HEAD of a delete marker by id is 405 MethodNotAllowed
    expect(await failure(read(b, 'k', marker))).toMatchObject({ status: 405, name: 'MethodNotAllowed' });
    expect(await failure(s3.send(new HeadObjectCommand({ Bucket: b, Key: 'k', VersionId: marker })))).toMatchObject({ status: 405 });
    expect(await listed(b)).toEqual([
      ['k', marker, true, 'marker'],
      ['k', v2, false, 'version'],
      ['k', v1, false, 'version'],
    ]);
    expect((await s3.send(new ListObjectsV2Command({ Bucket: b }))).KeyCount).toBe(0);
    expect((await read(b, 'k', v1)).body).toBe('v1');

    // Deleting the marker by id brings the newest version back.
    const unmarked = await s3.send(new DeleteObjectCommand({ Bucket: b, Key: 'k', VersionId: marker }));
    expect([unmarked.VersionId, unmarked.DeleteMarker]).toEqual([marker, true]);
    expect(await read(b, 'k')).toEqual({ body: 'v2', versionId: v2 });
  });

  it('deleting every listed version and delete marker erases the key', async () => {
    const b = await bucket('Enabled');
    await put(b, 'learner/1/evidence.pdf', 'v1');
    await put(b, 'learner/1/evidence.pdf', 'v2');
    await s3.send(new DeleteObjectCommand({ Bucket: b, Key: 'learner/1/evidence.pdf' }));
    await put(b, 'learner/1/evidence.pdf', 'v3');
    await put(b, 'learner/1/report.csv', 'r1');
    await put(b, 'learner/2/evidence.pdf', 'other');

    const listing = await list(b, { Prefix: 'learner/1/' });
    expect([listing.Versions!.length, listing.DeleteMarkers!.length]).toEqual([4, 1]);
    expect((await listed(b, '&prefix=learner/1/')).map(([key, , , kind]) => [key, kind])).toEqual([
      ['learner/1/evidence.pdf', 'version'],
      ['learner/1/evidence.pdf', 'marker'],
      ['learner/1/evidence.pdf', 'version'],
      ['learner/1/evidence.pdf', 'version'],
      ['learner/1/report.csv', 'version'],
    ]);
    for (const v of [...(listing.Versions ?? []), ...(listing.DeleteMarkers ?? [])]) {
      await s3.send(new DeleteObjectCommand({ Bucket: b, Key: v.Key, VersionId: v.VersionId }));
    }
    const after = await list(b, { Prefix: 'learner/1/' });
    expect([after.Versions, after.DeleteMarkers]).toEqual([undefined, undefined]);
    expect(await failure(read(b, 'learner/1/evidence.pdf'))).toMatchObject({ status: 404 });
    expect((await s3.send(new ListObjectsV2Command({ Bucket: b }))).Contents?.map((o) => o.Key)).toEqual(['learner/2/evidence.pdf']);
    // S3 answers a delete of a version that is gone with success (a retried erasure is harmless).
    const again = await s3.send(new DeleteObjectCommand({ Bucket: b, Key: 'learner/1/report.csv', VersionId: listing.Versions!.at(-1)!.VersionId }));
    expect(again.VersionId).toBe(listing.Versions!.at(-1)!.VersionId);
    expect(await failure(s3.send(new DeleteObjectCommand({ Bucket: b, Key: 'learner/1/report.csv', VersionId: 'not-an-id' })))).toMatchObject({ status: 400 });
  });

  it('DeleteObjects deletes named versions and adds markers for unnamed keys', async () => {
    const b = await bucket('Enabled');
    const [a1, a2] = [await put(b, 'a', 'a1'), await put(b, 'a', 'a2')];
    await put(b, 'b', 'b1');
    const result = await s3.send(
      new DeleteObjectsCommand({ Bucket: b, Delete: { Objects: [{ Key: 'a', VersionId: a1 }, { Key: 'a', VersionId: a2 }, { Key: 'b' }, { Key: 'c', VersionId: 'bad' }] } }),
    );
    expect(result.Deleted).toEqual([
      { Key: 'a', VersionId: a1 },
      { Key: 'a', VersionId: a2 },
      { Key: 'b', DeleteMarker: true, DeleteMarkerVersionId: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/) },
    ]);
    expect(result.Errors).toEqual([{ Key: 'c', VersionId: 'bad', Code: 'NoSuchVersion', Message: 'The specified version does not exist.' }]);
    expect((await listed(b)).map(([key, , isLatest, kind]) => [key, isLatest, kind])).toEqual([
      ['b', true, 'marker'],
      ['b', false, 'version'],
    ]);
    // S3 refuses to delete a bucket that still has versions or delete markers.
    expect(await failure(s3.send(new DeleteBucketCommand({ Bucket: b })))).toMatchObject({ status: 409, name: 'BucketNotEmpty' });
    const rest = await list(b);
    await s3.send(new DeleteObjectsCommand({ Bucket: b, Delete: { Objects: [...rest.Versions!, ...rest.DeleteMarkers!].map((v) => ({ Key: v.Key, VersionId: v.VersionId })), Quiet: true } }));
    await s3.send(new DeleteBucketCommand({ Bucket: b }));
  });

  it('an unversioned bucket behaves as before: no version ids, a delete removes the object', async () => {
    const b = await bucket();
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: b }))).Status).toBeUndefined();
    expect(await put(b, 'k', 'one')).toBeUndefined();
    expect(await put(b, 'k', 'two')).toBeUndefined();
    expect(await read(b, 'k')).toEqual({ body: 'two', versionId: undefined });
    // S3 lists an unversioned bucket's objects as their null versions.
    expect(await listed(b)).toEqual([['k', 'null', true, 'version']]);
    // A version id the object does not have changes nothing (s3rver alone would delete the object).
    await s3.send(new DeleteObjectCommand({ Bucket: b, Key: 'k', VersionId: 'A'.repeat(32) }));
    expect((await read(b, 'k', 'null')).body).toBe('two');
    const deleted = await s3.send(new DeleteObjectCommand({ Bucket: b, Key: 'k' }));
    expect([deleted.DeleteMarker, deleted.VersionId]).toEqual([undefined, undefined]);
    expect(await failure(read(b, 'k'))).toMatchObject({ status: 404 });
    expect(await listed(b)).toEqual([]);
    await s3.send(new DeleteBucketCommand({ Bucket: b }));
  });

  it('concurrent writes of a key each leave a version', async () => {
    const b = await bucket('Enabled');
    const ids = await Promise.all(['1', '2', '3', '4', '5'].map((n) => put(b, 'k', n)));
    const versions = await listed(b);
    expect(versions.map(([, id]) => id).sort()).toEqual([...ids].sort());
    const latest = versions[0]![1] as string;
    expect((await read(b, 'k')).versionId).toBe(latest);
    for (const [, id] of versions) expect((await read(b, 'k', id as string)).body).toBe(String(ids.indexOf(id as string) + 1));
  });

  it('a PutObject refused by If-None-Match: * makes no version', async () => {
    const b = await bucket('Enabled');
    const v1 = await put(b, 'k', 'first');
    expect(await failure(s3.send(new PutObjectCommand({ Bucket: b, Key: 'k', Body: 'second', IfNoneMatch: '*' })))).toMatchObject({ status: 412 });
    expect(await listed(b)).toEqual([['k', v1, true, 'version']]);
    expect(await read(b, 'k')).toEqual({ body: 'first', versionId: v1 });
  });

  it('pages through versions with MaxKeys, every entry once', async () => {
    const b = await bucket('Enabled');
    for (const key of ['x/1', 'x/2', 'x/3']) for (const body of ['old', 'new']) await put(b, key, body);
    const seen: unknown[][] = [];
    let page: ListObjectVersionsCommandOutput | undefined;
    let pages = 0;
    do {
      page = await s3.send(new ListObjectVersionsCommand({ Bucket: b, MaxKeys: 2, KeyMarker: page?.NextKeyMarker, VersionIdMarker: page?.NextVersionIdMarker }));
      pages++;
      expect(page.Versions).toHaveLength(2);
      seen.push(...page.Versions!.map((v) => [v.Key, v.VersionId, v.IsLatest, 'version']));
    } while (page.IsTruncated);
    expect(pages).toBe(3);
    expect(seen).toEqual(await listed(b));
    expect(seen.map(([key, , isLatest]) => [key, isLatest])).toEqual([
      ['x/1', true],
      ['x/1', false],
      ['x/2', true],
      ['x/2', false],
      ['x/3', true],
      ['x/3', false],
    ]);
    expect(new Set(seen.map(([, id]) => id)).size).toBe(6);
  });

  it('a multipart upload or a copy that replaces a key keeps the replaced version', async () => {
    const b = await bucket('Enabled');
    const v1 = await put(b, 'k', 'single part');
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: b, Key: 'k' }));
    const { ETag } = await s3.send(new UploadPartCommand({ Bucket: b, Key: 'k', UploadId, PartNumber: 1, Body: 'multipart' }));
    const completed = await s3.send(new CompleteMultipartUploadCommand({ Bucket: b, Key: 'k', UploadId, MultipartUpload: { Parts: [{ ETag, PartNumber: 1 }] } }));
    expect(completed.VersionId).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await read(b, 'k')).toEqual({ body: 'multipart', versionId: completed.VersionId });
    expect((await read(b, 'k', v1)).body).toBe('single part');

    const copied = await s3.send(new CopyObjectCommand({ Bucket: b, Key: 'k', CopySource: `${b}/k?versionId=${completed.VersionId}`, MetadataDirective: 'REPLACE', ContentType: 'text/plain' }));
    expect(copied.CopySourceVersionId).toBe(completed.VersionId);
    expect(await listed(b)).toEqual([
      ['k', copied.VersionId, true, 'version'],
      ['k', completed.VersionId, false, 'version'],
      ['k', v1, false, 'version'],
    ]);
    // S3 copies from a noncurrent version; the stand-in says it does not, rather than copy the current one.
    expect(await failure(s3.send(new CopyObjectCommand({ Bucket: b, Key: 'other', CopySource: `${b}/k?versionId=${v1}` })))).toMatchObject({ status: 501 });
  });

  it('objects written before versioning was enabled are the null version', async () => {
    const b = await bucket();
    await put(b, 'k', 'before');
    await s3.send(new PutBucketVersioningCommand({ Bucket: b, VersioningConfiguration: { Status: 'Enabled' } }));
    const v1 = await put(b, 'k', 'after');
    expect(await listed(b)).toEqual([
      ['k', v1, true, 'version'],
      ['k', 'null', false, 'version'],
    ]);
    expect(await read(b, 'k', 'null')).toEqual({ body: 'before', versionId: 'null' });
    await s3.send(new DeleteObjectCommand({ Bucket: b, Key: 'k', VersionId: 'null' }));
    expect(await listed(b)).toEqual([['k', v1, true, 'version']]);
  });

  it('a suspended bucket writes the null version, replacing the previous null version', async () => {
    const b = await bucket('Enabled');
    const v1 = await put(b, 'k', 'versioned');
    await s3.send(new PutBucketVersioningCommand({ Bucket: b, VersioningConfiguration: { Status: 'Suspended' } }));
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: b }))).Status).toBe('Suspended');
    await put(b, 'k', 'null one');
    await put(b, 'k', 'null two');
    expect(await listed(b)).toEqual([
      ['k', 'null', true, 'version'],
      ['k', v1, false, 'version'],
    ]);
    expect((await read(b, 'k')).body).toBe('null two');
    const deleted = await s3.send(new DeleteObjectCommand({ Bucket: b, Key: 'k' }));
    expect([deleted.DeleteMarker, deleted.VersionId]).toEqual([true, 'null']);
    expect(await listed(b)).toEqual([
      ['k', 'null', true, 'marker'],
      ['k', v1, false, 'version'],
    ]);
  });

  it('keeps its bookkeeping out of ListBuckets', async () => {
    const names = (await s3.send(new ListBucketsCommand({}))).Buckets!.map((x) => x.Name);
    expect(names.length).toBeGreaterThan(0);
    expect(names.some((n) => n?.startsWith('.'))).toBe(false);
  });
});
