import QRCode from 'qrcode';
import * as z from '../../shared/zod';
import { memoize } from '../../shared/cache';
import { loadIssuer } from '../../shared/entities/issuer';
import { NotFoundError, PrivateCredentialError } from '../../shared/errors';
import { renderPrivatePage } from '../../shared/page/claim-page';
import { claimTextsFor } from '../../shared/page/claim-texts';
import { httpHandler, type HttpResult } from '../../shared/http/http-handler';
import { cloudFrontOrigin } from '../../shared/http/origin-check';
import { pageSettings } from '../../shared/page/page-settings';
import { renderNotFoundPage, renderVerificationPage } from '../../shared/page/verification-page';
import { publicIdPath, verificationDeps } from '../../shared/public-deps';
import { getCredentialDocument, negotiateFormat, type CredentialFormat } from '../../shared/use-cases/public-documents';
import { verificationCache, verifyIssuedCredential } from '../../shared/use-cases/verification';
import { loadSettings } from '../../shared/wiring/bindings';
import * as PUBLIC_FUNCTIONS from '../../shared/wiring/public';

const deps = verificationDeps(PUBLIC_FUNCTIONS.GetCredential);
const cache = verificationCache(deps);
// A page URL's QR code never changes.
const qrCode = memoize((url) => QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }), { ttlMs: Number.POSITIVE_INFINITY, max: 1000 });
const config = loadSettings(PUBLIC_FUNCTIONS.GetCredential);
const { branding, texts } = pageSettings(config);
// Each issuer's LinkedIn organization (its profile, set in the console); the deployment setting
// stays the default for an issuer without one. Read with the page (one GetItem, which the CDN's
// minute on the page amortizes), so a change shows on the next page rendered.
const linkedInOf = async (issuerId: string) => (await loadIssuer({ issuers: deps.issuers, defaultIssuer: deps.issuer }, issuerId))?.linkedInOrganizationId;

/** `?format=` for links that cannot set Accept (download the JSON); unknown parameters (utm_…) are ignored. */
const query = z.object({ format: z.optional(z.enum(['json', 'jsonld', 'jwt', 'html'])) });
const FORMATS: Record<string, CredentialFormat> = { json: 'ld+json', jsonld: 'ld+json', jwt: 'vc+jwt', html: 'html' };

const pageHeaders = (csp: string) => ({
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': csp,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  vary: 'Accept',
});

/**
 * GET /credentials/{id}: a person's browser gets the verification page (the status shown is
 * checked now, so it is cached for a minute only); a machine gets the signed credential,
 * whose bytes never change (an hour), or its VC-JWT form.
 */
export const handler = httpHandler({ origin: cloudFrontOrigin(PUBLIC_FUNCTIONS.GetCredential), params: publicIdPath, query }, async ({ params, query, headers }): Promise<HttpResult> => {
  const format = query.format ? FORMATS[query.format]! : negotiateFormat(headers.accept);
  if (format === 'html') {
    try {
      const { verification, credential, record } = await verifyIssuedCredential(deps, params.id, cache);
      const organizationId = (await linkedInOf(record.issuerId)) ?? branding.linkedInOrganizationId;
      const page = renderVerificationPage({
        credential,
        verification,
        revokedAt: record.revocation?.at,
        pageUrl: verification.credentialUrl,
        verificationUrl: `${verification.credentialUrl}/verification`,
        branding: { ...branding, linkedInOrganizationId: organizationId },
        texts,
        qrSvg: await qrCode(verification.credentialUrl),
        // Replaced (the learner took their name off, say): the page says so, links the current one, shows no name.
        supersededBy: verification.supersededBy,
      });
      return { status: 200, raw: true, body: page.html, headers: { ...pageHeaders(page.contentSecurityPolicy), 'cache-control': 'public, max-age=60' } };
    } catch (e) {
      if (e instanceof PrivateCredentialError) {
        // The edge keeps it a minute (and is invalidated when the learner changes their mind);
        // browsers ask again every time, so making it public again shows at once.
        const page = renderPrivatePage({ texts: claimTextsFor(undefined, config.PAGE_LANGUAGE), branding, verifyUrl: `${deps.publicBaseUrl.replace(/\/?$/, '/')}verify` });
        return { status: 403, raw: true, body: page.html, headers: { ...page.headers, 'cache-control': 'public, max-age=0, s-maxage=60', vary: 'Accept' } };
      }
      if (!(e instanceof NotFoundError)) throw e;
      const page = renderNotFoundPage(texts, branding);
      return { status: 404, raw: true, body: page.html, headers: { ...pageHeaders(page.contentSecurityPolicy), 'cache-control': 'public, max-age=60' } };
    }
  }
  return {
    status: 200,
    raw: true,
    body: await getCredentialDocument(deps, params.id, format),
    // The signed document never changes; its status is checked separately. Caches key on Accept.
    headers: {
      'content-type': format === 'vc+jwt' ? 'application/vc+jwt' : 'application/ld+json',
      'cache-control': 'public, max-age=3600',
      vary: 'Accept',
      'access-control-allow-origin': '*',
      ...(query.format === 'json' || query.format === 'jsonld' ? { 'content-disposition': `attachment; filename="credential-${params.id}.json"` } : {}),
    },
  };
});
