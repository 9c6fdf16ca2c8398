/**
 * How long the CDN may keep each kind of public document, in seconds (it honours the origin's
 * Cache-Control up to these caps). This is the revocation bound the README documents: a
 * revocation shows on the page and in verification results within 1 minute, in the status list
 * other verifiers fetch within 5, and a key reported compromised within 5.
 */
export const CDN_MAX_TTL_SECONDS = {
  statusLists: 300,
  keys: 300,
  verification: 60,
  credentials: 86_400,
} as const;

/** Which cap applies to a path, in the order CloudFront matches its behaviours. */
export function cdnCapFor(path: string): number | undefined {
  if (path === '/verify') return undefined; // never cached
  if (path === '/claim' || path.startsWith('/claim/') || path.startsWith('/wallet/')) return undefined; // the learner's: never cached
  if (path.startsWith('/oid4vci/') || path.startsWith('/.well-known/')) return undefined; // OpenID4VCI: never cached (public-cdn.ts)
  if (/^\/credentials\/[^/]+\/verification$/.test(path)) return CDN_MAX_TTL_SECONDS.verification;
  if (path.startsWith('/credentials/')) return CDN_MAX_TTL_SECONDS.credentials;
  if (path.startsWith('/status/')) return CDN_MAX_TTL_SECONDS.statusLists;
  if (path.startsWith('/images/')) return 365 * 86_400;
  if (path.startsWith('/directory/')) return undefined; // the public directory: never cached at the edge (an opt-out shows at once)
  return CDN_MAX_TTL_SECONDS.keys;
}
