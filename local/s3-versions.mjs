// Bucket versioning for s3rver, which has none: it answers PutBucketVersioning and
// GetBucketVersioning with 501, ListObjectVersions with 405, and ignores versionId (a GET returns the
// current object, a DELETE removes it). Our artifact and archive buckets are versioned in AWS, and
// code that must erase every version of an object (ListObjectVersions, then DeleteObject with each
// VersionId) is only tested for real if the local S3 keeps versions as S3 does. A Koa middleware
// placed right after conditional writes in s3rver's stack (a write refused by a precondition makes
// no version), following S3's documented behaviour:
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html and the API reference of
// each operation named below.
//
// Where things are. s3rver's own files keep holding each key's current version, so every request
// that does not name a version (GET, HEAD, ListObjects, conditional writes) is still s3rver's. This
// module keeps the rest under <s3rver's directory>/.versions/<bucket>/:
//   versioning.json                      the bucket's versioning state (absent: never enabled)
//   keys/<sha256 of key>/index.json      the key's versions and delete markers, newest first
//   keys/<sha256 of key>/<versionId>/    a noncurrent version: s3rver's three files for it
//                                        (object, object.md5, metadata.json), mtimes kept, since
//                                        s3rver reads an object's Last-Modified from its file
// Inside s3rver's directory so that whatever wipes the local S3 (cloud.ts removes the directory at
// start, s3rver's reset()) wipes its versions too; s3rver would take the directory for a bucket,
// so ListBuckets leaves it out and requests to it are refused (no S3 bucket name starts with a dot).
//
// What it does, for buckets whose versioning is Enabled (or Suspended: see below):
// - PutObject, CopyObject and CompleteMultipartUpload keep the replaced current version as a
//   noncurrent one and answer x-amz-version-id with the new version's id. A write that fails
//   changes nothing: the replaced version's body goes back (s3rver may have half-written it).
// - DeleteObject without versionId adds a delete marker as the latest version (the current version
//   becomes noncurrent); GET and HEAD then answer 404 with x-amz-delete-marker: true.
// - DeleteObject with versionId removes that version or marker for good; if it was the latest, the
//   next newest becomes current (its body goes back into s3rver's files).
// - DeleteObjects (POST ?delete) does the same for each entry.
// - GetObject and HeadObject with versionId answer that version; a delete marker's, 405.
// - ListObjectVersions lists versions and delete markers. Objects s3rver holds that this module has
//   no record of (written before versioning was enabled) are the "null" version, as in S3.
// Whatever names a version is answered here on every bucket (s3rver would ignore the versionId and
// act on the current object: silently wrong), and so are ListObjectVersions, Get/PutBucketVersioning
// and DeleteObjects (whose entries may name versions); other requests to a bucket whose versioning
// was never set pass to s3rver unchanged.
//
// Suspended buckets (S3: "Adding objects to versioning-suspended buckets"): a write or a plain
// delete makes the "null" version (an object or a delete marker), replacing any earlier null
// version; versions with ids stay. Modelled because a bucket once enabled can only be suspended,
// and passing its writes to s3rver would overwrite a version that the bookkeeping says is kept.
//
// Not modelled, answered 501 NotImplemented rather than silently wrong: ListObjectVersions with a
// delimiter, CopyObject from a noncurrent version, subresources (tagging, ACL) of a noncurrent
// version, browser POST uploads to a versioned bucket, MFA delete. Not modelled at all: lifecycle
// rules (noncurrent expiry), object lock and retention, replication, per-version tags (s3rver keeps
// one tag set per key). Requests are path-style only, as conditional writes assume too.

import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { keyLocks } from './s3-conditional-writes.mjs';

const require = createRequire(import.meta.url);
// s3rver's own lists of the query parameters that select another operation on a bucket or object
// (?tagging, ?uploadId, ...): a PUT with none of them is a PutObject or CopyObject, as s3rver routes it.
const { METHODS: BUCKET_METHODS } = require('s3rver/lib/controllers/bucket');
const { METHODS: OBJECT_METHODS } = require('s3rver/lib/controllers/object');
// The account and key pair s3rver accepts (S3RVER/S3RVER), and its owner id for listings.
const AWSAccount = require('s3rver/lib/models/account');

const VERSIONS_DIR = '.versions';
const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const SUBRESOURCES = [...new Set([...BUCKET_METHODS, ...OBJECT_METHODS])];
// s3rver's three files for one object (FilesystemStore#getResourcePath's resource names).
const OBJECT_FILES = ['object', 'object.md5', 'metadata.json'];
// S3's version ids are 32 URL-safe characters; "null" names the version written while versioning
// was off or suspended. Anything else is malformed: S3 answers 400 InvalidArgument.
const WELL_FORMED_VERSION_ID = /^(null|[A-Za-z0-9._-]{32})$/;
const BUCKET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

