import { verify as edVerify } from 'node:crypto';
import { z } from 'zod';
import { CRYPTOSUITE, decodeProofValue, hashForProof, type DataIntegrityProof } from './data-integrity';
import { bundledDocumentLoader } from './document-loader';
import { publicKeyFromMultikey } from './multikey';
import { openBadgeSchemaErrors } from './schema';

/**
 * One verification used by the public API, the demo and the tests. Each check is reported by
 * name with a sentence a person can read; anything unexpected becomes a failed check, so
 * verification never fails open.
 */
export type CheckName = 'structure' | 'schema' | 'jsonld' | 'key' | 'signature' | 'issuer' | 'validity';

export interface Check {
  name: CheckName;
  passed: boolean;
  message: string;
}

export type VerificationStatus = 'valid' | 'expired' | 'invalid';

export interface VerificationResult {
  status: VerificationStatus;
  checks: Check[];
  checkedAt: string;
}

export interface ResolvedKey {
  id: string;
  controller: string;
  publicKeyMultibase: string;
}

/** How verification finds keys and their controllers (over HTTP, or from our own store). */
export interface KeyResolver {
  resolveKey(url: string): Promise<ResolvedKey>;
  /** The `assertionMethod` key ids the controller (issuer profile) authorizes. */
  resolveAssertionMethods(controllerUrl: string): Promise<string[]>;
}

const keyDocument = z.object({
  id: z.string(),
  type: z.literal('Multikey'),
  controller: z.string(),
  publicKeyMultibase: z.string(),
});
const controllerDocument = z.object({
  assertionMethod: z.array(z.union([z.string(), z.object({ id: z.string() })])).default([]),
});

/** A resolver that dereferences key and controller URLs with `fetch` (fragments dropped). */
export function httpKeyResolver(options: { fetch?: typeof fetch; timeoutMs?: number } = {}): KeyResolver {
  const doFetch = options.fetch ?? fetch;
  const get = async (url: string): Promise<unknown> => {
    const target = url.split('#')[0]!;
    const res = await doFetch(target, {
      headers: { accept: 'application/ld+json, application/json' },
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    });
    if (!res.ok) throw new Error(`${target} answered ${res.status}`);
    return res.json();
  };
  return {
    async resolveKey(url) {
      return keyDocument.parse(await get(url));
    },
    async resolveAssertionMethods(controllerUrl) {
      const doc = controllerDocument.parse(await get(controllerUrl));
      return doc.assertionMethod.map((m) => (typeof m === 'string' ? m : m.id));
    },
  };
}

