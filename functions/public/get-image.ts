import { GetObjectCommand } from '@aws-sdk/client-s3';
import * as z from 'zod';
import { s3 } from '../../shared/aws/s3';
import { env, loadConfig } from '../../shared/config';
import { httpStatusOf, NotFoundError } from '../../shared/errors';
import { httpHandler } from '../../shared/http/http-handler';

const config = loadConfig(z.object({ BUCKET_NAME: env.name }));
const client = s3();
const params = z.strictObject({
  achievementId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'not a valid id'),
  file: z.string().regex(/^[0-9a-f-]{36}\.(png|svg|jpg)$/, 'not an image name'),
});
const TYPES: Record<string, string> = { png: 'image/png', svg: 'image/svg+xml', jpg: 'image/jpeg' };

/**
 * GET /images/{achievementId}/{file}: a badge image, for verifiers, wallets and LinkedIn. Each
 * upload has a new name, so it is cached for a year. An SVG may carry script: the CSP and
 * nosniff keep it inert when opened directly.
 */
export const handler = httpHandler({ params }, async ({ params }) => {
  let bytes: Uint8Array;
  try {
    const object = await client.send(new GetObjectCommand({ Bucket: config.BUCKET_NAME, Key: `images/${params.achievementId}/${params.file}` }));
    bytes = await object.Body!.transformToByteArray();
  } catch (e) {
    if (httpStatusOf(e) === 404 || (e as Error).name === 'NoSuchKey') throw new NotFoundError('No such image.');
    throw e;
  }
  return {
    status: 200,
    body: Buffer.from(bytes).toString('base64'),
    raw: true,
    base64: true,
    headers: {
      'content-type': TYPES[params.file.split('.').pop()!]!,
      'cache-control': 'public, max-age=31536000, immutable',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      'x-content-type-options': 'nosniff',
      'access-control-allow-origin': '*',
    },
  };
});
