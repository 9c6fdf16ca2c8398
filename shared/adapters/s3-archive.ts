import { createHash } from 'node:crypto';
import { httpStatusOf } from '../errors';
import type { S3Objects } from '../aws/s3-objects';
import type { DocumentArchive } from '../ports';

/**
 * The archive bucket (infra/constructs/archive-store.ts, S3 Object Lock): each object written
 * once (If-None-Match: a 412 means it is kept already), with the Content-MD5 that S3 requires
 * of a PUT to a bucket with a default retention.
 */
export function s3Archive(s3: S3Objects): DocumentArchive {
  return {
    async keep(key, body) {
      try {
        const answer = await s3.send({
          method: 'PUT',
          key,
          body,
          headers: { 'content-type': 'application/json', 'content-md5': createHash('md5').update(body).digest('base64'), 'if-none-match': '*' },
        });
        answer.body.resume();
      } catch (e) {
        if (httpStatusOf(e) !== 412) throw e;
      }
    },
  };
}