// One operation at a time per object key: a write, a delete, or a read of a named version sees
// and leaves the key's files and index consistent. Locks of its own (see keyLocks).
const withLock = keyLocks();

const XML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const escapeXml = (value) => String(value).replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
const XML_ENTITIES = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
const unescapeXml = (value) =>
  value.replace(/&(#x[0-9a-f]+|#[0-9]+|lt|gt|quot|apos|amp);/gi, (_, e) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : XML_ENTITIES[e.toLowerCase()],
  );
const elements = (fields) =>
  Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([name, v]) => `<${name}>${escapeXml(v)}</${name}>`)
    .join('');
const xmlDocument = (body) => `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;

function answerXml(ctx, status, body) {
  ctx.status = status;
  ctx.type = 'application/xml';
  ctx.body = xmlDocument(body);
}

/** An S3 error response; `headers` are set too (x-amz-delete-marker on 404s and 405s). */
function fail(ctx, status, code, message, detail = {}, headers = {}) {
  ctx.req.resume(); // drain any body the client is still sending
  for (const [name, value] of Object.entries(headers)) ctx.set(name, value);
  answerXml(ctx, status, `<Error>${elements({ Code: code, Message: message, ...detail })}<RequestId>local</RequestId></Error>`);
}

const notImplemented = (ctx, what) => fail(ctx, 501, 'NotImplemented', `${what} is not implemented by the local S3 stand-in (local/s3-versions.mjs)`);
const invalidVersionId = (ctx, versionId) => fail(ctx, 400, 'InvalidArgument', 'Invalid version id specified', { ArgumentName: 'versionId', ArgumentValue: versionId });
const noSuchBucket = (ctx, bucket) => fail(ctx, 404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket });

const newVersionId = () => randomBytes(24).toString('base64url');
const isMissing = (e) => e.code === 'ENOENT' || e.code === 'ENOTDIR';

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** S3 orders keys by their UTF-8 bytes (JavaScript's UTF-16 order differs for characters above U+FFFF). */
const byKey = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * s3rver checks the access key of a signed request in its router, after this middleware; requests
 * answered here check it the same way (s3rver verifies no V4 signature either, only the key).
 */
function refusedKey(ctx) {
  const authorization = ctx.get('authorization');
  const accessKeyId =
    /Credential=([^/,\s]+)\//.exec(authorization)?.[1] ??
    /^AWS ([^:\s]+):/.exec(authorization)?.[1] ??
    (typeof ctx.query['X-Amz-Credential'] === 'string' ? ctx.query['X-Amz-Credential'].split('/')[0] : undefined) ??
    (typeof ctx.query.AWSAccessKeyId === 'string' ? ctx.query.AWSAccessKeyId : undefined);
  if (accessKeyId === undefined || AWSAccount.registry.has(accessKeyId)) return false;
  fail(ctx, 403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', { AWSAccessKeyId: accessKeyId });
  return true;
}

/** An index entry from s3rver's metadata of an object (FilesystemStore#getMetadata). */
const versionOf = (id, metadata) => ({
  id,
  lastModified: new Date(metadata['last-modified']).toISOString(),
  etag: metadata.etag,
  size: Number(metadata['content-length']),
});

export function objectVersions(directory) {
  const root = path.join(directory, VERSIONS_DIR);
  const bucketDir = (bucket) => path.join(root, bucket);
  const keysDir = (bucket) => path.join(root, bucket, 'keys');
  // Keys may be 1024 bytes of anything: a hash names the key's directory; the index holds the key.
  const keyDir = (bucket, key) => path.join(keysDir(bucket), createHash('sha256').update(key).digest('hex'));
  const versionDir = (bucket, key, id) => path.join(keyDir(bucket, key), id);
  const lockId = (bucket, key) => `${root}\0${bucket}/${key}`;

  async function readJson(file) {
    try {
      return JSON.parse(await fs.readFile(file, 'utf8'));
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
  }

  /** 'Enabled', 'Suspended', or undefined when versioning was never set on the bucket. */
  const readStatus = async (bucket) => (await readJson(path.join(bucketDir(bucket), 'versioning.json')))?.status;

  const readIndex = async (bucket, key) => (await readJson(path.join(keyDir(bucket, key), 'index.json')))?.versions ?? [];

  async function writeIndex(bucket, key, versions) {
    const dir = keyDir(bucket, key);
    if (!versions.length) return fs.rm(dir, { recursive: true, force: true });
    await fs.mkdir(dir, { recursive: true });
    // Written whole and renamed into place: a listing or GET reading it meanwhile sees the old or the new.
    const temporary = path.join(dir, `index.json.${randomBytes(6).toString('hex')}`);
    await fs.writeFile(temporary, JSON.stringify({ key, versions }));
    await fs.rename(temporary, path.join(dir, 'index.json'));
  }

  /** Every key of the bucket that has an index, with its versions. */
  async function readIndexes(bucket) {
    let names;
    try {
      names = await fs.readdir(keysDir(bucket));
    } catch (e) {
      if (isMissing(e)) return new Map();
      throw e;
    }
    const indexes = await Promise.all(names.map((name) => readJson(path.join(keysDir(bucket), name, 'index.json'))));
    return new Map(indexes.filter((index) => index?.versions?.length).map((index) => [index.key, index.versions]));
  }

  /**
   * A key's versions, newest first, as S3 would list them: the index, with s3rver's current object
   * as the latest version. An object s3rver holds while the index's latest is a delete marker or
   * absent was written before versioning was enabled (or outside this module): S3's "null" version.
   */
  function reconcile(versions, current) {
    const latest = versions[0];
    if (!current) return versions;
    if (!latest || latest.deleteMarker) return [versionOf('null', current), ...versions.filter((v) => v.id !== 'null')];
    return [versionOf(latest.id, current), ...versions.slice(1)];
  }

  async function currentMetadata(store, bucket, key) {
    try {
      return await store.getMetadata(bucket, key);
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
  }

  const readVersions = async (store, bucket, key) => reconcile(await readIndex(bucket, key), await currentMetadata(store, bucket, key));

  /** Copies a file with its mtime (s3rver's Last-Modified); a missing source removes the target. */
  async function copyFile(from, to) {
    try {
      await fs.copyFile(from, to);
      const { atime, mtime } = await fs.stat(from);
      await fs.utimes(to, atime, mtime);
    } catch (e) {
      if (!isMissing(e)) throw e;
      await fs.rm(to, { force: true });
    }
  }

  /** Keeps s3rver's current object of the key as noncurrent version `id`. */
  async function keepCurrent(store, bucket, key, id) {
    const dir = versionDir(bucket, key, id);
    await fs.mkdir(dir, { recursive: true });
    for (const file of OBJECT_FILES) await copyFile(store.getResourcePath(bucket, key, file), path.join(dir, file));
  }

  /** Makes noncurrent version `id` s3rver's current object again (S3: the next newest becomes current). */
  async function restoreCurrent(store, bucket, key, id) {
    const dir = versionDir(bucket, key, id);
    await fs.mkdir(path.dirname(store.getResourcePath(bucket, key, 'object')), { recursive: true });
    for (const file of OBJECT_FILES) await copyFile(path.join(dir, file), store.getResourcePath(bucket, key, file));
    await fs.rm(dir, { recursive: true, force: true });
  }

  async function removeCurrent(store, bucket, key) {
    // (s3rver's deleteObject fails on a key whose directory does not exist)
    if (await store.existsObject(bucket, key)) await store.deleteObject(bucket, key);
  }

  /**
   * PutObject, CopyObject, CompleteMultipartUpload on a versioned bucket (S3: "Adding objects to
   * versioning-enabled buckets"): the replaced current version stays as noncurrent, the new one gets
   * a fresh id. Suspended: the new one is the null version, replacing any earlier null version.
   */
  function write(ctx, next, bucket, key, status) {
    return withLock(lockId(bucket, key), async () => {
      const versions = await readVersions(ctx.store, bucket, key);
      const replaced = versions[0] && !versions[0].deleteMarker ? versions[0] : undefined;
      // Kept before s3rver overwrites it, also when the write is to replace it for good (a null
      // version under Suspended): a failed write puts it back.
      if (replaced) await keepCurrent(ctx.store, bucket, key, replaced.id);
      let written = false;
      try {
        await next();
        written = ctx.status < 300;
      } finally {
        if (!written) {
          if (replaced) await restoreCurrent(ctx.store, bucket, key, replaced.id);
          else await removeCurrent(ctx.store, bucket, key);
        }
      }
      if (!written) return;
      const current = await currentMetadata(ctx.store, bucket, key);
      if (!current) throw new Error(`s3rver answered ${ctx.status} to a write of ${bucket}/${key} but holds no object`);
      let kept = versions;
      if (status === 'Suspended') {
        kept = versions.filter((v) => v.id !== 'null');
        await fs.rm(versionDir(bucket, key, 'null'), { recursive: true, force: true });
      }
      const id = status === 'Enabled' ? newVersionId() : 'null';
      await writeIndex(bucket, key, [versionOf(id, current), ...kept]);
      // S3 answers the id on versioning-enabled buckets (PutObject, CopyObject, CompleteMultipartUpload).
      if (status === 'Enabled') ctx.set('x-amz-version-id', id);
    });
  }

  /**
   * DeleteObject without a version id on a versioned bucket (S3: "Deleting object versions"): the
   * current version becomes noncurrent and a delete marker becomes the latest version; S3 adds one
   * even if the key has no version. Suspended: the marker is the null version, and a null current
   * version is removed for good.
   */
  function addDeleteMarker(store, bucket, key, status) {
    return withLock(lockId(bucket, key), async () => {
      const versions = await readVersions(store, bucket, key);
      const current = versions[0] && !versions[0].deleteMarker ? versions[0] : undefined;
      if (current && !(status === 'Suspended' && current.id === 'null')) await keepCurrent(store, bucket, key, current.id);
      if (current) await removeCurrent(store, bucket, key);
      let kept = versions;
      if (status === 'Suspended') {
        kept = versions.filter((v) => v.id !== 'null');
        await fs.rm(versionDir(bucket, key, 'null'), { recursive: true, force: true });
      }
      const marker = { id: status === 'Enabled' ? newVersionId() : 'null', deleteMarker: true, lastModified: new Date().toISOString() };
      await writeIndex(bucket, key, [marker, ...kept]);
      return { versionId: marker.id, deleteMarker: true };
    });
  }

  /**
   * DeleteObject with a version id: that version or delete marker is gone for good. If it was the
   * latest, the next newest becomes current: an object version is s3rver's current object again, a
   * delete marker leaves the key 404. A well-formed id the key does not have deletes nothing and
   * succeeds, as S3 answers (DeleteObject is idempotent).
   */
  function deleteVersion(store, bucket, key, versionId) {
    return withLock(lockId(bucket, key), async () => {
      const versions = await readVersions(store, bucket, key);
      const at = versions.findIndex((v) => v.id === versionId);
      if (at < 0) return { versionId, deleteMarker: false };
      const [gone] = versions.splice(at, 1);
      if (at === 0) {
        if (!gone.deleteMarker) await removeCurrent(store, bucket, key);
        if (versions[0] && !versions[0].deleteMarker) await restoreCurrent(store, bucket, key, versions[0].id);
      } else if (!gone.deleteMarker) {
        await fs.rm(versionDir(bucket, key, gone.id), { recursive: true, force: true });
      }
      await writeIndex(bucket, key, versions);
      return { versionId, deleteMarker: Boolean(gone.deleteMarker) };
    });
  }

  /** Sets the version headers S3 answers a DeleteObject with (x-amz-version-id, x-amz-delete-marker). */
  function answerDelete(ctx, result) {
    if (result.versionId !== undefined) ctx.set('x-amz-version-id', result.versionId);
    if (result.deleteMarker) ctx.set('x-amz-delete-marker', 'true');
    ctx.status = 204;
  }

  /**
   * GetObject / HeadObject with a version id. The current version is s3rver's to answer (ranges,
   * conditions, header overrides); a noncurrent one is answered here; a delete marker's is 405
   * MethodNotAllowed with x-amz-delete-marker and Last-Modified; an id the key does not have, 404
   * NoSuchVersion.
   */
  function getVersion(ctx, next, bucket, key, versionId) {
    return withLock(lockId(bucket, key), async () => {
      const versions = await readVersions(ctx.store, bucket, key);
      const version = versions.find((v) => v.id === versionId);
      if (!version) return fail(ctx, 404, 'NoSuchVersion', 'The specified version does not exist.', { Key: key, VersionId: versionId });
      if (version.deleteMarker) {
        return fail(ctx, 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', { Method: ctx.method, ResourceType: 'DeleteMarker' }, {
          'x-amz-delete-marker': 'true',
          'x-amz-version-id': versionId,
          'Last-Modified': new Date(version.lastModified).toUTCString(),
          Allow: 'DELETE',
        });
      }
      ctx.set('x-amz-version-id', versionId);
      if (version === versions[0]) return next();
      return answerStoredVersion(ctx, versionDir(bucket, key, version.id), version);
    });
  }

  /** Answers a GET or HEAD of a noncurrent version from its stored files, as s3rver's getObject would. */
  async function answerStoredVersion(ctx, dir, version) {
    const stored = (await readJson(path.join(dir, 'metadata.json'))) ?? {};
    const { size, mtime } = await fs.stat(path.join(dir, 'object'));
    const lastModified = new Date(mtime.toUTCString()); // HTTP dates have seconds
    // Conditional GET (RFC 9110 §13.2.2, as S3 applies it): If-Match, then If-Unmodified-Since →
    // 412; If-None-Match, then If-Modified-Since → 304.
    const ifMatch = ctx.get('if-match');
    const ifNoneMatch = ctx.get('if-none-match');
    const since = (name) => (ctx.get(name) ? new Date(ctx.get(name)) : undefined);
    const etagIn = (header) => header.split(',').some((tag) => tag.trim() === '*' || tag.trim() === version.etag);
    if (ifMatch ? !etagIn(ifMatch) : since('if-unmodified-since') < lastModified) {
      return fail(ctx, 412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { Condition: ifMatch ? 'If-Match' : 'If-Unmodified-Since' });
    }
    const notModified = ifNoneMatch ? etagIn(ifNoneMatch) : since('if-modified-since') >= lastModified;
    ctx.set('ETag', version.etag);
    ctx.set('Last-Modified', lastModified.toUTCString());
    if (notModified) {
      ctx.status = 304;
      return;
    }
    for (const [name, value] of Object.entries(stored)) ctx.set(name, String(value));
    if (!stored['content-type']) ctx.set('Content-Type', 'binary/octet-stream');
    // response-content-type & co. (presigned GETs use them), as s3rver's response-header-override.
    for (const name of ['cache-control', 'content-disposition', 'content-encoding', 'content-language', 'content-type', 'expires']) {
      const value = ctx.query[`response-${name}`];
      if (typeof value === 'string') ctx.set(name, value);
    }
    ctx.set('Accept-Ranges', 'bytes');
    const range = byteRange(ctx.get('range'), size);
    if (range === 'unsatisfiable') {
      return fail(ctx, 416, 'InvalidRange', 'The requested range is not satisfiable', { RangeRequested: ctx.get('range'), ActualObjectSize: size });
    }
    ctx.status = range ? 206 : 200;
    if (range) ctx.set('Content-Range', `bytes ${range.start}-${range.end}/${size}`);
    const length = range ? range.end + 1 - range.start : size;
    if (ctx.method === 'HEAD') {
      ctx.length = length;
      return;
    }
    if (length === 0) {
      ctx.body = ''; // (Koa answers a null body with its status text)
      return;
    }
    // Opened before the lock is released: a delete of this version meanwhile leaves this read whole.
    ctx.body = await new Promise((resolve, reject) => {
      const stream = createReadStream(path.join(dir, 'object'), range ?? {});
      stream.on('error', reject).on('open', () => resolve(stream));
    });
    ctx.length = length;
  }

  /** One byte range (bytes=a-b, a-, -n); undefined when absent or not one range (then ignored, as HTTP allows). */
  function byteRange(header, size) {
    const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
    if (!m || (m[1] === '' && m[2] === '')) return undefined;
    if (m[1] === '') {
      const suffix = Number(m[2]);
      return suffix === 0 || size === 0 ? 'unsatisfiable' : { start: Math.max(0, size - suffix), end: size - 1 };
    }
    const start = Number(m[1]);
    if (m[2] !== '' && Number(m[2]) < start) return undefined;
    if (start >= size) return 'unsatisfiable';
    return { start, end: m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1) };
  }

  /**
   * ListObjectVersions (GET /<bucket>?versions): keys in S3's (UTF-8 byte) order, each key's
   * versions and delete markers newest first, at most max-keys of them, continued from key-marker
   * (and version-id-marker: after that version of that key). Answered on every bucket: an
   * unversioned bucket's objects are its null versions, as in S3.
   */
  async function listVersions(ctx, bucket) {
    const q = ctx.query;
    if (q.delimiter) return notImplemented(ctx, 'ListObjectVersions with a delimiter (CommonPrefixes)');
    if (q['encoding-type'] !== undefined && q['encoding-type'] !== 'url') return fail(ctx, 400, 'InvalidArgument', 'Invalid Encoding Method specified in Request', { ArgumentName: 'encoding-type', ArgumentValue: q['encoding-type'] });
    let maxKeys = 1000;
    if (q['max-keys'] !== undefined) {
      if (!/^\d+$/.test(q['max-keys']) || Number(q['max-keys']) > 2147483647) {
        return fail(ctx, 400, 'InvalidArgument', 'Provided max-keys not an integer or within integer range', { ArgumentName: 'max-keys', ArgumentValue: q['max-keys'] });
      }
      maxKeys = Math.min(1000, Number(q['max-keys']));
    }
    const prefix = typeof q.prefix === 'string' ? q.prefix : '';
    const keyMarker = typeof q['key-marker'] === 'string' ? q['key-marker'] : '';
    const versionIdMarker = typeof q['version-id-marker'] === 'string' ? q['version-id-marker'] : '';
    if (versionIdMarker && !keyMarker) return fail(ctx, 400, 'InvalidArgument', 'A version-id marker cannot be specified without a key marker.', { ArgumentName: 'version-id-marker', ArgumentValue: versionIdMarker });
    if (versionIdMarker && !WELL_FORMED_VERSION_ID.test(versionIdMarker)) return invalidVersionId(ctx, versionIdMarker);

    const [indexes, { objects }] = await Promise.all([readIndexes(bucket), ctx.store.listObjects(bucket, { prefix })]);
    const currents = new Map(objects.map((o) => [o.key, o.metadata]));
    const keys = [...new Set([...indexes.keys(), ...currents.keys()])].filter((k) => k.startsWith(prefix)).sort(byKey);
    const entries = keys.flatMap((key) => reconcile(indexes.get(key) ?? [], currents.get(key)).map((version, i) => ({ key, version, isLatest: i === 0 })));
    let start = 0;
    if (keyMarker) {
      const after = versionIdMarker ? entries.findIndex((e) => e.key === keyMarker && e.version.id === versionIdMarker) : -1;
      start = after >= 0 ? after + 1 : entries.findIndex((e) => byKey(e.key, keyMarker) > 0);
      if (start < 0) start = entries.length;
    }
    const page = entries.slice(start, start + maxKeys);
    const truncated = start + page.length < entries.length && page.length > 0;
    const encode = q['encoding-type'] === 'url' ? (s) => encodeURIComponent(s).replace(/%2F/g, '/') : (s) => s;
    const owner = `<Owner>${elements({ ID: AWSAccount.DUMMY_ACCOUNT.id, DisplayName: AWSAccount.DUMMY_ACCOUNT.displayName })}</Owner>`;
    const listed = page.map(({ key, version, isLatest }) => {
      const common = elements({ Key: encode(key), VersionId: version.id, IsLatest: isLatest, LastModified: version.lastModified });
      return version.deleteMarker
        ? `<DeleteMarker>${common}${owner}</DeleteMarker>`
        : `<Version>${common}${elements({ ETag: version.etag, Size: version.size })}${owner}<StorageClass>STANDARD</StorageClass></Version>`;
    });
    const last = page[page.length - 1];
    answerXml(
      ctx,
      200,
      `<ListVersionsResult xmlns="${NS}">${elements({
        Name: bucket,
        Prefix: encode(prefix),
        KeyMarker: encode(keyMarker),
        VersionIdMarker: versionIdMarker,
        NextKeyMarker: truncated ? encode(last.key) : undefined,
        NextVersionIdMarker: truncated ? last.version.id : undefined,
        MaxKeys: maxKeys,
        EncodingType: q['encoding-type'],
        IsTruncated: truncated,
      })}${listed.join('')}</ListVersionsResult>`,
    );
  }

  /** PutBucketVersioning: Enabled or Suspended (a bucket once versioned is never unversioned again). */
  async function putVersioning(ctx, bucket) {
    const body = await readBody(ctx.req);
    const status = /<Status>\s*([^<]*?)\s*<\/Status>/.exec(body)?.[1];
    const mfaDelete = /<MfaDelete>\s*([^<]*?)\s*<\/MfaDelete>/.exec(body)?.[1];
    if (!/<VersioningConfiguration[\s>/]/.test(body) || (status !== undefined && status !== 'Enabled' && status !== 'Suspended')) {
      return fail(ctx, 400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
    }
    if (mfaDelete === 'Enabled') return notImplemented(ctx, 'MFA delete');
    if (status) {
      await fs.mkdir(bucketDir(bucket), { recursive: true });
      await fs.writeFile(path.join(bucketDir(bucket), 'versioning.json'), JSON.stringify({ status }));
    }
    ctx.status = 200;
    ctx.body = '';
  }

  /** GetBucketVersioning: the state, or an empty configuration when versioning was never set. */
  async function getVersioning(ctx, bucket) {
    const status = await readStatus(bucket);
    answerXml(ctx, 200, `<VersioningConfiguration xmlns="${NS}">${status ? elements({ Status: status }) : ''}</VersioningConfiguration>`);
  }

  /**
   * DeleteObjects (POST /<bucket>?delete), each entry as the DeleteObject it stands for. Its result
   * as S3 reports it: a new delete marker as DeleteMarker + DeleteMarkerVersionId; a version deleted
   * by id as VersionId (and DeleteMarker + DeleteMarkerVersionId if it was a marker); a malformed
   * version id as an Error entry, NoSuchVersion. Quiet mode reports errors only.
   */
  async function deleteObjects(ctx, bucket, status) {
    const body = await readBody(ctx.req);
    const objects = [...body.matchAll(/<Object>([\s\S]*?)<\/Object>/g)].map(([, inner]) => {
      const key = /<Key>([\s\S]*?)<\/Key>/.exec(inner)?.[1];
      const versionId = /<VersionId>([\s\S]*?)<\/VersionId>/.exec(inner)?.[1];
      return { key: key === undefined ? undefined : unescapeXml(key), versionId: versionId === undefined ? undefined : unescapeXml(versionId) };
    });
    if (!/<Delete[\s>]/.test(body) || !objects.length || objects.length > 1000 || objects.some((o) => !o.key)) {
      return fail(ctx, 400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
    }
    const quiet = /<Quiet>\s*true\s*<\/Quiet>/i.test(body);
    const results = [];
    for (const { key, versionId } of objects) {
      if (versionId !== undefined && !WELL_FORMED_VERSION_ID.test(versionId)) {
        results.push(`<Error>${elements({ Key: key, VersionId: versionId, Code: 'NoSuchVersion', Message: 'The specified version does not exist.' })}</Error>`);
        continue;
      }
      if (versionId !== undefined) {
        const { deleteMarker } = await deleteVersion(ctx.store, bucket, key, versionId);
        if (!quiet) results.push(`<Deleted>${elements({ Key: key, VersionId: versionId, ...(deleteMarker ? { DeleteMarker: true, DeleteMarkerVersionId: versionId } : {}) })}</Deleted>`);
      } else if (status) {
        const marker = await addDeleteMarker(ctx.store, bucket, key, status);
        if (!quiet) results.push(`<Deleted>${elements({ Key: key, DeleteMarker: true, DeleteMarkerVersionId: marker.versionId })}</Deleted>`);
      } else {
        // Never versioned: the object is removed, as s3rver's DeleteObjects does.
        await withLock(lockId(bucket, key), () => removeCurrent(ctx.store, bucket, key));
        if (!quiet) results.push(`<Deleted>${elements({ Key: key })}</Deleted>`);
      }
    }
    answerXml(ctx, 200, `<DeleteResult xmlns="${NS}">${results.join('')}</DeleteResult>`);
  }

  /**
   * CopyObject from a named version (x-amz-copy-source: /bucket/key?versionId=...). s3rver would
   * look for a key ending in "?versionId=...": the source's current version is passed on as a plain
   * copy of it; a noncurrent one cannot be. Returns true when it answered the request.
   */
  async function copySourceRefused(ctx) {
    const [sourcePath, sourceQuery = ''] = ctx.get('x-amz-copy-source').split('?');
    const versionId = new URLSearchParams(sourceQuery).get('versionId');
    let sourceBucket, key;
    try {
      [sourceBucket, key] = /^([^/]*)\/?(.*)$/.exec(decodeURIComponent(sourcePath.replace(/^\//, ''))).slice(1);
    } catch {
      return false; // s3rver answers a malformed source as it does
    }
    if (!BUCKET_NAME.test(sourceBucket) || !(await ctx.store.getBucket(sourceBucket))) return false; // s3rver answers NoSuchBucket
    const versions = await readVersions(ctx.store, sourceBucket, key);
    const latest = versions[0];
    if (versionId === null) {
      // S3 answers the copied version's id when the source bucket is versioned.
      if (latest && !latest.deleteMarker && (await readStatus(sourceBucket))) ctx.set('x-amz-copy-source-version-id', latest.id);
      return false;
    }
    const version = versions.find((v) => v.id === versionId);
    if (!WELL_FORMED_VERSION_ID.test(versionId)) invalidVersionId(ctx, versionId);
    else if (!version) fail(ctx, 404, 'NoSuchVersion', 'The specified version does not exist.', { Key: key, VersionId: versionId });
    else if (version.deleteMarker) fail(ctx, 400, 'InvalidRequest', 'The source of a copy request may not specifically refer to a delete marker by version id.');
    else if (version !== latest) notImplemented(ctx, 'CopyObject from a noncurrent version');
    else {
      ctx.request.headers['x-amz-copy-source'] = sourcePath;
      ctx.set('x-amz-copy-source-version-id', versionId);
      return false;
    }
    return true;
  }

  async function bucketRequest(ctx, next, bucket) {
    const q = ctx.query;
    const handles =
      ('versioning' in q && (ctx.method === 'GET' || ctx.method === 'PUT')) ||
      ('versions' in q && ctx.method === 'GET') ||
      ('delete' in q && ctx.method === 'POST') ||
      (ctx.method === 'POST' && !SUBRESOURCES.some((s) => s in q)) ||
      (ctx.method === 'DELETE' && !SUBRESOURCES.some((s) => s in q));
    if (!handles) return next();
    if (refusedKey(ctx)) return;
    if (!(await ctx.store.getBucket(bucket))) return noSuchBucket(ctx, bucket);
    if ('versioning' in q) return ctx.method === 'GET' ? getVersioning(ctx, bucket) : putVersioning(ctx, bucket);
    if ('versions' in q) return listVersions(ctx, bucket);
    const status = await readStatus(bucket);
    if ('delete' in q) return deleteObjects(ctx, bucket, status);
    if (ctx.method === 'POST') {
      // A browser (form) upload names its key inside the body, past where a version could be kept.
      return status ? notImplemented(ctx, 'POST Object (browser upload) to a versioned bucket') : next();
    }
    // DeleteBucket: S3 requires every version and delete marker gone first (s3rver checks only
    // current objects); the bucket's versioning goes with it.
    if ((await readIndexes(bucket)).size) return fail(ctx, 409, 'BucketNotEmpty', 'The bucket you tried to delete is not empty', { BucketName: bucket });
    await next();
    if (ctx.status < 300) await fs.rm(bucketDir(bucket), { recursive: true, force: true });
  }

  async function objectRequest(ctx, next, bucket, key) {
    const q = ctx.query;
    const subresource = SUBRESOURCES.find((s) => s in q);
    const read = ctx.method === 'GET' || ctx.method === 'HEAD';
    if ('versionId' in q) {
      if (refusedKey(ctx)) return;
      const versionId = String(q.versionId);
      if (!(await ctx.store.getBucket(bucket))) return noSuchBucket(ctx, bucket);
      if (!WELL_FORMED_VERSION_ID.test(versionId)) return invalidVersionId(ctx, versionId);
      if (!subresource && read) return getVersion(ctx, next, bucket, key, versionId);
      if (!subresource && ctx.method === 'DELETE') return answerDelete(ctx, await deleteVersion(ctx.store, bucket, key, versionId));
      // Another operation on a named version (?tagging, ?acl, ...): s3rver acts on the current
      // version, which is right only when that is the one named.
      const latest = (await readVersions(ctx.store, bucket, key))[0];
      if (latest?.id === versionId && !latest.deleteMarker) return next();
      return notImplemented(ctx, `?${subresource ?? ctx.method} on a noncurrent version`);
    }
    const isWrite = (ctx.method === 'PUT' && !subresource) || (ctx.method === 'POST' && subresource === 'uploadId');
    if (ctx.method === 'PUT' && !subresource && ctx.get('x-amz-copy-source')) {
      if (refusedKey(ctx)) return;
      if (await copySourceRefused(ctx)) return;
    }
    const status = await readStatus(bucket);
    if (!status) return next();
    if (isWrite) return write(ctx, next, bucket, key, status);
    if (ctx.method === 'DELETE' && !subresource) {
      if (refusedKey(ctx)) return;
      return answerDelete(ctx, await addDeleteMarker(ctx.store, bucket, key, status));
    }
    if (read && !subresource) {
      // GET/HEAD of the current version: S3 answers its version id; if the latest version is a
      // delete marker, 404 with x-amz-delete-marker: true (S3 behaves as if the object was deleted).
      const latest = (await readVersions(ctx.store, bucket, key))[0];
      if (latest?.deleteMarker) {
        if (refusedKey(ctx)) return;
        return fail(ctx, 404, 'NoSuchKey', 'The specified key does not exist.', { Key: key }, { 'x-amz-delete-marker': 'true', 'x-amz-version-id': latest.id });
      }
      if (latest) ctx.set('x-amz-version-id', latest.id);
    }
    return next();
  }

  return async (ctx, next) => {
    const [, bucket = '', ...rest] = ctx.path.split('/');
    if (!bucket) {
      await next();
      // ListBuckets: s3rver takes every directory for a bucket, this module's too.
      if (ctx.method === 'GET' && typeof ctx.body === 'string') {
        ctx.body = ctx.body.replace(/<Bucket>\s*<Name>\.versions<\/Name>[\s\S]*?<\/Bucket>/, '');
      }
      return;
    }
    if (bucket === VERSIONS_DIR) return noSuchBucket(ctx, bucket);
    if (!BUCKET_NAME.test(bucket)) return next();
    let key;
    try {
      key = rest.map(decodeURIComponent).join('/');
    } catch {
      return next(); // s3rver answers a malformed path as it does
    }
    return key ? objectRequest(ctx, next, bucket, key) : bucketRequest(ctx, next, bucket);
  };
}
