import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as z from '../../shared/zod';
import { resvgRasterizer } from '../../shared/certificate/baked-badge';
import { loadCertificateFonts } from '../../shared/certificate/pdf-certificate';
import { httpHandler } from '../../shared/http/http-handler';
import { requireClaimToken } from '../../shared/http/claim-session';
import { cloudFrontOrigin } from '../../shared/http/origin-check';
import { claimReads, learnerPages, refusalPage } from '../../shared/learner-deps';
import { CLAIM_DOWNLOADS, claimDownload } from '../../shared/use-cases/claim-downloads';
import { openClaim } from '../../shared/use-cases/learner-claims';
import { loadSettings } from '../../shared/wiring/bindings';
import * as LEARNER_FUNCTIONS from '../../shared/wiring/learner';

const config = loadSettings(LEARNER_FUNCTIONS.DownloadClaimedCredential);
const pages = learnerPages(config);
/**
 * In Lambda the bundle has the fonts folder and resvg's .wasm copied beside it (LaurelFunction
 * `assets`); run from the sources, each module finds its own.
 */
const beside = (name: string) => fileURLToPath(new URL(`./${name}`, import.meta.url));
const bundled = existsSync(beside('index_bg.wasm'));
let fonts: ReturnType<typeof loadCertificateFonts> | undefined;
let rasterizer: ReturnType<typeof resvgRasterizer> | undefined;
const deps = {
  ...claimReads(config),
  fonts: () => (fonts ??= loadCertificateFonts(...(bundled ? [beside('fonts/')] : []))),
  rasterizer: () => (rasterizer ??= resvgRasterizer(bundled ? { wasmPath: beside('index_bg.wasm'), fontsDirectory: beside('fonts/') } : {})),
  settings: { publicBaseUrl: config.PUBLIC_BASE_URL, brandColor: config.BRAND_COLOR },
};
const params = z.object({ file: z.enum(CLAIM_DOWNLOADS) });

/** GET /claim/credential/download/{file}: the claim page's downloads, for the session's credential alone. */
export const handler = httpHandler({ origin: cloudFrontOrigin(LEARNER_FUNCTIONS.DownloadClaimedCredential), params }, async ({ params, headers, event }) => {
  try {
    const claim = await openClaim(deps, requireClaimToken(event));
    const file = await claimDownload(deps, claim, params.file, pages.textsFor(headers['accept-language']));
    const text = typeof file.bytes === 'string';
    return {
      status: 200,
      raw: true,
      body: text ? file.bytes : Buffer.from(file.bytes).toString('base64'),
      ...(text ? {} : { base64: true }),
      headers: { 'content-type': file.contentType, 'content-disposition': `attachment; filename="${file.fileName}"`, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
    };
  } catch (e) {
    return refusalPage(pages, headers['accept-language'], e);
  }
});
