import { createPublicKey, type KeyObject } from 'node:crypto';
import { decodeBase58, encodeBase58 } from './base58';

/** Multicodec prefix of an Ed25519 public key (0xed, varint-encoded). */
const ED25519_PUB = Uint8Array.of(0xed, 0x01);
/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** `z6Mk…` from the 44-byte SPKI that KMS GetPublicKey returns (its last 32 bytes are the key). */
export function multikeyFromSpki(spki: Uint8Array): string {
  const der = Buffer.from(spki);
  if (der.length !== 44 || !der.subarray(0, 12).equals(ED25519_SPKI_PREFIX)) {
    throw new Error('not an Ed25519 SubjectPublicKeyInfo');
  }
  return multikeyFromRaw(der.subarray(12));
}

export function multikeyFromRaw(raw: Uint8Array): string {
  if (raw.length !== 32) throw new Error('an Ed25519 public key is 32 bytes');
  const bytes = new Uint8Array(34);
  bytes.set(ED25519_PUB, 0);
  bytes.set(raw, 2);
  return `z${encodeBase58(bytes)}`;
}

/** The node:crypto key of a `z6Mk…` publicKeyMultibase; throws on any other key type. */
export function publicKeyFromMultikey(multibase: string): KeyObject {
  if (!multibase.startsWith('z')) throw new Error('publicKeyMultibase must be base58btc (z…)');
  const bytes = decodeBase58(multibase.slice(1));
  if (bytes.length !== 34 || bytes[0] !== ED25519_PUB[0] || bytes[1] !== ED25519_PUB[1]) {
    throw new Error('publicKeyMultibase is not an Ed25519 key');
  }
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, bytes.subarray(2)]), format: 'der', type: 'spki' });
}
