import { createHash } from 'node:crypto';
import type jsonldApi from 'jsonld';
import { decodeBase58, encodeBase58 } from './base58';
import type { DocumentLoader } from './document-loader';

/**
 * W3C Data Integrity `eddsa-rdfc-2022` (vc-di-eddsa §3.3). The key never leaves KMS: the
 * suite only needs the 64-byte message sha256(canonical proof config) ‖ sha256(canonical
 * document) signed with Ed25519, which a `Signer` port does (KMS in AWS and locally, a
 * node:crypto key in the test-vector test).
 */
export const CRYPTOSUITE = 'eddsa-rdfc-2022';

export interface Signer {
  /** The URL of the key document; goes into `proof.verificationMethod`. */
  readonly verificationMethod: string;
  sign(message: Uint8Array): Promise<Uint8Array>;
}

export interface DataIntegrityProof {
  type: 'DataIntegrityProof';
  cryptosuite: string;
  created: string;
  verificationMethod: string;
  proofPurpose: string;
  proofValue?: string;
  [extra: string]: unknown;
}

type JsonObject = Record<string, unknown>;

/**
 * jsonld.js, with the context-clone patch applied (jsonld-performance.ts), loaded by the first
 * canonicalization rather than at import: many functions import this module through a use case
 * and never canonicalize, and setting jsonld.js up was part of every one of their cold starts.
 */
let jsonldLoaded: Promise<typeof jsonldApi> | undefined;
const loadJsonld = () => (jsonldLoaded ??= Promise.all([import('jsonld'), import('./jsonld-performance')]).then(([m]) => m.default));

/** RDFC-1.0 canonical N-Quads in safe mode: an undefined term or unknown context throws. */
export async function canonize(document: unknown, documentLoader: DocumentLoader): Promise<string> {
  const jsonld = await loadJsonld();
  return jsonld.canonize(document, {
    algorithm: 'RDFC-1.0',
    format: 'application/n-quads',
    safe: true,
    base: null,
    documentLoader,
  });
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export interface HashedInput {
  canonicalDocument: string;
  canonicalProofConfig: string;
  /** sha256(proof config) ‖ sha256(document): what Ed25519 signs. */
  message: Uint8Array;
}

/** Canonicalizes and hashes the unsecured document and the proof configuration. */
export async function hashForProof(
  document: JsonObject,
  proofConfig: Omit<DataIntegrityProof, 'proofValue'>,
  documentLoader: DocumentLoader,
): Promise<HashedInput> {
  const { proof: _ignored, ...unsecured } = document;
  const config = { '@context': document['@context'], ...proofConfig };
  const [canonicalDocument, canonicalProofConfig] = await Promise.all([
    canonize(unsecured, documentLoader),
    canonize(config, documentLoader),
  ]);
  const message = Buffer.concat([sha256(canonicalProofConfig), sha256(canonicalDocument)]);
  return { canonicalDocument, canonicalProofConfig, message };
}

/** Adds an `eddsa-rdfc-2022` proof; `proof` is always an array (the OB 3.0 schema insists). */
export async function addProof<T extends JsonObject>(
  document: T,
  signer: Signer,
  options: { created: string; proofPurpose?: string; documentLoader: DocumentLoader },
): Promise<T & { proof: DataIntegrityProof[] }> {
  const proofConfig = {
    type: 'DataIntegrityProof' as const,
    created: options.created,
    verificationMethod: signer.verificationMethod,
    cryptosuite: CRYPTOSUITE,
    proofPurpose: options.proofPurpose ?? 'assertionMethod',
  };
  const { message } = await hashForProof(document, proofConfig, options.documentLoader);
  const signature = await signer.sign(message);
  if (signature.length !== 64) throw new Error(`Ed25519 signature must be 64 bytes, got ${signature.length}`);
  const proof: DataIntegrityProof = { ...proofConfig, proofValue: `z${encodeBase58(signature)}` };
  return { ...document, proof: [proof] };
}

/** Decodes a multibase base58btc proofValue into the raw signature bytes. */
export function decodeProofValue(proofValue: string): Uint8Array {
  if (!proofValue.startsWith('z')) throw new Error('proofValue must be multibase base58btc (z…)');
  return decodeBase58(proofValue.slice(1));
}
