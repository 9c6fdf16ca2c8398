import * as z from '../../shared/zod';
import { NotFoundError } from '../../shared/errors';
import { httpHandler, type HttpResult } from '../../shared/http/http-handler';
import { cloudFrontOrigin } from '../../shared/http/origin-check';
import { publicUrls } from '../../shared/issuer';
import { directoryDeps } from '../../shared/public-deps';
import { renderDirectoryPage, renderNoDirectoryPage } from '../../shared/page/directory-page';
import { pageSettings } from '../../shared/page/page-settings';
import { negotiateFormat } from '../../shared/use-cases/public-documents';
import { readDirectory } from '../../shared/use-cases/directory';
import { loadSettings } from '../../shared/wiring/bindings';
import * as PUBLIC_FUNCTIONS from '../../shared/wiring/public';

const config = loadSettings(PUBLIC_FUNCTIONS.GetDirectory);
const deps = directoryDeps(config);
const { branding, texts } = pageSettings(config);

const path = z.strictObject({ issuerId: z.string().check(z.regex(/^[a-z0-9-]{1,64}$/, 'not a valid issuer id')) });
/** A search term: at most 100 characters (an empty field of the GET form is no term). */
const term = () => z.optional(z.string().check(z.maxLength(100, 'at most 100 characters')));
/** Unknown parameters (utm_…) are ignored, as on the credential's page. */
const query = z.object({
  q: term(),
  achievement: term(),
  skill: term(),
  cursor: z.optional(z.string().check(z.maxLength(1024, 'not a cursor this directory handed out'), z.regex(/^[A-Za-z0-9_-]*$/, 'not a cursor this directory handed out'))),
});

const noneIfBlank = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);

/**
 * GET /directory/{issuerId}: the issuer's public directory — a page for people, JSON for
 * machines (Accept: application/json). Not cached at the edge (public-cdn.ts sends /directory/*
 * uncached) nor in browsers, so an opt-out shows at once. Not indexed by search engines unless the issuer allows it.
 */
export const handler = httpHandler({ origin: cloudFrontOrigin(PUBLIC_FUNCTIONS.GetDirectory), params: path, query }, async ({ params, query, headers }): Promise<HttpResult> => {
  const html = negotiateFormat(headers.accept) === 'html';
  const pageUrl = publicUrls(deps.publicBaseUrl).directory(params.issuerId);
  try {
    const page = await readDirectory(deps, params.issuerId, {
      name: noneIfBlank(query.q),
      achievement: noneIfBlank(query.achievement),
      skill: noneIfBlank(query.skill),
      cursor: noneIfBlank(query.cursor),
    });
    // Browsers ask again every time, so someone who opted out is gone from the next look; s-maxage
    // matters only to a shared cache in between (CloudFront does not cache /directory/*).
    const common: Record<string, string> = { 'cache-control': 'public, max-age=0, s-maxage=60', vary: 'Accept' };
    if (!page.searchEngines) common['x-robots-tag'] = 'noindex';
    if (!html) return { status: 200, body: page, headers: { ...common, 'access-control-allow-origin': '*' } };
    const rendered = renderDirectoryPage({ page, texts, branding, pageUrl });
    return {
      status: 200,
      raw: true,
      body: rendered.html,
      headers: { ...common, 'content-type': 'text/html; charset=utf-8', 'content-security-policy': rendered.contentSecurityPolicy, 'x-content-type-options': 'nosniff', 'referrer-policy': 'strict-origin-when-cross-origin' },
    };
  } catch (e) {
    // A person gets a page saying there is no directory; a machine the problem+json 404.
    if (!(e instanceof NotFoundError) || !html) throw e;
    const rendered = renderNoDirectoryPage(texts, branding);
    return {
      status: 404,
      raw: true,
      body: rendered.html,
      headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': rendered.contentSecurityPolicy, 'x-content-type-options': 'nosniff', 'cache-control': 'public, max-age=0, s-maxage=60', vary: 'Accept', 'x-robots-tag': 'noindex' },
    };
  }
});
