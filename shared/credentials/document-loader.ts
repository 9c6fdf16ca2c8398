import credentialsV2 from './contexts/w3c_credentials_v2.json';
import obV3p0 from './contexts/ob_v3p0_context-3.0.3.json';
import obExtensions from './contexts/ob_v3p0_extensions.json';
import dataIntegrityV2 from './contexts/w3id_security_data-integrity_v2.json';
import multikeyV1 from './contexts/w3id_security_multikey_v1.json';
import didV1 from './contexts/w3c_did_v1.json';
import ed25519Signature2020V1 from './contexts/w3id_security_suites_ed25519-2020_v1.json';
// Verbatim from https://w3id.org/vc/render-method/v1 (digitalbazaar/vc-render-method-context; the standards kit's copy).
import renderMethodV1 from './contexts/w3id_vc_render-method_v1.json';
// 1EdTech's CLR 2.0 context as its validator ships it (the standards kit's 2025-03 copy of
// https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json: the one that defines `partial` and `ClrSubject.identifier`).
import clrV2p0 from './contexts/clr_v2p0_context-2.0.1.json';

export const CONTEXTS = {
  credentialsV2: 'https://www.w3.org/ns/credentials/v2',
  openBadgesV3: 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
  openBadgesExtensions: 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json',
  dataIntegrityV2: 'https://w3id.org/security/data-integrity/v2',
  multikeyV1: 'https://w3id.org/security/multikey/v1',
  didV1: 'https://www.w3.org/ns/did/v1',
  /** The legacy Ed25519Signature2020 suite, which other issuers (the DCC stack) still sign with. */
  ed25519Signature2020V1: 'https://w3id.org/security/suites/ed25519-2020/v1',
  /** Defines SvgRenderingTemplate2023, the render method the Learner Credential Wallet reads (VC 2.0 defines only `renderMethod`). */
  renderMethodV1: 'https://w3id.org/vc/render-method/v1',
  /** CLR 2.0: a learner's transcript (ClrCredential) embedding their Open Badges credentials. */
  clrV2p0: 'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json',
} as const;

/**
 * Contexts are bundled, never fetched: a verifier that fetched contexts at run time could be
 * steered by whoever answers those URLs, and Lambda should not depend on purl.imsglobal.org
 * being up. An unknown context URL is an error, which is what safe mode wants. The map is made
 * on first use, so a bundle that only names contexts (CONTEXTS) leaves the documents out.
 */
let bundled: ReadonlyMap<string, unknown> | undefined;
const bundledContexts = (): ReadonlyMap<string, unknown> =>
  (bundled ??= new Map<string, unknown>([
    [CONTEXTS.credentialsV2, credentialsV2],
    [CONTEXTS.openBadgesV3, obV3p0],
    [CONTEXTS.openBadgesExtensions, obExtensions],
    [CONTEXTS.dataIntegrityV2, dataIntegrityV2],
    [CONTEXTS.multikeyV1, multikeyV1],
    [CONTEXTS.didV1, didV1],
    [CONTEXTS.ed25519Signature2020V1, ed25519Signature2020V1],
    [CONTEXTS.renderMethodV1, renderMethodV1],
    [CONTEXTS.clrV2p0, clrV2p0],
  ]));

export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: unknown;
  /** 'static' lets jsonld.js keep the processed context across operations (it never changes). */
  tag?: 'static';
}

export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

export class UnknownContextError extends Error {
  constructor(readonly url: string) {
    super(`context ${url} is not one this deployment knows`);
    this.name = 'UnknownContextError';
  }
}

export function isBundledContext(url: string): boolean {
  return bundledContexts().has(url);
}

/**
 * A loader of the given bundled contexts only: a document naming any other context fails, as
 * safe mode wants. Each loader names what it may load, so a bundle carries only the context
 * documents of the loaders it uses (a status list's loader has no Open Badges context).
 */
export const contextLoader = (contexts: () => ReadonlyMap<string, unknown>): DocumentLoader => {
  let loaded: ReadonlyMap<string, unknown> | undefined;
  return async (url) => {
    const document = (loaded ??= contexts()).get(url);
    if (document === undefined) throw new UnknownContextError(url);
    // Bundled contexts are immutable: 'static' lets jsonld.js cache them processed, which made
    // canonicalization several times faster (measured in test/bench/credentials.ts).
    return { contextUrl: null, documentUrl: url, document, tag: 'static' };
  };
};

/** Loads every bundled context: for Open Badges credentials and for verifying what others signed. */
export const bundledDocumentLoader: DocumentLoader = /* @__PURE__ */ contextLoader(bundledContexts);

/** Loads the VC 2.0 context alone: all a Bitstring Status List credential and its proof use. */
export const statusListDocumentLoader: DocumentLoader = /* @__PURE__ */ contextLoader(() => new Map([[CONTEXTS.credentialsV2, credentialsV2]]));
