import { createHash, verify as edVerify, type JsonWebKey } from 'node:crypto';
import * as z from '../zod';
import { built } from '../built';
import { CRYPTOSUITE, decodeProofValue, hashForProof, type DataIntegrityProof } from './data-integrity';
import { bundledDocumentLoader } from './document-loader';
import { publicKeyFromMultikey } from './multikey';
import { openBadgeSchemaErrors } from './schema';
import { decodeList, getBit } from './status-list';

/**
 * One verification used by the public API, the demo and the tests. Each check is reported by
 * name with a sentence a person can read; anything unexpected becomes a failed check, so
 * verification never fails open.
 */
export type CheckName = 'structure' | 'schema' | 'jsonld' | 'key' | 'signature' | 'issuer' | 'validity' | 'status';
export type VerificationStatus = 'valid' | 'revoked' | 'suspended' | 'expired' | 'invalid';

export interface Check {
  name: CheckName;
  passed: boolean;
  message: string;
  /** What a failure of this check means for the credential (default: invalid). */
  outcome?: Exclude<VerificationStatus, 'valid'>;
}

export interface VerificationResult {
  status: VerificationStatus;
  checks: Check[];
  checkedAt: string;
}

export interface ResolvedKey {
  id: string;
  controller: string;
  publicKeyMultibase: string;
  /** The controller reported the key compromised from this time. */
  revoked?: string;
}

/** How verification finds keys, controllers and status lists (over HTTP, or from our own store). */
export interface KeyResolver {
  resolveKey(url: string): Promise<ResolvedKey>;
  /** The `assertionMethod` key ids the controller (issuer profile) authorizes. */
  resolveAssertionMethods(controllerUrl: string): Promise<string[]>;
  /** A BitstringStatusListCredential. */
  resolveStatusList(url: string): Promise<unknown>;
  /**
   * A VC-JWT key: the public JWK at a `kid` URL, with the issuer it belongs to when the
   * resolver knows it (our own keys); absent means the resolver reads no JWT keys.
   */
  resolveJwk?(kid: string): Promise<ResolvedJwk>;
}

export interface ResolvedJwk {
  jwk: JsonWebKey;
  /** The issuer the key belongs to, when known from where it is published. */
  controller?: string;
  revoked?: string;
}

export interface VerifyOptions {
  resolver: KeyResolver;
  now?: Date;
  /**
   * The suspension list beside a revocation list, for credentials Laurel issued (verifiers read
   * one status entry, so suspension is enforced by our own verification).
   */
  suspensionListFor?: (revocationListUrl: string) => string | undefined;
}

const keyDocument = /* @__PURE__ */ built(() => z.object({ id: z.string(), type: z.literal('Multikey'), controller: z.string(), publicKeyMultibase: z.string(), revoked: z.optional(z.string()) }));
const controllerDocument = /* @__PURE__ */ built(() => z.object({
  assertionMethod: z._default(z.array(z.union([z.string(), z.object({ id: z.string() })])), []),
}));
const statusEntry = /* @__PURE__ */ built(() => z.object({
  type: z.literal('BitstringStatusListEntry'),
  statusPurpose: z.string(),
  statusListIndex: z.string().check(z.regex(/^\d+$/, 'must be a decimal string')),
  statusListCredential: z.url(),
}));
const statusListDocument = /* @__PURE__ */ built(() => z.object({
  type: z.array(z.string()).check(z.refine((t) => t.includes('BitstringStatusListCredential'), 'not a BitstringStatusListCredential')),
  credentialSubject: z.object({ type: z.literal('BitstringStatusList'), statusPurpose: z.string(), encodedList: z.string() }),
}));

/** A resolver that dereferences URLs with `fetch` (fragments dropped), bounded in time and size. */
export function httpKeyResolver(options: { fetch?: typeof fetch; timeoutMs?: number; maxBytes?: number } = {}): KeyResolver {
  const doFetch = options.fetch ?? fetch;
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const get = async (url: string): Promise<unknown> => {
    const target = url.split('#')[0]!;
    const res = await doFetch(target, {
      headers: { accept: 'application/ld+json, application/json' },
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    });
    if (!res.ok) throw new Error(`${target} answered ${res.status}`);
    const text = await res.text();
    if (text.length > maxBytes) throw new Error(`${target} sent more than ${maxBytes} bytes`);
    return JSON.parse(text);
  };
  return {
    resolveKey: async (url) => keyDocument.parse(await get(url)),
    resolveAssertionMethods: async (controllerUrl) =>
      controllerDocument.parse(await get(controllerUrl)).assertionMethod.map((m) => (typeof m === 'string' ? m : m.id)),
    resolveStatusList: get,
  };
}

