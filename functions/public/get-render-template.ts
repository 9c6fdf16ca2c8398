import * as z from '../../shared/zod';
import { httpHandler } from '../../shared/http/http-handler';
import { cloudFrontOrigin } from '../../shared/http/origin-check';
import { certificateTemplateSvg } from '../../shared/page/certificate-template';
import { loadSettings } from '../../shared/wiring/bindings';
import * as PUBLIC_FUNCTIONS from '../../shared/wiring/public';

const config = loadSettings(PUBLIC_FUNCTIONS.GetRenderTemplate);
const template = certificateTemplateSvg({ institutionName: config.INSTITUTION_NAME, primaryColor: config.BRAND_COLOR });
const params = z.object({ template: z.literal('certificate.svg', 'the only template is certificate.svg') });

/** GET /render/certificate.svg: the SVG template every credential's renderMethod names (wallets fill it in). */
export const handler = httpHandler({ origin: cloudFrontOrigin(PUBLIC_FUNCTIONS.GetRenderTemplate), params }, async () => ({
  status: 200,
  raw: true,
  body: template,
  headers: { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'public, max-age=3600', 'access-control-allow-origin': '*', 'x-content-type-options': 'nosniff' },
}));
