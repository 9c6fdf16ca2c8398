// Conditional writes for s3rver, which ignores If-None-Match and If-Match on PUT (S3 has honoured
// both since 2024): without them the local cloud would let a second writer overwrite an object
// that code relies on S3 to protect. A Koa middleware placed first in s3rver's stack: per object
// key, the check and the write run one at a time, so two conditional writers cannot both pass.
//
// As S3 answers: If-None-Match: * on an existing object → 412 PreconditionFailed; If-Match on a
// missing object → 404 NoSuchKey, on another ETag → 412. Only PutObject (not copies or parts).

/**
 * One operation at a time per id: `withLock(id, fn)` runs fn after the previous one for that id
 * settles. Each middleware makes its own (s3-versions.mjs runs inside this one's lock: one shared
 * set of locks would have it wait for itself).
 */
export function keyLocks() {
  const locks = new Map();
  return function withLock(id, fn) {
    const previous = locks.get(id) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const tail = run.catch(() => undefined);
    locks.set(id, tail);
    void tail.then(() => {
      if (locks.get(id) === tail) locks.delete(id);
    });
    return run;
  };
}

const withLock = keyLocks();

const errorXml = (code, message, extra = '') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>${extra}<RequestId>local</RequestId></Error>`;

export function conditionalWrites() {
  return async (ctx, next) => {
    const noneMatch = ctx.get('if-none-match');
    const match = ctx.get('if-match');
    const [, bucket, ...rest] = ctx.path.split('/');
    const key = rest.map(decodeURIComponent).join('/');
    const isPutObject = ctx.method === 'PUT' && bucket && key && !ctx.get('x-amz-copy-source') && !('partNumber' in ctx.query) && !('uploadId' in ctx.query);
    if (!isPutObject || (!noneMatch && !match)) return next();
    return withLock(`${bucket}/${key}`, async () => {
      const metadata = await ctx.store.getMetadata(bucket, key).catch((e) => {
        if (e.code === 'ENOENT') return undefined;
        throw e;
      });
      const fail = (status, code, message, condition) => {
        ctx.req.resume(); // drain the body the client is sending
        ctx.status = status;
        ctx.type = 'application/xml';
        ctx.body = errorXml(code, message, condition ? `<Condition>${condition}</Condition>` : `<Key>${key}</Key>`);
      };
      if (noneMatch && metadata && (noneMatch === '*' || noneMatch === metadata.etag)) {
        return fail(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 'If-None-Match');
      }
      if (match && !metadata) return fail(404, 'NoSuchKey', 'The specified key does not exist.');
      if (match && match !== '*' && match !== metadata.etag) {
        return fail(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 'If-Match');
      }
      return next();
    });
  };
}