export const describeError = (e: unknown) => (e instanceof z.$ZodError ? e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : e instanceof Error ? e.message : String(e));
/** A document's proofs as an array (VC 2.0 allows one object or an array). */
const proofsOf = (doc: Record<string, unknown>) => (Array.isArray(doc.proof) ? doc.proof : doc.proof ? [doc.proof] : []) as Partial<DataIntegrityProof>[];
export const issuerOf = (doc: Record<string, unknown>) => (typeof doc.issuer === 'string' ? doc.issuer : (doc.issuer as { id?: unknown } | undefined)?.id);

/**
 * What a proof signs — sha256 of the canonical proof options ‖ of the canonical document — by
 * the sha256 of the document's exact JSON. Canonicalization is nearly all of a verification's
 * CPU and a pure function of the document (contexts are bundled), so a document verified before
 * is not canonicalized again; every other check (key, signature, issuer, status) still runs.
 */
const signedMessages = new Map<string, Uint8Array>();
const MAX_SIGNED_MESSAGES = 2000;

async function messageFor(doc: Record<string, unknown>, proofConfig: Omit<DataIntegrityProof, 'proofValue'>): Promise<Uint8Array> {
  const digest = createHash('sha256').update(JSON.stringify([doc, proofConfig])).digest('base64url');
  const hit = signedMessages.get(digest);
  if (hit) return hit;
  const { message } = await hashForProof(doc, proofConfig, bundledDocumentLoader);
  if (signedMessages.size >= MAX_SIGNED_MESSAGES) signedMessages.delete(signedMessages.keys().next().value!);
  signedMessages.set(digest, message);
  return message;
}

/**
 * Structure, (schema), safe-mode JSON-LD, key, signature and issuer binding of a secured
 * document. Stops at the first failure: nothing after it can be trusted.
 */
async function checkProof(document: unknown, resolver: KeyResolver, options: { openBadge: boolean }): Promise<{ checks: Check[]; key?: ResolvedKey }> {
  const checks: Check[] = [];
  const fail = (name: CheckName, message: string) => ({ checks: [...checks, { name, passed: false, message }] });
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return fail('structure', 'The document is not a JSON object.');
  const doc = document as Record<string, unknown>;
  const proofs = proofsOf(doc);
  const types = Array.isArray(doc.type) ? doc.type : [doc.type];
  if (!types.includes('VerifiableCredential')) return fail('structure', 'The document is not a Verifiable Credential.');
  if (proofs.length !== 1) return fail('structure', `Expected exactly one proof, found ${proofs.length}.`);
  const proof = proofs[0] as Partial<DataIntegrityProof>;
  // Ed25519Signature2020 is the legacy suite other issuers (the DCC stack) still sign with. It
  // hashes and signs exactly as eddsa-rdfc-2022 does (RDFC-1.0 of the proof options with the
  // document's context, then of the document); only the proof's type names differ.
  const legacy = (proof.type as string | undefined) === 'Ed25519Signature2020' && proof.cryptosuite === undefined;
  if (!legacy && (proof.type !== 'DataIntegrityProof' || proof.cryptosuite !== CRYPTOSUITE)) {
    return fail('structure', `Unsupported proof: only DataIntegrityProof with ${CRYPTOSUITE} (or Ed25519Signature2020) is accepted.`);
  }
  if (typeof proof.verificationMethod !== 'string' || typeof proof.proofValue !== 'string' || typeof proof.created !== 'string') {
    return fail('structure', 'The proof is missing verificationMethod, created or proofValue.');
  }
  if (proof.proofPurpose !== 'assertionMethod') return fail('structure', 'The proof purpose must be assertionMethod.');
  checks.push({ name: 'structure', passed: true, message: 'The credential is a Verifiable Credential with one Data Integrity proof.' });

  if (options.openBadge) {
    // VC 2.0 allows one proof object or an array; the OB schema insists on an array, and the
    // proof is not part of what was signed, so it is judged in array form.
    const schemaErrors = openBadgeSchemaErrors({ ...doc, proof: proofs });
    if (schemaErrors.length) return fail('schema', `The credential does not match the Open Badges 3.0 schema: ${schemaErrors.slice(0, 3).join('; ')}`);
    checks.push({ name: 'schema', passed: true, message: 'The credential matches the official Open Badges 3.0 schema.' });
  }

  const { proofValue, ...proofConfig } = proof as DataIntegrityProof;
  let message: Uint8Array;
  try {
    message = await messageFor(doc, proofConfig);
  } catch (e) {
    return fail('jsonld', `The credential's JSON-LD is not well defined: ${describeError(e)}`);
  }
  checks.push({ name: 'jsonld', passed: true, message: 'Every term in the credential is defined by a known context.' });

  let key: ResolvedKey;
  try {
    key = await resolver.resolveKey(proof.verificationMethod);
    if (key.id.split('#')[0] !== proof.verificationMethod.split('#')[0]) throw new Error('the key document has a different id');
  } catch (e) {
    return fail('key', `The signing key ${proof.verificationMethod} could not be resolved: ${describeError(e)}`);
  }
  if (key.revoked) {
    // A thief can backdate a proof, so nothing a compromised key signed is trusted.
    return fail('key', `The issuer reported the signing key compromised (from ${key.revoked}); nothing it signed can be trusted. Ask the issuer for a reissued credential.`);
  }
  checks.push({ name: 'key', passed: true, message: `The signing key was found at ${key.id}.` });

  try {
    if (!edVerify(null, message, publicKeyFromMultikey(key.publicKeyMultibase), decodeProofValue(proofValue!))) {
      return fail('signature', 'The signature does not match: the credential was altered or signed by another key.');
    }
  } catch (e) {
    return fail('signature', `The signature could not be checked: ${describeError(e)}`);
  }
  checks.push({ name: 'signature', passed: true, message: 'The signature is intact: nothing was changed since it was issued.' });

  const issuerId = issuerOf(doc);
  if (typeof issuerId !== 'string') return fail('issuer', 'The credential names no issuer.');
  if (key.controller !== issuerId) return fail('issuer', `The signing key belongs to ${key.controller}, not to the issuer ${issuerId}.`);
  try {
    const methods = await resolver.resolveAssertionMethods(issuerId);
    if (!methods.some((m) => m.split('#')[0] === key.id.split('#')[0])) {
      return fail('issuer', `The issuer ${issuerId} does not list the signing key as one of its keys.`);
    }
  } catch (e) {
    return fail('issuer', `The issuer profile ${issuerId} could not be resolved: ${describeError(e)}`);
  }
  checks.push({ name: 'issuer', passed: true, message: 'The signing key belongs to the issuer named in the credential.' });
  return { checks, key };
}

