import * as z from '../../shared/zod';
import { s3Objects } from '../../shared/aws/s3-objects';
import { s3Artifacts } from '../../shared/adapters/s3-artifacts';
import { getBadgeImage } from '../../shared/use-cases/public-documents';
import { httpHandler } from '../../shared/http/http-handler';
import { cloudFrontOrigin } from '../../shared/http/origin-check';
import { loadSettings } from '../../shared/wiring/bindings';
import * as PUBLIC_FUNCTIONS from '../../shared/wiring/public';

const config = loadSettings(PUBLIC_FUNCTIONS.GetImage);
const deps = { artifacts: s3Artifacts(s3Objects(config.BUCKET_NAME)) };
const params = z.strictObject({
  achievementId: z.string().check(z.regex(/^[A-Za-z0-9-]{1,64}$/, 'not a valid id')),
  file: z.string().check(z.regex(/^[0-9a-f-]{36}\.(png|svg|jpg)$/, 'not an image name')),
});
const TYPES: Record<string, string> = { png: 'image/png', svg: 'image/svg+xml', jpg: 'image/jpeg' };

/**
 * GET /images/{achievementId}/{file}: a badge image, for verifiers, wallets and LinkedIn. Each
 * upload has a new name, so it is cached for a year. An SVG may carry script: the CSP and
 * nosniff keep it inert when opened directly.
 */
export const handler = httpHandler({ origin: cloudFrontOrigin(PUBLIC_FUNCTIONS.GetImage), params }, async ({ params }) => {
  const bytes = await getBadgeImage(deps, params.achievementId, params.file);
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
