import { httpHandler } from '../../shared/http/http-handler';
import { cloudFrontOrigin } from '../../shared/http/origin-check';
import { presentedDeps } from '../../shared/presented-deps';
import { readPresented, verifyPresented } from '../../shared/use-cases/verify-presented';
import * as PUBLIC_FUNCTIONS from '../../shared/wiring/public';

const deps = presentedDeps(PUBLIC_FUNCTIONS.VerifyCredential);

/**
 * POST /verify: verify a credential someone was handed — JSON-LD, a VC-JWT, or a baked PNG/SVG
 * badge (as the body or a multipart upload) — from this deployment or any Open Badges 3.0
 * issuer. The answer is a verification result (200, whatever the status); only input that is
 * not a credential at all is a 4xx.
 */
export const handler = httpHandler({ origin: cloudFrontOrigin(PUBLIC_FUNCTIONS.VerifyCredential) }, async ({ event, headers }) => {
  const raw = event.body ?? '';
  const body = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  const result = await verifyPresented(deps, await readPresented(body, headers['content-type']));
  // Status is checked live: a result must not be reused by any cache.
  return { status: 200, body: result, headers: { 'cache-control': 'no-store', 'access-control-allow-origin': '*' } };
});
