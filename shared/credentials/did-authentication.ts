import { createHash, createPublicKey, timingSafeEqual, verify as cryptoVerify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { decodeBase58, encodeBase58 } from './base58';
import { JsonBoundsError, parseBoundedJson, type JsonBounds } from './bounded-json';
import { CRYPTOSUITE, decodeProofValue, hashForProof, type DataIntegrityProof } from './data-integrity';
import { bundledDocumentLoader, CONTEXTS } from './document-loader';
import { multikeyFromRaw, publicKeyFromMultikey } from './multikey';

/**
 * How a wallet proves it controls the DID a credential is issued to, in the two pickups Laurel
 * offers: a DIDAuthentication Verifiable Presentation (VC-API exchange, the Learner Credential
 * Wallet's legacy request link) and an OpenID4VCI 1.0 `jwt` key proof. Everything here is
 * attacker-controlled input: sizes are bounded before anything parses or canonicalizes, and every
 * refusal is a DidAuthenticationError whose message says what to change (it becomes the detail of
 * an RFC 9457 problem). The holder answered is always a did:key, so a credential subject id is one
 * kind of identifier whichever pickup the learner used.
 */
export type DidAuthenticationErrorCode =
  | 'malformed'
  | 'unsupported-did'
  | 'unsupported-proof'
  | 'wrong-challenge'
  | 'wrong-domain'
  | 'holder-mismatch'
  | 'bad-signature'
  | 'expired';

export class DidAuthenticationError extends Error {
  // Written out: deployed bundles are minified without keeping class names (shared/errors.ts).
  override readonly name = 'DidAuthenticationError';
  constructor(
    readonly code: DidAuthenticationErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const refuse = (code: DidAuthenticationErrorCode, message: string): never => {
  throw new DidAuthenticationError(code, message);
};

/** Clocks of phones and servers disagree; a proof made this far "in the future" is still fresh. */
export const CLOCK_SKEW_SECONDS = 5 * 60;
/** A wallet answers a challenge within seconds; ten minutes leaves room for a slow learner. */
export const DEFAULT_MAX_AGE_SECONDS = 10 * 60;
export const MAX_PRESENTATION_BYTES = 64 * 1024;
export const MAX_KEY_PROOF_JWT_BYTES = 8 * 1024;

/**
 * A DIDAuthentication presentation is a dozen values (the LCW's is 14). The bounds leave room for
 * an inline context and a few extra properties, and cap what one request can make
 * canonicalization spend: about 1,200 values took 50–70 ms warm, so 500 stay near 30 ms.
 */
const PRESENTATION_BOUNDS: JsonBounds = { maxBytes: MAX_PRESENTATION_BYTES, maxDepth: 16, maxValues: 500, maxArrayItems: 100, maxContexts: 8 };

/** Values from the request, quoted into messages: JSON-quoted (no control characters) and cut short. */
const quote = (value: unknown): string => {
  if (value === undefined) return 'absent';
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Challenges and nonces are compared as SHA-256 digests with timingSafeEqual (equal lengths
 * whatever was sent): the legacy request link puts the challenge in the exchange URL, so it is
 * closer to a capability than to a public value.
 */
const sameSecret = (sent: string, expected: string) =>
  timingSafeEqual(createHash('sha256').update(sent, 'utf8').digest(), createHash('sha256').update(expected, 'utf8').digest());

// ---------------------------------------------------------------------------------------------
// did:key

/** base58btc multibase with room for a P-256 key (35 bytes ≈ 48 characters): bounded before decoding, which is quadratic. */
const MULTIBASE = /^z[1-9A-HJ-NP-Za-km-z]{1,64}$/;
/** Multicodec p256-pub (0x1200) as a varint; a compressed point (33 bytes) follows. */
const P256_PUB = Uint8Array.of(0x80, 0x24);
/** DER of a P-256 SubjectPublicKeyInfo holding a compressed point (OpenSSL reads the compressed form). */
const P256_COMPRESSED_SPKI_PREFIX = Buffer.from('3039301306072a8648ce3d020106082a8648ce3d030107032200', 'hex');

type KeyType = 'Ed25519' | 'P-256';

interface DidKey {
  did: string;
  multibase: string;
  type: KeyType;
  publicKey: KeyObject;
}

/**
 * A did:key DID (no path, query or fragment) with an Ed25519 or (when `allowP256`) P-256 key;
 * undefined when `did` is not a did:key of those, and throws when its key does not decode.
 */
function parseDidKey(did: string, allowP256: boolean): DidKey | undefined {
  if (!did.startsWith('did:key:')) return undefined;
  const multibase = did.slice('did:key:'.length);
  if (!MULTIBASE.test(multibase)) return undefined;
  if (multibase.startsWith('z6Mk')) {
    // publicKeyFromMultikey checks the Ed25519 multicodec and the length.
    return { did, multibase, type: 'Ed25519', publicKey: publicKeyFromMultikey(multibase) };
  }
  if (allowP256 && multibase.startsWith('zDn')) {
    const bytes = decodeBase58(multibase.slice(1));
    if (bytes.length !== 35 || bytes[0] !== P256_PUB[0] || bytes[1] !== P256_PUB[1] || (bytes[2] !== 0x02 && bytes[2] !== 0x03)) {
      throw new Error('its key is not a compressed P-256 point');
    }
    // createPublicKey checks the point is on the curve.
    const publicKey = createPublicKey({ key: Buffer.concat([P256_COMPRESSED_SPKI_PREFIX, bytes.subarray(2)]), format: 'der', type: 'spki' });
    return { did, multibase, type: 'P-256', publicKey };
  }
  return undefined;
}

/**
 * The did:key of an Ed25519 (`OKP`) or P-256 (`EC`) public JWK: `did:key:z6Mk…` (multicodec
 * 0xed) or `did:key:zDn…` (0x1200, compressed point). Throws for any other key, or a JWK whose
 * point is not on its curve.
 */
export function didKeyFromPublicJwk(jwk: JsonWebKey): string {
  const normalized = createPublicKey({ key: publicMembers(jwk), format: 'jwk' }).export({ format: 'jwk' });
  if (normalized.kty === 'OKP' && normalized.crv === 'Ed25519' && normalized.x) {
    return `did:key:${multikeyFromRaw(Buffer.from(normalized.x, 'base64url'))}`;
  }
  if (normalized.kty === 'EC' && normalized.crv === 'P-256' && normalized.x && normalized.y) {
    const x = Buffer.from(normalized.x, 'base64url');
    const y = Buffer.from(normalized.y, 'base64url');
    if (x.length !== 32 || y.length !== 32) throw new Error('a P-256 coordinate is 32 bytes');
    const compressed = Buffer.concat([P256_PUB, Uint8Array.of(0x02 | (y[31]! & 1)), x]);
    return `did:key:z${encodeBase58(compressed)}`;
  }
  throw new Error('only Ed25519 (OKP) and P-256 (EC) keys have a did:key here');
}

/** The members that describe a public key: everything else (alg, kid, use…) is dropped. */
function publicMembers(jwk: JsonWebKey): JsonWebKey {
  const { kty, crv, x, y } = jwk;
  if (typeof kty !== 'string' || typeof crv !== 'string' || typeof x !== 'string') throw new Error('a public key JWK has kty, crv and x');
  return { kty, crv, x, ...(typeof y === 'string' ? { y } : {}) };
}

// ---------------------------------------------------------------------------------------------
// DIDAuthentication presentation

/**
 * The presentation as plain JSON, measured before it is used: serialized (a cycle, a BigInt or a
 * nesting too deep for the stack is refused), bounded in bytes and shape, and parsed again, so
 * what is checked and canonicalized is exactly what was measured — no getters, prototypes or
 * toJSON tricks survive.
 */
function snapshot(presentation: unknown): unknown {
  let seen = 0;
  let text: string | undefined;
  try {
    // Keys and string values are a lower bound of the serialized size, so counting them stops a
    // huge in-memory object early instead of serializing all of it first.
    text = JSON.stringify(presentation, (key, value: unknown) => {
      seen += key.length + (typeof value === 'string' ? value.length : 1);
      if (seen > MAX_PRESENTATION_BYTES) throw new JsonBoundsError(`The document is larger than ${MAX_PRESENTATION_BYTES.toLocaleString('en-US')} bytes.`, '', 'size');
      return value;
    });
    if (text === undefined) throw new Error('it has no JSON form');
    return parseBoundedJson(text, PRESENTATION_BOUNDS);
  } catch (e) {
    if (e instanceof JsonBoundsError) {
      return refuse('malformed', `The presentation is refused before verification: ${e.path ? `at ${e.path}: ` : ''}${e.message} A DIDAuthentication presentation carries little more than its holder and one proof.`);
    }
    // A nesting deeper than the stack, a cycle, a BigInt: nothing a wallet sends.
    if (e instanceof RangeError) return refuse('malformed', 'The presentation nests too deeply to be read.');
    return refuse('malformed', `The presentation is not JSON: ${e instanceof Error ? e.message : String(e)}.`);
  }
}

/** A 64-byte signature is 86–88 base58 characters; the bound comes before decoding, which is quadratic. */
const PROOF_VALUE = /^z[1-9A-HJ-NP-Za-km-z]{1,100}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function dateOf(value: unknown, name: string): number {
  const time = typeof value === 'string' && ISO_DATE_TIME.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) refuse('malformed', `The proof's ${name} must be an XML Schema dateTime such as 2026-01-01T00:00:00Z; it is ${quote(value)}.`);
  return time;
}

/** A jsonld.js error, as a reason a developer can act on (which term, which context), without a final period. */
const jsonLdReason = (e: unknown) => withoutFinalPeriods(describeJsonLdError(e));

/** A loop, not /\.+$/ (quadratic on a long run of dots that does not end the string). */
function withoutFinalPeriods(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === '.') end--;
  return text.slice(0, end);
}

function describeJsonLdError(e: unknown): string {
  const error = e as { message?: unknown; details?: { cause?: { message?: unknown }; event?: { message?: unknown; details?: Record<string, unknown> } } };
  const event = error.details?.event;
  if (event?.details && typeof event.details.property === 'string') {
    return `the property ${quote(event.details.property)} is not defined by any of its contexts (add the context that defines it, or remove it)`;
  }
  if (event?.details && typeof event.details.type === 'string') {
    return `the type ${quote(event.details.type)} is not defined by any of its contexts`;
  }
  if (typeof event?.message === 'string') return `${event.message} ${event.details ? JSON.stringify(event.details).slice(0, 200) : ''}`.trim();
  if (typeof error.details?.cause?.message === 'string') return error.details.cause.message;
  return typeof error.message === 'string' ? error.message.slice(0, 300) : String(e);
}

export interface DidAuthenticationExpectation {
  /** The challenge this exchange handed the wallet. */
  challenge: string;
  /**
   * The domain this exchange handed the wallet. When undefined (the LCW's legacy request link
   * sends none), a proof must carry no domain either: a proof bound to some domain was made for
   * that verifier, not for one that named none.
   */
  domain?: string;
  now: Date;
  /** How old the proof's `created` may be (default 600 s). */
  maxAgeSeconds?: number;
}

/**
 * Verifies a DIDAuthentication presentation; answers the holder's DID (did:key only).
 *
 * Accepted: a VC 2.0 `VerifiablePresentation` whose `holder` is an Ed25519 did:key, with no
 * credentials in it, and exactly one proof — `DataIntegrityProof`/`eddsa-rdfc-2022`, or the legacy
 * `Ed25519Signature2020` that the Learner Credential Wallet signs with whatever is asked (it hashes
 * exactly as eddsa-rdfc-2022 does) — with `proofPurpose: authentication`, made by the holder's own
 * key (`did:key:X#X`), carrying this exchange's challenge (and domain, see
 * DidAuthenticationExpectation.domain), and `created` within `maxAgeSeconds` (±5 minutes of skew).
 *
 * The cheap checks run first, canonicalization last: a replayed or stale presentation costs no
 * RDFC-1.0 work.
 */
export async function verifyDidAuthentication(presentation: unknown, expected: DidAuthenticationExpectation): Promise<{ holder: string }> {
  // The caller's mistake, not the wallet's: an empty challenge would accept any proof that has one.
  if (!expected.challenge) throw new TypeError('verifyDidAuthentication needs the challenge this exchange sent');
  const doc = snapshot(presentation);
  if (!isObject(doc)) return refuse('malformed', 'The presentation must be a JSON object (a Verifiable Presentation).');

  const types = typeof doc.type === 'string' ? [doc.type] : Array.isArray(doc.type) ? doc.type : [];
  if (!types.includes('VerifiablePresentation')) return refuse('malformed', 'The presentation\'s type must include "VerifiablePresentation".');
  const contexts = Array.isArray(doc['@context']) ? doc['@context'] : [doc['@context']];
  if (contexts[0] !== CONTEXTS.credentialsV2) {
    return refuse('malformed', `The presentation's first @context must be ${CONTEXTS.credentialsV2} (VC 2.0); it is ${quote(contexts[0])}.`);
  }
  const credentials = doc.verifiableCredential;
  if (credentials !== undefined && !(Array.isArray(credentials) && credentials.length === 0)) {
    return refuse('malformed', 'A DIDAuthentication presentation must carry no verifiableCredential: this exchange accepts proof of a DID, not credentials.');
  }

  if (typeof doc.holder !== 'string') {
    return refuse('malformed', 'The presentation must name its holder: "holder" as a did:key DID string (an object holder is not accepted).');
  }
  let holder: DidKey | undefined;
  try {
    holder = parseDidKey(doc.holder, false);
  } catch {
    holder = undefined;
  }
  if (!holder) return refuse('unsupported-did', `The holder ${quote(doc.holder)} is not an Ed25519 did:key (did:key:z6Mk…): only did:key holders are accepted.`);

  const proofs = doc.proof === undefined ? [] : Array.isArray(doc.proof) ? doc.proof : [doc.proof];
  if (proofs.length === 0) return refuse('malformed', 'The presentation has no proof: sign it with the holder\'s key (proofPurpose "authentication", with this exchange\'s challenge).');
  if (proofs.length > 1) return refuse('malformed', `The presentation has ${proofs.length} proofs; exactly one, by the holder, is accepted.`);
  const proof = proofs[0];
  if (!isObject(proof)) return refuse('malformed', 'The presentation\'s proof must be a JSON object.');

  // Ed25519Signature2020: the LCW's suite. It hashes and signs exactly as eddsa-rdfc-2022 does
  // (RDFC-1.0 of the proof options with the document's @context, then of the document).
  const legacy = proof.type === 'Ed25519Signature2020' && proof.cryptosuite === undefined;
  if (!legacy && !(proof.type === 'DataIntegrityProof' && proof.cryptosuite === CRYPTOSUITE)) {
    return refuse('unsupported-proof', `The proof (type ${quote(proof.type)}${proof.cryptosuite === undefined ? '' : `, cryptosuite ${quote(proof.cryptosuite)}`}) is not accepted: sign with DataIntegrityProof and cryptosuite ${CRYPTOSUITE}, or Ed25519Signature2020.`);
  }
  if (proof.proofPurpose !== 'authentication') {
    return refuse('unsupported-proof', `The proof's purpose is ${quote(proof.proofPurpose)}; proving control of a DID needs proofPurpose "authentication".`);
  }

  if (typeof proof.verificationMethod !== 'string') return refuse('malformed', 'The proof\'s verificationMethod must be the URL of the holder\'s key (did:key:X#X).');
  const holderKey = `${holder.did}#${holder.multibase}`;
  if (proof.verificationMethod !== holderKey) {
    const signer = proof.verificationMethod.split('#')[0];
    return refuse(
      'holder-mismatch',
      signer === holder.did
        ? `The proof's verificationMethod ${quote(proof.verificationMethod)} is not a key of the holder: a did:key has one signing key, ${holderKey}.`
        : `The presentation was signed by ${quote(signer)}, not by its holder ${holder.did}: sign with the holder's key ${holderKey}.`,
    );
  }

  if (typeof proof.challenge !== 'string') return refuse('wrong-challenge', 'The proof has no challenge: sign with the challenge this exchange sent.');
  if (!sameSecret(proof.challenge, expected.challenge)) {
    return refuse('wrong-challenge', 'The proof\'s challenge is not the one this exchange sent: the presentation was made for another exchange (or replayed). Ask for a new presentation.');
  }

  const domains = proof.domain === undefined ? [] : Array.isArray(proof.domain) ? proof.domain : [proof.domain];
  if (!domains.every((d) => typeof d === 'string')) return refuse('malformed', 'The proof\'s domain must be a string (or an array of strings).');
  if (expected.domain === undefined) {
    if (domains.length) {
      return refuse('wrong-domain', `The proof is bound to the domain ${quote(proof.domain)}, but this exchange asked for none: it was made for another verifier.`);
    }
  } else if (!domains.includes(expected.domain)) {
    return refuse('wrong-domain', domains.length ? `The proof is bound to the domain ${quote(proof.domain)}, not ${quote(expected.domain)}: it was made for another verifier.` : `The proof has no domain: sign with the domain this exchange sent (${quote(expected.domain)}).`);
  }

  const now = expected.now.getTime();
  const maxAgeMs = (expected.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS) * 1000;
  if (proof.created === undefined) return refuse('malformed', 'The proof has no created date: it is needed to judge the proof\'s freshness.');
  const created = dateOf(proof.created, 'created');
  if (created > now + CLOCK_SKEW_SECONDS * 1000) return refuse('expired', `The proof was created in the future (${quote(proof.created)}): check the wallet's clock.`);
  if (now - created > maxAgeMs) {
    return refuse('expired', `The proof was created at ${quote(proof.created)}, more than ${maxAgeMs / 1000} seconds ago: ask the wallet for a new presentation.`);
  }
  if (proof.expires !== undefined && dateOf(proof.expires, 'expires') + CLOCK_SKEW_SECONDS * 1000 <= now) {
    return refuse('expired', `The proof expired at ${quote(proof.expires)}: ask the wallet for a new presentation.`);
  }

  let signature: Uint8Array;
  try {
    if (typeof proof.proofValue !== 'string' || !PROOF_VALUE.test(proof.proofValue)) {
      throw new Error('it is not a multibase base58btc string');
    }
    signature = decodeProofValue(proof.proofValue);
    if (signature.length !== 64) throw new Error(`it holds ${signature.length} bytes`);
  } catch (e) {
    return refuse('malformed', `The proof's proofValue must be a 64-byte Ed25519 signature, base58btc-encoded (z…): ${e instanceof Error ? e.message : String(e)}.`);
  }

  const { proofValue: _value, ...proofConfig } = proof;
  let message: Uint8Array;
  try {
    ({ message } = await hashForProof(doc, proofConfig as Omit<DataIntegrityProof, 'proofValue'>, bundledDocumentLoader));
  } catch (e) {
    return refuse('malformed', `The presentation's JSON-LD is not well defined (verified in safe mode, with the contexts Laurel bundles): ${jsonLdReason(e)}.`);
  }
  if (!cryptoVerify(null, message, holder.publicKey, signature)) {
    return refuse('bad-signature', 'The presentation\'s signature does not verify: it was altered after signing, or signed by another key than its verificationMethod names.');
  }
  return { holder: holder.did };
}

// ---------------------------------------------------------------------------------------------
// OpenID4VCI 1.0 `jwt` key proof

const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** `EdDSA` (RFC 8037) and the fully specified `Ed25519` (RFC 9864) name the same signature. */
const ALGORITHMS: Record<string, { key: KeyType; hash: string | null; dsaEncoding?: 'ieee-p1363' }> = {
  EdDSA: { key: 'Ed25519', hash: null },
  Ed25519: { key: 'Ed25519', hash: null },
  // A JWS ECDSA signature is raw r‖s (RFC 7518 §3.4), not DER.
  ES256: { key: 'P-256', hash: 'sha256', dsaEncoding: 'ieee-p1363' },
};
/** JWK members that hold private key material (EC/OKP `d`, RSA's, a symmetric `k`). */
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

function decodeJsonPart(part: string, name: string): Record<string, unknown> {
  // A base64url string of length 4n+1 encodes no whole byte: not one any encoder writes.
  if (!BASE64URL.test(part) || part.length % 4 === 1) return refuse('malformed', `The key proof's ${name} is not base64url.`);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return refuse('malformed', `The key proof's ${name} is not JSON.`);
  }
  if (!isObject(value)) return refuse('malformed', `The key proof's ${name} must be a JSON object.`);
  return value;
}

function keyOfJwk(jwk: unknown): { publicKey: KeyObject; type: KeyType; did: string } {
  if (!isObject(jwk)) return refuse('malformed', 'The key proof\'s jwk header must be a JSON object (a public JWK).');
  const secret = PRIVATE_JWK_MEMBERS.filter((m) => m in jwk);
  if (secret.length) {
    return refuse('malformed', `The key proof's jwk holds private key material (${secret.join(', ')}): send the public key only — and treat that key as disclosed.`);
  }
  const supported = (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') || (jwk.kty === 'EC' && jwk.crv === 'P-256');
  if (!supported) return refuse('unsupported-proof', `The key proof's jwk (kty ${quote(jwk.kty)}, crv ${quote(jwk.crv)}) is not accepted: use an Ed25519 (OKP) or P-256 (EC) key.`);
  try {
    const publicJwk = publicMembers(jwk as JsonWebKey);
    const publicKey = createPublicKey({ key: publicJwk, format: 'jwk' });
    return { publicKey, type: jwk.crv === 'Ed25519' ? 'Ed25519' : 'P-256', did: didKeyFromPublicJwk(publicJwk) };
  } catch (e) {
    return refuse('malformed', `The key proof's jwk is not a valid public key: ${e instanceof Error ? e.message : String(e)}.`);
  }
}

function keyOfKid(kid: unknown): { publicKey: KeyObject; type: KeyType; did: string } {
  if (typeof kid !== 'string') return refuse('malformed', 'The key proof\'s kid must be a string (a did:key DID URL, did:key:X#X).');
  const [did, fragment, ...rest] = kid.split('#');
  let key: DidKey | undefined;
  try {
    key = parseDidKey(did!, true);
  } catch (e) {
    return refuse('malformed', `The key proof's kid ${quote(kid)} does not decode: ${e instanceof Error ? e.message : String(e)}.`);
  }
  if (!key) return refuse('unsupported-did', `The key proof's kid ${quote(kid)} is not an Ed25519 or P-256 did:key: name the key as did:key:X#X, or send it as jwk.`);
  // A did:key has one signing key, #X; the bare DID names it as well.
  if (rest.length || (fragment !== undefined && fragment !== key.multibase)) {
    return refuse('malformed', `The key proof's kid ${quote(kid)} names no key of ${key.did}: its key is ${key.did}#${key.multibase}.`);
  }
  return { publicKey: key.publicKey, type: key.type, did: key.did };
}

export interface KeyProofExpectation {
  /** The Credential Issuer Identifier (the `aud` a proof must carry). */
  audience: string;
  /** The c_nonce this issuer handed out (the `nonce` a proof must carry). */
  nonce: string;
  now: Date;
  /** How old `iat` may be (default 600 s). */
  maxAgeSeconds?: number;
}

/**
 * Verifies an OID4VCI 1.0 `jwt` key proof (§8.2.1.1, Appendix F.1): `typ` openid4vci-proof+jwt,
 * `alg` EdDSA (Ed25519) or ES256 (P-256), the key named by exactly one of `kid` (a did:key DID
 * URL) or `jwk` (public), `aud` the issuer identifier, `nonce` the c_nonce, `iat` within
 * `maxAgeSeconds` (±5 minutes of skew); no `iss` is fine (the anonymous pre-authorized flow).
 *
 * Answers the key as a did:key — also for a `jwk`, encoded as did:key (z6Mk… or zDn…) rather
 * than did:jwk — so the credential subject id is always a did:key, the one binding method the
 * issuer metadata advertises and the DCC wallets resolve; and the public key as a JWK.
 *
 * Error codes as for presentations: `aud` → wrong-domain, `nonce` → wrong-challenge, `iat`/`exp`/
 * `nbf` → expired, `typ`/`alg`/`x5c`/`crit` → unsupported-proof. The signature is checked before
 * the claims, so a forged proof is always `bad-signature`, whatever it claims.
 */
export async function verifyKeyProofJwt(jwt: string, expected: KeyProofExpectation): Promise<{ holder: string; publicKeyJwk: JsonWebKey }> {
  if (!expected.nonce || !expected.audience) throw new TypeError('verifyKeyProofJwt needs the c_nonce handed out and the credential issuer identifier');
  if (typeof jwt !== 'string') return refuse('malformed', 'The key proof must be a compact JWS string.');
  if (jwt.length > MAX_KEY_PROOF_JWT_BYTES) return refuse('malformed', `The key proof is longer than ${MAX_KEY_PROOF_JWT_BYTES} bytes; a key proof is a few hundred.`);
  const parts = jwt.split('.');
  if (parts.length !== 3) return refuse('malformed', `The key proof must be a compact JWS (three base64url parts separated by dots); it has ${parts.length} part${parts.length === 1 ? '' : 's'}.`);
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJsonPart(headerPart, 'header');
  const payload = decodeJsonPart(payloadPart, 'payload');
  if (!BASE64URL.test(signaturePart) || signaturePart.length % 4 === 1) return refuse('malformed', 'The key proof\'s signature is not base64url.');

  if (header.typ !== 'openid4vci-proof+jwt') return refuse('unsupported-proof', `The key proof's typ is ${quote(header.typ)}; an OpenID4VCI key proof has typ "openid4vci-proof+jwt".`);
  const algorithm = typeof header.alg === 'string' ? ALGORITHMS[header.alg] : undefined;
  if (!algorithm) return refuse('unsupported-proof', `The key proof's alg ${quote(header.alg)} is not accepted: use EdDSA (Ed25519) or ES256 (P-256).`);
  // RFC 7515 §4.1.11: an extension this verifier does not understand must not be ignored.
  if (header.crit !== undefined) return refuse('unsupported-proof', 'The key proof has a crit header; no JWS extensions are understood here.');
  if (header.x5c !== undefined) return refuse('unsupported-proof', 'The key proof names its key by x5c, which is not accepted: use kid (a did:key DID URL) or jwk.');
  if (header.kid !== undefined && header.jwk !== undefined) return refuse('malformed', 'The key proof names its key twice (kid and jwk): send exactly one.');
  if (header.kid === undefined && header.jwk === undefined) return refuse('malformed', 'The key proof names no key: send kid (a did:key DID URL) or jwk.');
  const key = header.kid !== undefined ? keyOfKid(header.kid) : keyOfJwk(header.jwk);
  if (key.type !== algorithm.key) return refuse('malformed', `The key proof's alg ${header.alg as string} does not fit its ${key.type} key.`);

  const signature = Buffer.from(signaturePart, 'base64url');
  const input = Buffer.from(`${headerPart}.${payloadPart}`, 'ascii');
  let verified = false;
  try {
    verified = signature.length === 64 && cryptoVerify(algorithm.hash, input, algorithm.dsaEncoding ? { key: key.publicKey, dsaEncoding: algorithm.dsaEncoding } : key.publicKey, signature);
  } catch {
    verified = false;
  }
  if (!verified) return refuse('bad-signature', `The key proof's signature does not verify with the key it names (${key.did}): it was altered, or signed by another key.`);

  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audiences.includes(expected.audience)) {
    return refuse('wrong-domain', payload.aud === undefined ? `The key proof has no aud: it must be the credential issuer identifier, ${quote(expected.audience)}.` : `The key proof's aud is ${quote(payload.aud)}, not this credential issuer (${quote(expected.audience)}): it was made for another issuer.`);
  }
  if (typeof payload.nonce !== 'string') return refuse('wrong-challenge', 'The key proof has no nonce: fetch one from the nonce endpoint and sign with it.');
  if (!sameSecret(payload.nonce, expected.nonce)) return refuse('wrong-challenge', 'The key proof\'s nonce is not the c_nonce this issuer handed out (or it was used already): fetch a new one from the nonce endpoint.');

  const now = expected.now.getTime();
  const skewMs = CLOCK_SKEW_SECONDS * 1000;
  const maxAgeMs = (expected.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS) * 1000;
  const seconds = (name: string): number | undefined => {
    const value = payload[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) return refuse('malformed', `The key proof's ${name} must be a number of seconds since 1970 (NumericDate).`);
    return value * 1000;
  };
  const iat = seconds('iat');
  if (iat === undefined) return refuse('malformed', 'The key proof has no iat: it is needed to judge the proof\'s freshness.');
  if (iat > now + skewMs) return refuse('expired', `The key proof was issued in the future (iat ${payload.iat as number}): check the wallet's clock.`);
  if (now - iat > maxAgeMs) return refuse('expired', `The key proof was issued more than ${maxAgeMs / 1000} seconds ago (iat ${payload.iat as number}): make a new one.`);
  const exp = seconds('exp');
  if (exp !== undefined && exp + skewMs <= now) return refuse('expired', `The key proof expired (exp ${payload.exp as number}): make a new one.`);
  const nbf = seconds('nbf');
  if (nbf !== undefined && nbf > now + skewMs) return refuse('expired', `The key proof is not valid yet (nbf ${payload.nbf as number}): check the wallet's clock.`);

  return { holder: key.did, publicKeyJwk: publicMembers(key.publicKey.export({ format: 'jwk' })) };
}