export function checkValidity(doc: Record<string, unknown>, now: Date): Check {
  const from = typeof doc.validFrom === 'string' ? Date.parse(doc.validFrom) : NaN;
  if (Number.isNaN(from)) return { name: 'validity', passed: false, message: 'The credential has no valid validFrom date.' };
  if (from > now.getTime()) return { name: 'validity', passed: false, message: `The credential is not valid until ${doc.validFrom}.` };
  if (typeof doc.validUntil === 'string') {
    const until = Date.parse(doc.validUntil);
    if (Number.isNaN(until)) return { name: 'validity', passed: false, message: 'The credential has an unreadable validUntil date.' };
    if (until <= now.getTime()) return { name: 'validity', passed: false, outcome: 'expired', message: `The credential expired on ${doc.validUntil}.` };
  }
  return { name: 'validity', passed: true, message: 'The credential is within its validity period.' };
}

/**
 * Status lists whose proof verified, by the sha256 of their exact JSON: thousands of credentials
 * share one list, and a list changes only when a bit does. Content-addressed, so a changed or
 * forged list is a cache miss and is verified afresh. The key is checked again on every hit
 * (a compromise must take effect), which is a resolver lookup, not a signature check.
 */
const verifiedLists = new Map<string, { issuer: string; purpose: string; bits: Uint8Array; verificationMethod: string; publicKeyMultibase: string }>();
const MAX_VERIFIED_LISTS = 256;

/** Who signed the credential whose status is read. */
interface CredentialSigner {
  issuerId: string;
  publicKeyMultibase?: string;
}

/**
 * Reads one bit of a status list after verifying the list itself and that the credential's own
 * signer signed it: the same issuer, or the same key (some issuers sign lists with the did:key of
 * the key behind their did:web).
 */
async function readStatusBit(url: string, index: number, purpose: string, signer: CredentialSigner, resolver: KeyResolver): Promise<boolean> {
  const list = await resolver.resolveStatusList(url);
  const digest = createHash('sha256').update(JSON.stringify(list)).digest('base64url');
  let verified = verifiedLists.get(digest);
  if (verified) {
    const key = await resolver.resolveKey(verified.verificationMethod);
    if (key.revoked) verified = undefined;
  }
  if (!verified) {
    const proof = await checkProof(list, resolver, { openBadge: false });
    const failed = proof.checks.find((c) => !c.passed);
    if (failed || !proof.key) throw new Error(`the status list did not verify (${failed?.message})`);
    const parsed = statusListDocument.parse(list);
    verified = {
      issuer: String(issuerOf(list as Record<string, unknown>)),
      purpose: parsed.credentialSubject.statusPurpose,
      bits: decodeList(parsed.credentialSubject.encodedList),
      // checkProof passed, so there is exactly one proof with a verificationMethod.
      verificationMethod: proofsOf(list as Record<string, unknown>)[0]!.verificationMethod!,
      publicKeyMultibase: proof.key.publicKeyMultibase,
    };
    if (verifiedLists.size >= MAX_VERIFIED_LISTS) verifiedLists.delete(verifiedLists.keys().next().value!);
    verifiedLists.set(digest, verified);
  }
  const sameKey = signer.publicKeyMultibase !== undefined && verified.publicKeyMultibase === signer.publicKeyMultibase;
  if (verified.issuer !== signer.issuerId && !sameKey) throw new Error('the status list was issued by someone else');
  if (verified.purpose !== purpose) throw new Error(`the list is for ${verified.purpose}, not ${purpose}`);
  return getBit(verified.bits, index);
}

