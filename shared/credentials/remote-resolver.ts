import type { JsonWebKey } from 'node:crypto';
import * as z from '../zod';
import { built } from '../built';
import { memoize } from '../cache';
import { FETCHED_DOCUMENT_BOUNDS, JsonBoundsError, parseBoundedJson } from './bounded-json';
import type { OutboundFetch } from '../http/outbound';
import { publicKeyFromMultikey } from './multikey';
import type { KeyResolver, ResolvedKey } from './verify';

/**
 * Resolves another issuer's keys, controller documents and status lists: `did:key` from the
 * identifier itself, `did:web` from its `did.json`, https URLs by dereferencing them. Every
 * fetch goes through the outbound policy (https only, public addresses, bounded time and size)
 * and is cached briefly per execution environment, so a popular issuer is not asked again for
 * every verification and a hung one costs one timeout, not one per request.
 */
export interface RemoteResolverOptions {
  fetch: OutboundFetch;
  timeoutMs?: number;
  maxBytes?: number;
  /** How long documents are reused; status lists have their own, shorter time. */
  documentTtlMs?: number;
  statusListTtlMs?: number;
  /** A failure (timeout, 404) is remembered this long, so a hung issuer is not waited on by every request. */
  failureTtlMs?: number;
}

const method = /* @__PURE__ */ built(() => z.object({
  id: z.string(),
  type: z.enum(['Multikey', 'Ed25519VerificationKey2020']),
  controller: z.string(),
  publicKeyMultibase: z.string(),
  revoked: z.optional(z.string()),
}));
const resolved = (key: z.infer<typeof method>): ResolvedKey => ({
  id: key.id,
  controller: key.controller,
  publicKeyMultibase: key.publicKeyMultibase,
  ...(key.revoked ? { revoked: key.revoked } : {}),
});
const controllerDoc = /* @__PURE__ */ built(() => z.object({
  id: z.optional(z.string()),
  assertionMethod: z._default(z.array(z.union([z.string(), z.looseObject({ id: z.string() })])), []),
  verificationMethod: z._default(z.array(z.looseObject({ id: z.string() })), []),
}));

const jwkShape = /* @__PURE__ */ built(() => z.looseObject({ kty: z.string(), kid: z.optional(z.string()) }));
const jwkSet = /* @__PURE__ */ built(() => z.object({ keys: z.array(jwkShape) }));

const withoutFragment = (url: string) => url.split('#')[0]!;

/** did:web:example.com:path → https://example.com/path/did.json (did:web method, §3.2). */
export function didWebUrl(did: string): string {
  const parts = did.slice('did:web:'.length).split(':').map(decodeURIComponent);
  const [host, ...path] = parts;
  if (!host) throw new Error(`${did} names no host`);
  return path.length ? `https://${host}/${path.join('/')}/did.json` : `https://${host}/.well-known/did.json`;
}

/** did:key's key is the identifier: did:key:z6Mk… has exactly one (Ed25519) key, #z6Mk…. */
function didKey(did: string): { doc: z.infer<typeof controllerDoc>; key: ResolvedKey } {
  const multibase = did.slice('did:key:'.length);
  publicKeyFromMultikey(multibase); // throws unless an Ed25519 multikey
  const id = `${did}#${multibase}`;
  return { doc: { id: did, assertionMethod: [id], verificationMethod: [] }, key: { id, controller: did, publicKeyMultibase: multibase } };
}

/** Relative ids in DID documents ("#key-1") are relative to the DID. */
const absolute = (id: string, did: string) => (id.startsWith('#') ? `${did}${id}` : id);

export function remoteResolver(options: RemoteResolverOptions): KeyResolver {
  const limits = { timeoutMs: options.timeoutMs ?? 3_000, maxBytes: options.maxBytes ?? 256 * 1024 };
  const getJson = async (url: string) => {
    const { body } = await options.fetch(url, limits);
    try {
      // A stranger's server wrote it: its shape is bounded before verification canonicalizes it.
      return parseBoundedJson(body.toString('utf8'), FETCHED_DOCUMENT_BOUNDS);
    } catch (e) {
      if (e instanceof JsonBoundsError) throw new Error(`${url} answered with a document too large to verify: ${e.path ? `${e.path}: ` : ''}${e.message}`);
      throw new Error(`${url} did not answer with JSON`);
    }
  };
  const cached = (ttlMs: number) => memoize(getJson, { ttlMs, max: 500, failureTtlMs: options.failureTtlMs ?? 30_000 });
  const documents = cached(options.documentTtlMs ?? 5 * 60_000);
  const lists = cached(options.statusListTtlMs ?? 60_000);

  const didDocument = async (did: string) => controllerDoc.parse(await documents(didWebUrl(did)));

  return {
    async resolveKey(url) {
      if (url.startsWith('did:key:')) return didKey(withoutFragment(url)).key;
      if (url.startsWith('did:web:')) {
        const did = withoutFragment(url);
        const doc = await didDocument(did);
        const found = [...doc.verificationMethod, ...doc.assertionMethod].find((m) => typeof m === 'object' && absolute(m.id, did) === url);
        if (!found) throw new Error(`${did} has no key ${url}`);
        return resolved(method.parse({ ...(found as object), id: url, controller: absolute(String((found as { controller?: unknown }).controller ?? did), did) }));
      }
      // An https key URL serves the key document itself (fragments dropped, as verifiers do).
      return resolved(method.parse(await documents(withoutFragment(url))));
    },
    async resolveAssertionMethods(controllerUrl) {
      if (controllerUrl.startsWith('did:key:')) return didKey(controllerUrl).doc.assertionMethod as string[];
      const did = controllerUrl.startsWith('did:web:') ? controllerUrl : undefined;
      const doc = did ? await didDocument(did) : controllerDoc.parse(await documents(controllerUrl));
      if (doc.id && doc.id !== controllerUrl) throw new Error(`the document at ${controllerUrl} describes ${doc.id}`);
      return doc.assertionMethod.map((m) => absolute(typeof m === 'string' ? m : m.id, controllerUrl));
    },
    async resolveJwk(kid) {
      // A bare JWK at the kid URL (what 1EdTech's validator expects), or a JWKS holding it.
      const raw = await documents(withoutFragment(kid));
      const set = jwkSet.safeParse(raw);
      const jwk = set.success ? set.data.keys.find((k) => k.kid === kid) : jwkShape.parse(raw);
      if (!jwk) throw new Error(`the key set at ${withoutFragment(kid)} has no key ${kid}`);
      const { kid: _kid, alg: _alg, use: _use, key_ops: _ops, ...material } = jwk as Record<string, unknown>;
      return { jwk: material as JsonWebKey };
    },
    resolveStatusList: (url) => lists(url),
  };
}
