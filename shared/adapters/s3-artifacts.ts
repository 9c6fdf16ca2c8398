import { PassThrough, type Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { httpStatusOf } from '../errors';
import type { Artifacts } from '../issuing/ports';

const missing = (e: unknown) => (e as { name?: string }).name === 'NoSuchKey' || httpStatusOf(e) === 404;

/** The Artifacts port on one S3 bucket. */
export function s3Artifacts(s3: Pick<S3Client, 'send'>, bucket: string): Artifacts {
  const get = async (key: string) => {
    try {
      return await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    } catch (e) {
      if (missing(e)) return undefined;
      throw e;
    }
  };
  return {
    async createOnly(key, body, { contentType, metadata }) {
      try {
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType, IfNoneMatch: '*', ...(metadata ? { Metadata: metadata } : {}) }));
        return 'created';
      } catch (e) {
        // 412: something is there. (The local stand-in enforces it too: local/s3-conditional-writes.mjs.)
        if (httpStatusOf(e) === 412) return 'exists';
        throw e;
      }
    },
    async read(key) {
      const object = await get(key);
      return object ? { body: await object.Body!.transformToString(), metadata: object.Metadata ?? {} } : undefined;
    },
    async readBytes(key) {
      const object = await get(key);
      return object ? await object.Body!.transformToByteArray() : undefined;
    },
    async openStream(key) {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return object.Body as Readable;
    },
    lineWriter(key) {
      // Multipart underneath: memory holds a part, whatever the file's length.
      const stream = new PassThrough();
      const upload = new Upload({ client: s3 as never, params: { Bucket: bucket, Key: key, Body: stream, ContentType: 'application/x-ndjson' }, queueSize: 2, partSize: 5 * 1024 * 1024 });
      const done = upload.done();
      done.catch(() => undefined); // awaited in close(); never an unhandled rejection meanwhile
      return {
        async write(value) {
          if (!stream.write(`${JSON.stringify(value)}\n`)) await new Promise((r) => stream.once('drain', r));
        },
        async close() {
          stream.end();
          await done;
        },
      };
    },
  };
}
