import { createHash, createPublicKey } from 'node:crypto';

/**
 * The VC-JWT form of a credential (OB 3.0 §8.2, W3C VC-JOSE-COSE): the unsecured credential is
 * the JWT payload itself — no `vc` wrapper — with the registered claims derived from it, signed
 * ES256 by a P-256 KMS key. `kid` is the URL of one bare JWK (1EdTech's validator GETs it).
 */
export interface Es256Signer {
  /** URL of the bare public JWK. */
  readonly kid: string;
  /** Signs a SHA-256 digest; returns the DER ECDSA signature (what KMS returns). */
  signDigest(digest: Uint8Array): Promise<Uint8Array>;
}

const epoch = (iso: unknown) => (typeof iso === 'string' ? Math.floor(Date.parse(iso) / 1000) : undefined);
const b64url = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** JWT registered claims, each the same fact the credential states (never a conflicting value). */
export function jwtPayload(credential: Record<string, unknown>): Record<string, unknown> {
  const { proof: _proof, ...unsecured } = credential;
  const issuer = unsecured.issuer as string | { id: string };
  const subjectId = (unsecured.credentialSubject as { id?: unknown } | undefined)?.id;
  return {
    ...unsecured,
    iss: typeof issuer === 'string' ? issuer : issuer.id,
    jti: unsecured.id,
    nbf: epoch(unsecured.validFrom),
    ...(unsecured.validUntil ? { exp: epoch(unsecured.validUntil) } : {}),
    ...(typeof subjectId === 'string' ? { sub: subjectId } : {}),
  };
}

/** DER SEQUENCE { INTEGER r, INTEGER s } → the 64-byte r‖s that JWS ES256 needs. */
export function derToJose(der: Uint8Array, size = 32): Uint8Array {
  const bytes = Buffer.from(der);
  let offset = 2;
  if (bytes[0] !== 0x30) throw new Error('not a DER ECDSA signature');
  if (bytes[1]! & 0x80) offset = 2 + (bytes[1]! & 0x7f);
  const readInt = () => {
    if (bytes[offset] !== 0x02) throw new Error('not a DER ECDSA signature');
    const length = bytes[offset + 1]!;
    let value = bytes.subarray(offset + 2, offset + 2 + length);
    offset += 2 + length;
    while (value.length > size && value[0] === 0) value = value.subarray(1);
    if (value.length > size) throw new Error('ECDSA integer too long');
    return Buffer.concat([Buffer.alloc(size - value.length), value]);
  };
  return Buffer.concat([readInt(), readInt()]);
}

export async function signVcJwt(credential: Record<string, unknown>, signer: Es256Signer): Promise<string> {
  const header = { alg: 'ES256', typ: 'JWT', kid: signer.kid };
  const signingInput = `${b64url(header)}.${b64url(jwtPayload(credential))}`;
  const digest = createHash('sha256').update(signingInput, 'utf8').digest();
  const signature = derToJose(await signer.signDigest(digest));
  return `${signingInput}.${Buffer.from(signature).toString('base64url')}`;
}

/** The claims of a compact JWT, without verifying it (for comparing two JWTs of one credential). */
export function decodeJwtPayload(jwt: string): Record<string, unknown> {
  const [, payload] = jwt.split('.');
  if (!payload) throw new Error('not a compact JWT');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
}

/**
 * Two JWTs of the same credential: ECDSA signatures are randomized, so a signing step run again
 * makes another token with the same claims.
 */
export const sameJwtClaims = (a: string, b: string) => JSON.stringify(decodeJwtPayload(a)) === JSON.stringify(decodeJwtPayload(b));

/** The bare public JWK of a P-256 SubjectPublicKeyInfo (what KMS GetPublicKey returns). */
export function jwkFromSpki(spki: Uint8Array): { kty: 'EC'; crv: 'P-256'; x: string; y: string } {
  const jwk = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }).export({ format: 'jwk' });
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.x || !jwk.y) throw new Error('not a P-256 public key');
  return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
}
