import type { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { httpStatusOf } from '../errors';
import type { Artifacts } from '../ports';

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
    async replace(key, body, { contentType }) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
    },
    async sizeOf(key) {
      try {
        return (await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ContentLength;
      } catch (e) {
        if (missing(e)) return undefined;
        throw e;
      }
    },
  };
}
