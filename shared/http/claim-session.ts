import { ForbiddenError, UnauthorizedError } from '../errors';
import { TOKEN_PATTERN } from '../entities/claim-link';

/**
 * The claim page's session: after the first stop trades the link's token for it, the token
 * rides in a cookie that script cannot read (HttpOnly), that travels only over https (Secure),
 * only to the claim pages (Path), and never on a request another site starts (SameSite=Strict,
 * which with the Origin check below stops cross-site form posts). It lasts an hour; the
 * learner's link opens a new one until the link itself expires.
 */
export const CLAIM_COOKIE = 'laurel_claim';
const SESSION_SECONDS = 3600;

export const claimCookie = (token: string, pathPrefix: string) =>
  `${CLAIM_COOKIE}=${token}; Path=${pathPrefix}claim; Max-Age=${SESSION_SECONDS}; HttpOnly; Secure; SameSite=Strict`;

/** The path the public base URL serves from ("/" or "/prod/"), which the cookie's Path starts with. */
export const basePath = (publicBaseUrl: string) => {
  const path = new URL(publicBaseUrl).pathname;
  return path.endsWith('/') ? path : `${path}/`;
};

/** The session's token from the request's cookies (API Gateway joins them into `cookies`), or undefined. */
export function claimTokenOf(event: { cookies?: string[]; headers?: Record<string, string | undefined> }): string | undefined {
  const all = [...(event.cookies ?? []), ...(event.headers?.cookie ?? '').split(';')].slice(0, 50);
  for (const c of all) {
    const [name, value = ''] = c.trim().split('=', 2);
    if (name === CLAIM_COOKIE && TOKEN_PATTERN.test(value)) return value;
  }
  return undefined;
}

export function requireClaimToken(event: Parameters<typeof claimTokenOf>[0]): string {
  const token = claimTokenOf(event);
  if (!token) throw new UnauthorizedError('Open the private link from your email again: this page needs it.');
  return token;
}

/**
 * A state-changing request must come from one of our pages. A browser says where a request
 * comes from in Sec-Fetch-Site, which no page can set: it must be same-origin. (Its Origin header
 * is no help on the claim pages: with Referrer-Policy no-referrer, Chromium sends `Origin: null`
 * on their form posts.) A browser too old for Fetch Metadata names the page's origin in Origin on
 * a cross-site post; a client that sends neither is not a browser, and SameSite=Strict already
 * kept the cookie from any cross-site request.
 */
export function requireSameOrigin(headers: Record<string, string | undefined>, publicBaseUrl: string): void {
  const site = headers['sec-fetch-site'];
  const origin = headers.origin;
  const ok = site !== undefined ? site === 'same-origin' : origin === undefined || origin === new URL(publicBaseUrl).origin;
  if (!ok) throw new ForbiddenError('This request did not come from your claim page.');
}
