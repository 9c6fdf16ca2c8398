import type { Readable } from 'node:stream';
import { httpStatusOf } from '../errors';
import type { Artifacts } from '../ports';
import { readAll, type S3Objects } from '../aws/s3-objects';

const META = 'x-amz-meta-';
/** S3Objects answers a missing key 404, whatever S3 answered (a 403 is settled by listing: s3-objects.ts). */
const missing = (e: unknown) => httpStatusOf(e) === 404;

/** The object's user metadata, as the S3 client returns it: names in lower case, without the prefix. */
const metadataOf = (headers: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(headers).flatMap(([name, value]) => (name.startsWith(META) && value !== undefined ? [[name.slice(META.length), value]] : [])));

/** The Artifacts port on one S3 bucket. */
export function s3Artifacts(s3: S3Objects): Artifacts {
  const get = async (key: string) => {
    try {
      return await s3.send({ method: 'GET', key });
    } catch (e) {
      if (missing(e)) return undefined;
      throw e;
    }
  };
  const put = async (key: string, body: string, headers: Record<string, string>) => (await s3.send({ method: 'PUT', key, body, headers })).body.resume();
  return {
    async createOnly(key, body, { contentType, metadata }) {
      const meta = Object.fromEntries(Object.entries(metadata ?? {}).map(([name, value]) => [`${META}${name.toLowerCase()}`, value]));
      try {
        await put(key, body, { 'content-type': contentType, 'if-none-match': '*', ...meta });
        return 'created';
      } catch (e) {
        // 412: something is there. (The local stand-in enforces it too: local/s3-conditional-writes.mjs.)
        if (httpStatusOf(e) === 412) return 'exists';
        throw e;
      }
    },
    async read(key) {
      const object = await get(key);
      return object ? { body: (await readAll(object.body)).toString('utf8'), metadata: metadataOf(object.headers) } : undefined;
    },
    async readBytes(key) {
      const object = await get(key);
      return object ? new Uint8Array(await readAll(object.body)) : undefined;
    },
    async openStream(key): Promise<Readable> {
      return (await s3.send({ method: 'GET', key })).body;
    },
    async replace(key, body, { contentType }) {
      await put(key, body, { 'content-type': contentType });
    },
    async sizeOf(key) {
      try {
        const head = await s3.send({ method: 'HEAD', key });
        head.body.resume();
        const length = head.headers['content-length'];
        return length === undefined ? undefined : Number(length);
      } catch (e) {
        if (missing(e)) return undefined;
        throw e;
      }
    },
  };
}
