import { laurelSuspensionLists, verifyCredential, type KeyResolver, type VerificationResult } from '../credentials/verify';
import type { StatusPurpose } from '../credentials/status-list';
import type { StatusListRepository } from '../entities/status-list';
import { issuerProfileDocument, keyDocument, publicUrls } from '../issuer';
import { loadIssuer } from '../entities/issuer';
import { getCredentialDocument, refuseIfPrivate, type PublicDeps } from './public-documents';
import type { CredentialRecord } from '../entities/credential';
import { NotFoundError } from '../errors';
import { memoize } from '../cache';
import type { Clock } from '../clock';
import { supersessionOf, type Supersession } from './supersession';

/**
 * Verification of the credentials this deployment issued, at the public API: the same checks as
 * any verifier (proof, key, controller, validity, status), but keys, issuer profiles and status
 * lists are read from the table — exactly what their public URLs serve — instead of over HTTP.
 * A reference to anything not published here fails its check: verification never fails open.
 */
export interface VerificationDeps extends PublicDeps {
  lists: Pick<StatusListRepository, 'get'>;
  clock: Clock;
}

/**
 * How long a key or an issuer's authorized keys are reused within one execution environment: a
 * key reported compromised shows on the page within this (and within the page's own minute of
 * caching anywhere). Status lists are always read fresh: a revocation shows at once here.
 */
export const KEY_CACHE_MS = 30_000;

export function storeResolver(deps: Pick<VerificationDeps, 'keys' | 'issuers' | 'lists' | 'publicBaseUrl' | 'issuer'>): KeyResolver {
  const base = deps.publicBaseUrl.endsWith('/') ? deps.publicBaseUrl : `${deps.publicBaseUrl}/`;
  const urls = publicUrls(base);
  const ours = (url: string, pattern: RegExp) => {
    const path = url.split('#')[0]!;
    const m = path.startsWith(base) ? pattern.exec(path.slice(base.length)) : null;
    if (!m) throw new Error(`${path} is not published by this deployment`);
    return m;
  };
  const keyRef = (url: string) => ours(url, /^issuers\/([a-z0-9-]+)\/keys\/([A-Za-z0-9-]+)$/) as unknown as [string, string, string];
  const resolver: KeyResolver = {
    async resolveKey(url) {
      const [, issuerId, keyId] = keyRef(url);
      const key = await deps.keys.get(issuerId, keyId);
      if (!key || key.algorithm !== 'Ed25519') throw new Error(`no Ed25519 key at ${url}`);
      const { id, controller, publicKeyMultibase, revoked } = keyDocument(urls, key);
      return { id, controller, publicKeyMultibase, ...(revoked ? { revoked } : {}) };
    },
    async resolveAssertionMethods(controllerUrl) {
      const [, issuerId] = ours(controllerUrl, /^issuers\/([a-z0-9-]+)$/) as unknown as [string, string];
      const issuer = await loadIssuer({ issuers: deps.issuers, defaultIssuer: deps.issuer }, issuerId);
      if (!issuer) throw new Error(`no issuer at ${controllerUrl}`);
      return issuerProfileDocument(urls, issuer, await deps.keys.list(issuerId)).assertionMethod;
    },
    async resolveJwk(kid) {
      const [, issuerId, keyId] = keyRef(kid);
      const key = await deps.keys.get(issuerId, keyId);
      if (!key?.publicKeyJwk) throw new Error(`no JWT key at ${kid}`);
      return { jwk: key.publicKeyJwk, controller: urls.issuer(issuerId), ...(key.compromise ? { revoked: key.compromise.from } : {}) };
    },
    async resolveStatusList(url) {
      const [, issuerId, purpose, listNo] = ours(url, /^status\/([a-z0-9-]+)\/(revocation|suspension)\/(\d+)$/) as unknown as [string, string, StatusPurpose, string];
      const list = await deps.lists.get(issuerId, purpose, Number(listNo));
      if (!list) throw new Error(`no status list at ${url}`);
      return JSON.parse(list.document) as unknown;
    },
  };
  return resolver;
}

/** The store resolver with keys and issuer profiles reused for KEY_CACHE_MS; status lists always fresh. */
export function cachedStoreResolver(deps: Pick<VerificationDeps, 'keys' | 'issuers' | 'lists' | 'publicBaseUrl' | 'issuer'>): KeyResolver {
  const inner = storeResolver(deps);
  const keys = memoize((url) => inner.resolveKey(url), { ttlMs: KEY_CACHE_MS, max: 500 });
  const controllers = memoize((url) => inner.resolveAssertionMethods(url), { ttlMs: KEY_CACHE_MS, max: 100 });
  const jwks = memoize((kid) => inner.resolveJwk!(kid), { ttlMs: KEY_CACHE_MS, max: 100 });
  return { resolveKey: keys, resolveAssertionMethods: controllers, resolveJwk: jwks, resolveStatusList: (url) => inner.resolveStatusList(url) };
}

export interface CredentialVerification extends VerificationResult {
  credentialId: string;
  credentialUrl: string;
  /** Replaced by a corrected, extended or renewed credential: when, and the current one. The status is unchanged by it. */
  supersededBy?: Supersession;
}

/**
 * Verifies a stored credential as it is published (its exact stored bytes). Pass a `cache` (one
 * per execution environment) to reuse the immutable signed documents and, briefly, keys.
 */
export function verificationCache(deps: VerificationDeps) {
  return {
    // A signed credential never changes once stored: its bytes can be kept for good.
    document: memoize((id) => getCredentialDocument(deps, id), { ttlMs: Number.POSITIVE_INFINITY, max: 1000 }),
    resolver: cachedStoreResolver(deps),
  };
}

export async function verifyIssuedCredential(
  deps: VerificationDeps,
  credentialId: string,
  cache?: ReturnType<typeof verificationCache>,
): Promise<{ verification: CredentialVerification; credential: Record<string, unknown>; record: CredentialRecord }> {
  // Read every time (the document is cached, the holder's choice must not be): private is refused.
  const record = await deps.credentials.get(credentialId);
  if (!record) throw new NotFoundError(`No credential with id '${credentialId}'.`);
  refuseIfPrivate(record);
  const document = await (cache ? cache.document(credentialId) : getCredentialDocument(deps, credentialId));
  const credential = JSON.parse(document) as Record<string, unknown>;
  const result = await verifyCredential(credential, {
    resolver: cache?.resolver ?? storeResolver(deps),
    suspensionListFor: laurelSuspensionLists(deps.publicBaseUrl),
    now: deps.clock.now(),
  });
  const supersededBy = supersessionOf(record, deps.publicBaseUrl);
  const verification = { credentialId, credentialUrl: publicUrls(deps.publicBaseUrl).credential(credentialId), ...result, ...(supersededBy ? { supersededBy } : {}) };
  return { verification, credential, record };
}