/** Revocation and suspension, with room for two more purposes. */
export const MAX_STATUS_ENTRIES = 4;

export async function checkStatus(doc: Record<string, unknown>, options: VerifyOptions, signingKey?: ResolvedKey): Promise<Check> {
  if (doc.credentialStatus === undefined) return { name: 'status', passed: true, message: 'The issuer publishes no revocation status for this credential.' };
  const signer: CredentialSigner = { issuerId: issuerOf(doc) as string, ...(signingKey ? { publicKeyMultibase: signingKey.publicKeyMultibase } : {}) };
  try {
    const entries = Array.isArray(doc.credentialStatus) ? doc.credentialStatus : [doc.credentialStatus];
    // Each entry can cost a fetch and a list's verification: a stranger's document gets a few.
    if (entries.length > MAX_STATUS_ENTRIES) throw new Error(`it has ${entries.length} status entries; at most ${MAX_STATUS_ENTRIES} are read`);
    for (const raw of entries) {
      const entry = statusEntry.parse(raw);
      const index = Number(entry.statusListIndex);
      if (await readStatusBit(entry.statusListCredential, index, entry.statusPurpose, signer, options.resolver)) {
        if (entry.statusPurpose === 'revocation') return { name: 'status', passed: false, outcome: 'revoked', message: 'The issuer has revoked this credential.' };
        if (entry.statusPurpose === 'suspension') return { name: 'status', passed: false, outcome: 'suspended', message: 'The issuer has suspended this credential.' };
        return { name: 'status', passed: false, message: `The issuer has set the '${entry.statusPurpose}' status of this credential.` };
      }
      const suspensionUrl = entry.statusPurpose === 'revocation' ? options.suspensionListFor?.(entry.statusListCredential) : undefined;
      if (suspensionUrl && (await readStatusBit(suspensionUrl, index, 'suspension', signer, options.resolver))) {
        return { name: 'status', passed: false, outcome: 'suspended', message: 'The issuer has suspended this credential.' };
      }
    }
  } catch (e) {
    // An unreadable list is not a clean bill of health.
    return { name: 'status', passed: false, message: `The credential's status could not be checked: ${describeError(e)}` };
  }
  return { name: 'status', passed: true, message: 'The issuer has not revoked or suspended this credential.' };
}

const PRECEDENCE: VerificationStatus[] = ['invalid', 'revoked', 'suspended', 'expired'];

export async function verifyCredential(credential: unknown, options: VerifyOptions): Promise<VerificationResult> {
  const now = options.now ?? new Date();
  const { checks, key } = await checkProof(credential, options.resolver, { openBadge: true });
  if (checks.every((c) => c.passed)) {
    const doc = credential as Record<string, unknown>;
    checks.push(checkValidity(doc, now), await checkStatus(doc, options, key));
  }
  return summarize(checks, now);
}

/** The overall status of a list of checks: the gravest failure wins. */
export function summarize(checks: Check[], now: Date): VerificationResult {
  const outcomes = new Set(checks.filter((c) => !c.passed).map((c) => c.outcome ?? 'invalid'));
  return { status: PRECEDENCE.find((s) => outcomes.has(s as never)) ?? 'valid', checks, checkedAt: now.toISOString() };
}

/** For credentials Laurel issued: `…/status/<issuer>/revocation/<n>` has `…/suspension/<n>` beside it. */
export function laurelSuspensionLists(publicBaseUrl: string) {
  const base = publicBaseUrl.endsWith('/') ? publicBaseUrl : `${publicBaseUrl}/`;
  return (revocationListUrl: string) => {
    if (!revocationListUrl.startsWith(`${base}status/`)) return undefined;
    const m = /\/status\/([a-z0-9-]+)\/revocation\/(\d+)$/.exec(revocationListUrl);
    return m ? `${base}status/${m[1]}/suspension/${m[2]}` : undefined;
  };
}
