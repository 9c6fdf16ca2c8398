import type { Readable } from 'node:stream';
import { httpStatusOf } from '../errors';
import type { Artifacts } from '../ports';
import { readAll, type S3Objects } from '../aws/s3-objects';

const META = 'x-amz-meta-';
const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (s: string) => s.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => XML_ENTITIES[name]!);
/** A listing of one key is one short document. */
const MAX_LISTING_BYTES = 64 * 1024;

/** The object's user metadata, as the S3 client returns it: names in lower case, without the prefix. */
const metadataOf = (headers: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(headers).flatMap(([name, value]) => (name.startsWith(META) && value !== undefined ? [[name.slice(META.length), value]] : [])));

/** The Artifacts port on one S3 bucket. */
export function s3Artifacts(s3: S3Objects): Artifacts {
  /** Whether a listing of the bucket under `key` names it. */
  const listed = async (key: string) => {
    const listing = await s3.send({ method: 'GET', key: '', query: { 'list-type': '2', prefix: key, 'max-keys': '1' } });
    const xml = (await readAll(listing.body, MAX_LISTING_BYTES)).toString('utf8');
    return [...xml.matchAll(/<Key>([^<]*)<\/Key>/g)].some((m) => unescapeXml(m[1]!) === key);
  };
  /**
   * Whether a failed read means "nothing there". S3 answers 404 for a missing key only to a
   * role allowed to list the bucket, and 403 otherwise. Functions may list only their own
   * prefixes (s3:prefix condition), and whether S3 counts that for a GET's answer is for a real
   * account to show: so a 403 is settled by listing the key itself, which that condition
   * allows. A 403 on a key that is there, or a listing refused too, stays an error.
   */
  const absent = async (e: unknown, key: string) => {
    const status = httpStatusOf(e);
    if (status === 404) return true;
    return status === 403 && !(await listed(key).catch(() => true));
  };
  const get = async (key: string) => {
    try {
      return await s3.send({ method: 'GET', key });
    } catch (e) {
      if (await absent(e, key)) return undefined;
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
        if (await absent(e, key)) return undefined;
        throw e;
      }
    },
  };
}
