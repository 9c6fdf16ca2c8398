import * as z from '../zod';
import { bucket, env, originSecret, setting, table, wiring } from './bindings';
import { issuer, presented, publicDocuments } from './variables';

/**
 * The public API's functions (infra/constructs/public-api.ts), one export each, named as the
 * construct: the verification class. Read-only, every one, and only what verification reads
 * (table('readPublished'): credentials, issuers, keys and status lists, never a Scan); no KMS.
 *
 * Each reads the origin secret too when CloudFront is in front (shared/http/origin-check.ts):
 * optional, because without the CDN nothing sends it (laurel:cdn false, the local cloud); with
 * it, the public API provides it to every one of them (test/infra/template.test.ts checks).
 */
const fromCdn = () => ({ ORIGIN_SECRET_ARN: originSecret('read').optional() });

/** A badge image, from the bucket alone. */
export const GetImage = /* @__PURE__ */ wiring('functions/public/get-image.ts', () => ({ BUCKET_NAME: bucket('readImages'), ...fromCdn() }));
/** The credential, or its verification page (branded: BRAND_*, LINKEDIN_ORGANIZATION_ID, PAGE_LANGUAGE, a file in shared/page/texts/). */
export const GetCredential = /* @__PURE__ */ wiring('functions/public/get-credential.ts', () => ({
  ...publicDocuments(),
  BUCKET_NAME: bucket('readCredentials'),
  BRAND_COLOR: setting(z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/))),
  BRAND_LOGO_URL: setting(z.optional(env.url)),
  LINKEDIN_ORGANIZATION_ID: setting(z.optional(z.string())),
  PAGE_LANGUAGE: setting(env.name),
  ...fromCdn(),
}));
export const GetVerification = /* @__PURE__ */ wiring('functions/public/get-verification.ts', () => ({ ...publicDocuments(), BUCKET_NAME: bucket('readCredentials'), ...fromCdn() }));
export const GetIssuer = /* @__PURE__ */ wiring('functions/public/get-issuer.ts', () => ({ ...publicDocuments(), ...fromCdn() }));
export const GetIssuerKey = /* @__PURE__ */ wiring('functions/public/get-issuer-key.ts', () => ({ ...publicDocuments(), ...fromCdn() }));
export const GetStatusList = /* @__PURE__ */ wiring('functions/public/get-status-list.ts', () => ({ TABLE_NAME: table('readPublished'), ...fromCdn() }));
/** The render method's certificate template: the deployment's name and colour, nothing read. */
export const GetRenderTemplate = /* @__PURE__ */ wiring('functions/public/get-render-template.ts', () => ({
  INSTITUTION_NAME: setting(env.name),
  BRAND_COLOR: setting(z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/))),
  ...fromCdn(),
}));
/**
 * GET /directory/{issuerId}: the issuer's public directory (infra/constructs/public-directory.ts),
 * branded as the verification page. Reads directory entries, the credential records it re-checks
 * and the issuer's settings, nothing else (table('readDirectory')); no bucket, no KMS.
 */
export const GetDirectory = /* @__PURE__ */ wiring('functions/public/get-directory.ts', () => ({
  TABLE_NAME: table('readDirectory'),
  ...issuer(),
  BRAND_COLOR: setting(z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/))),
  BRAND_LOGO_URL: setting(z.optional(env.url)),
  PAGE_LANGUAGE: setting(env.name),
  ...fromCdn(),
}));
/** POST /verify: ours from the table, everyone else's over https (locally, through the internet stand-in). */
export const VerifyCredential = /* @__PURE__ */ wiring('functions/public/verify-credential.ts', () => ({ ...presented(), ...fromCdn() }));
/** The $default route of both APIs: reads nothing but the origin secret, which only the public API's is given (the admin API has no CDN). */
export const RouteNotFound = /* @__PURE__ */ wiring('functions/public/route-not-found.ts', fromCdn);
