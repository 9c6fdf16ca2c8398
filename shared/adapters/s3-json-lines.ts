import { PassThrough } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { JsonLinesFiles } from '../ports';

/** The JsonLinesFiles port on one S3 bucket: a multipart upload, so memory holds one part whatever the file's length. */
export function s3JsonLines(s3: Pick<S3Client, 'send'>, bucket: string): JsonLinesFiles {
  return {
    writer(key) {
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
