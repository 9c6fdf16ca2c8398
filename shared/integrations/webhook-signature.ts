import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Laurel's webhook signature, one scheme both ways: what a source signs when it posts a
 * completion to `POST /inbound/completions`, and what Laurel signs on every event it delivers to
 * a subscription. HMAC-SHA256 with the source's (or subscription's) secret over
 * `timestamp + "." + raw body`, in two headers:
 *
 *   laurel-timestamp: 1767225600            (Unix seconds)
 *   laurel-signature: v1=<64 hex digits>    (several, space- or comma-separated, while a secret rotates)
 *
 * The timestamp is inside the MAC, so a captured request cannot be replayed later with a new
 * one; within the ±300 s window a receiver refuses a signature it has seen (a replay cache).
 */
export const SIGNATURE_HEADER = 'laurel-signature';
export const TIMESTAMP_HEADER = 'laurel-timestamp';
export const SIGNATURE_TOLERANCE_SECONDS = 300;
const SCHEME = 'v1';
/** A header longer than this is not a few signatures: refused before anything is computed. */
const MAX_SIGNATURE_HEADER = 1024;

export function signatureOf(secret: Uint8Array | string, timestamp: number | string, rawBody: Uint8Array | string): string {
  return createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(rawBody).digest('hex');
}

/** The two headers for a body signed now. */
export function signedHeaders(secret: Uint8Array | string, rawBody: Uint8Array | string, now: Date): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: `${SCHEME}=${signatureOf(secret, timestamp, rawBody)}` };
}

export type SignatureRefusal = 'missing-timestamp' | 'bad-timestamp' | 'stale-timestamp' | 'missing-signature' | 'bad-signature';

export interface SignatureCheck {
  ok: boolean;
  /** Why it was refused, for the 401's problem detail (never the expected value). */
  refusal?: SignatureRefusal;
  /** The signature that matched: what a replay cache keys (its SHA-256, so the cache holds no MAC). */
  signatureHash?: string;
}

const equalHex = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/**
 * Checks the headers against the body and each secret given (the current one, and the previous
 * one while a rotation is in its overlap). Linear in the header's length, bounded, constant-time
 * in the comparison.
 */
export function checkSignature(input: { timestamp: string | undefined; signature: string | undefined; rawBody: Uint8Array | string; secrets: readonly (Uint8Array | string)[]; now: Date }): SignatureCheck {
  const { timestamp, signature } = input;
  if (!timestamp) return { ok: false, refusal: 'missing-timestamp' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, refusal: 'bad-timestamp' };
  if (Math.abs(Math.floor(input.now.getTime() / 1000) - Number(timestamp)) > SIGNATURE_TOLERANCE_SECONDS) return { ok: false, refusal: 'stale-timestamp' };
  if (!signature) return { ok: false, refusal: 'missing-signature' };
  if (signature.length > MAX_SIGNATURE_HEADER) return { ok: false, refusal: 'bad-signature' };
  const offered = signature
    .split(/[\s,]+/)
    .filter((part) => part.startsWith(`${SCHEME}=`))
    .map((part) => part.slice(SCHEME.length + 1).toLowerCase());
  for (const secret of input.secrets) {
    const expected = signatureOf(secret, timestamp, input.rawBody);
    const match = offered.find((o) => equalHex(o, expected));
    if (match) return { ok: true, signatureHash: createHash('sha256').update(match).digest('hex') };
  }
  return { ok: false, refusal: 'bad-signature' };
}
