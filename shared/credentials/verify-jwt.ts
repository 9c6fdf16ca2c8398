import { createPublicKey, verify as cryptoVerify } from 'node:crypto';
import { bundledDocumentLoader } from './document-loader';
import { canonize } from './data-integrity';
import { openBadgeSchemaErrors } from './schema';
import { checkStatus, checkValidity, describeError, issuerOf, summarize, type Check, type CheckName, type VerificationResult, type VerifyOptions } from './verify';

/**
 * Verifies a credential in its VC-JWT form (OB 3.0 §8.2; W3C VC-JOSE-COSE): a compact JWS whose
 * payload is the credential (or, in the older VC 1.1 form, carries it in a `vc` claim), signed
 * with the key its `kid` URL serves as a bare JWK. The checks are named as for Data Integrity
 * proofs, so a person reads one kind of answer whichever form they were handed.
 */
export const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

const ALGORITHMS: Record<string, { hash: string | null; dsaEncoding?: 'ieee-p1363' }> = {
  ES256: { hash: 'sha256', dsaEncoding: 'ieee-p1363' },
  ES384: { hash: 'sha384', dsaEncoding: 'ieee-p1363' },
  RS256: { hash: 'sha256' },
  EdDSA: { hash: null },
};
/** JWT claims that restate the credential; they are not part of the credential itself. */
const JWT_CLAIMS = ['iss', 'sub', 'jti', 'nbf', 'exp', 'iat', 'aud'];

const decodePart = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The credential in a JWT payload: the `vc` claim (VC 1.1), else the payload without its JWT claims. */
const credentialOfPayload = (payload: Record<string, unknown>): Record<string, unknown> =>
  isObject(payload.vc) ? payload.vc : Object.fromEntries(Object.entries(payload).filter(([k]) => !JWT_CLAIMS.includes(k)));

/** The credential a VC-JWT carries (without its JWT claims), or undefined when it is not one. */
export function credentialOfJwt(jwt: string): Record<string, unknown> | undefined {
  if (!COMPACT_JWS.test(jwt)) return undefined;
  try {
    const payload = decodePart(jwt.split('.')[1]!);
    return isObject(payload) ? credentialOfPayload(payload) : undefined;
  } catch {
    return undefined;
  }
}

export async function verifyVcJwt(jwt: string, options: VerifyOptions): Promise<VerificationResult> {
  const now = options.now ?? new Date();
  const checks: Check[] = [];
  const done = (name: CheckName, message: string) => summarize([...checks, { name, passed: false, message }], now);

  const parts = jwt.trim().split('.');
  let header: unknown;
  let payload: unknown;
  try {
    if (!COMPACT_JWS.test(jwt.trim())) throw new Error('not three base64url parts');
    header = decodePart(parts[0]!);
    payload = decodePart(parts[1]!);
  } catch (e) {
    return done('structure', `The JWT could not be read: ${describeError(e)}.`);
  }
  if (!isObject(header) || !isObject(payload)) return done('structure', 'The JWT header or payload is not a JSON object.');
  const algorithm = typeof header.alg === 'string' ? ALGORITHMS[header.alg] : undefined;
  if (!algorithm) return done('structure', `Unsupported JWT algorithm ${String(header.alg)}: ES256, ES384, RS256 and EdDSA are accepted.`);
  if (typeof header.kid !== 'string') return done('structure', 'The JWT header names no key (kid).');
  const credential = credentialOfPayload(payload);
  const types = Array.isArray(credential.type) ? credential.type : [credential.type];
  if (!types.includes('VerifiableCredential')) return done('structure', 'The JWT does not carry a Verifiable Credential.');
  const issuerId = issuerOf(credential);
  if (typeof issuerId !== 'string') return done('structure', 'The credential names no issuer.');
  if (payload.iss !== undefined && payload.iss !== issuerId) return done('structure', `The JWT issuer (${String(payload.iss)}) is not the credential's issuer.`);
  checks.push({ name: 'structure', passed: true, message: 'The credential is a Verifiable Credential secured as a JWT.' });

  const schemaErrors = openBadgeSchemaErrors(credential);
  if (schemaErrors.length) return done('schema', `The credential does not match the Open Badges 3.0 schema: ${schemaErrors.slice(0, 3).join('; ')}`);
  checks.push({ name: 'schema', passed: true, message: 'The credential matches the official Open Badges 3.0 schema.' });

  try {
    await canonize(credential, bundledDocumentLoader);
  } catch (e) {
    return done('jsonld', `The credential's JSON-LD is not well defined: ${describeError(e)}`);
  }
  checks.push({ name: 'jsonld', passed: true, message: 'Every term in the credential is defined by a known context.' });

  if (!options.resolver.resolveJwk) return done('key', 'This verifier cannot resolve JWT keys.');
  let key: Awaited<ReturnType<NonNullable<typeof options.resolver.resolveJwk>>>;
  try {
    key = await options.resolver.resolveJwk(header.kid);
  } catch (e) {
    return done('key', `The signing key ${header.kid} could not be resolved: ${describeError(e)}`);
  }
  if (key.revoked) return done('key', `The issuer reported the signing key compromised (from ${key.revoked}); nothing it signed can be trusted.`);
  checks.push({ name: 'key', passed: true, message: `The signing key was found at ${header.kid}.` });

  try {
    const publicKey = createPublicKey({ key: key.jwk as never, format: 'jwk' });
    const input = Buffer.from(`${parts[0]}.${parts[1]}`, 'ascii');
    const signature = Buffer.from(parts[2]!, 'base64url');
    const ok = cryptoVerify(algorithm.hash, input, algorithm.dsaEncoding ? { key: publicKey, dsaEncoding: algorithm.dsaEncoding } : publicKey, signature);
    if (!ok) return done('signature', 'The signature does not match: the credential was altered or signed by another key.');
  } catch (e) {
    return done('signature', `The signature could not be checked: ${describeError(e)}`);
  }
  checks.push({ name: 'signature', passed: true, message: 'The signature is intact: nothing was changed since it was issued.' });

  // The key must belong to the issuer: as published by it (our keys), or served from under its
  // own https URL (another issuer's), so a stranger's key cannot vouch for a famous issuer.
  const belongs = key.controller !== undefined
    ? key.controller === issuerId
    : issuerId.startsWith('https://') && new URL(header.kid).origin === new URL(issuerId).origin;
  if (!belongs) return done('issuer', `The signing key ${header.kid} is not published by the issuer ${issuerId}.`);
  checks.push({ name: 'issuer', passed: true, message: 'The signing key belongs to the issuer named in the credential.' });

  // The JWT's own nbf/exp must agree with the credential's dates (they restate them).
  const validity = checkValidity(credential, now);
  const claims =
    typeof payload.exp === 'number' && payload.exp * 1000 <= now.getTime()
      ? ({ name: 'validity', passed: false, outcome: 'expired', message: 'The JWT expired (its exp claim is past).' } as const)
      : typeof payload.nbf === 'number' && payload.nbf * 1000 > now.getTime()
        ? ({ name: 'validity', passed: false, message: 'The JWT is not valid yet (its nbf claim is in the future).' } as const)
        : undefined;
  checks.push(validity.passed && claims ? claims : validity, await checkStatus(credential, options));
  return summarize(checks, now);
}