const describeError = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function verifyCredential(
  credential: unknown,
  options: { resolver: KeyResolver; now?: Date },
): Promise<VerificationResult> {
  const now = options.now ?? new Date();
  const checks: Check[] = [];
  const result = (): VerificationResult => ({
    status: checks.every((c) => c.passed)
      ? 'valid'
      : checks.every((c) => c.passed || c.name === 'validity') && isExpired(credential, now)
        ? 'expired'
        : 'invalid',
    checks,
    checkedAt: now.toISOString(),
  });
  const fail = (name: CheckName, message: string) => {
    checks.push({ name, passed: false, message });
    return result();
  };

  // structure
  if (typeof credential !== 'object' || credential === null || Array.isArray(credential)) {
    return fail('structure', 'The credential is not a JSON object.');
  }
  const doc = credential as Record<string, unknown>;
  const proofs = Array.isArray(doc.proof) ? doc.proof : doc.proof ? [doc.proof] : [];
  const types = Array.isArray(doc.type) ? doc.type : [doc.type];
  if (!types.includes('VerifiableCredential')) return fail('structure', 'The document is not a Verifiable Credential.');
  if (proofs.length !== 1) return fail('structure', `Expected exactly one proof, found ${proofs.length}.`);
  const proof = proofs[0] as Partial<DataIntegrityProof>;
  if (proof.type !== 'DataIntegrityProof' || proof.cryptosuite !== CRYPTOSUITE) {
    return fail('structure', `Unsupported proof: only DataIntegrityProof with ${CRYPTOSUITE} is accepted.`);
  }
  if (typeof proof.verificationMethod !== 'string' || typeof proof.proofValue !== 'string' || typeof proof.created !== 'string') {
    return fail('structure', 'The proof is missing verificationMethod, created or proofValue.');
  }
  if (proof.proofPurpose !== 'assertionMethod') return fail('structure', 'The proof purpose must be assertionMethod.');
  checks.push({ name: 'structure', passed: true, message: 'The credential is a Verifiable Credential with one Data Integrity proof.' });

  // schema
  const schemaErrors = openBadgeSchemaErrors(credential);
  if (schemaErrors.length) return fail('schema', `The credential does not match the Open Badges 3.0 schema: ${schemaErrors.slice(0, 3).join('; ')}`);
  checks.push({ name: 'schema', passed: true, message: 'The credential matches the official Open Badges 3.0 schema.' });

  // jsonld (safe-mode canonicalization of document and proof config)
  // proofValue was checked to be a string in the structure check above.
  const { proofValue, ...proofConfig } = proof as DataIntegrityProof;
  let message: Uint8Array;
  try {
    ({ message } = await hashForProof(doc, proofConfig, bundledDocumentLoader));
  } catch (e) {
    return fail('jsonld', `The credential's JSON-LD is not well defined: ${describeError(e)}`);
  }
  checks.push({ name: 'jsonld', passed: true, message: 'Every term in the credential is defined by a known context.' });

  // key
  let key: ResolvedKey;
  try {
    key = await options.resolver.resolveKey(proof.verificationMethod);
    if (key.id.split('#')[0] !== proof.verificationMethod.split('#')[0]) throw new Error('the key document has a different id');
  } catch (e) {
    return fail('key', `The signing key ${proof.verificationMethod} could not be resolved: ${describeError(e)}`);
  }
  checks.push({ name: 'key', passed: true, message: `The signing key was found at ${key.id}.` });

  // signature
  try {
    const ok = edVerify(null, message, publicKeyFromMultikey(key.publicKeyMultibase), decodeProofValue(proofValue!));
    if (!ok) return fail('signature', 'The signature does not match: the credential was altered or signed by another key.');
  } catch (e) {
    return fail('signature', `The signature could not be checked: ${describeError(e)}`);
  }
  checks.push({ name: 'signature', passed: true, message: 'The signature is intact: nothing was changed since it was issued.' });

  // issuer
  const issuerId = typeof doc.issuer === 'string' ? doc.issuer : (doc.issuer as { id?: unknown } | undefined)?.id;
  if (typeof issuerId !== 'string') return fail('issuer', 'The credential names no issuer.');
  if (key.controller !== issuerId) return fail('issuer', `The signing key belongs to ${key.controller}, not to the issuer ${issuerId}.`);
  try {
    const methods = await options.resolver.resolveAssertionMethods(issuerId);
    if (!methods.some((m) => m.split('#')[0] === key.id.split('#')[0])) {
      return fail('issuer', `The issuer ${issuerId} does not list the signing key as one of its keys.`);
    }
  } catch (e) {
    return fail('issuer', `The issuer profile ${issuerId} could not be resolved: ${describeError(e)}`);
  }
  checks.push({ name: 'issuer', passed: true, message: 'The signing key belongs to the issuer named in the credential.' });

  // validity
  const from = typeof doc.validFrom === 'string' ? Date.parse(doc.validFrom) : NaN;
  if (Number.isNaN(from)) return fail('validity', 'The credential has no valid validFrom date.');
  if (from > now.getTime()) return fail('validity', `The credential is not valid until ${doc.validFrom}.`);
  if (isExpired(doc, now)) return fail('validity', `The credential expired on ${String(doc.validUntil)}.`);
  checks.push({ name: 'validity', passed: true, message: 'The credential is within its validity period.' });

  return result();
}

function isExpired(credential: unknown, now: Date): boolean {
  const until = (credential as { validUntil?: unknown } | null)?.validUntil;
  return typeof until === 'string' && Date.parse(until) <= now.getTime();
}
