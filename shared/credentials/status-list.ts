import { gunzipSync, gzipSync } from 'node:zlib';
import { CONTEXTS } from './document-loader';

/**
 * W3C Bitstring Status List v1.0. A list is a bitstring of STATUS_LIST_SIZE bits (16 KiB), index 0
 * the leftmost bit; it is published as `"u" + base64url(gzip(bits))` inside a signed
 * BitstringStatusListCredential. 131,072 entries is the spec's minimum for herd privacy.
 */
export const STATUS_LIST_SIZE = 131_072;
export const STATUS_PURPOSES = ['revocation', 'suspension'] as const;
export type StatusPurpose = (typeof STATUS_PURPOSES)[number];

export const emptyList = () => new Uint8Array(STATUS_LIST_SIZE / 8);

export function getBit(bits: Uint8Array, index: number): boolean {
  if (!Number.isInteger(index) || index < 0 || index >= bits.length * 8) throw new RangeError(`status index ${index} is outside the list`);
  return ((bits[index >> 3]! >> (7 - (index & 7))) & 1) === 1;
}

export function setBit(bits: Uint8Array, index: number, value: boolean): Uint8Array {
  getBit(bits, index); // range check
  const out = new Uint8Array(bits);
  const mask = 1 << (7 - (index & 7));
  out[index >> 3] = value ? out[index >> 3]! | mask : out[index >> 3]! & ~mask;
  return out;
}

export const compressList = (bits: Uint8Array) => gzipSync(bits);
export const encodeList = (bits: Uint8Array) => `u${compressList(bits).toString('base64url')}`;

/**
 * Decodes an encodedList. The decompressed size is capped: a list is a few KiB of zeros, and a
 * hostile issuer must not be able to hand a verifier a gzip bomb. Lists shorter than ours are
 * read (older issuers published 16 Ki-entry lists); an index past the end is an error.
 */
export function decodeList(encoded: string, maxBytes = 16 * 1024 * 1024): Uint8Array {
  if (!encoded.startsWith('u')) throw new Error('encodedList must be multibase base64url (u…)');
  const bits = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'), { maxOutputLength: maxBytes });
  if (bits.length === 0) throw new Error('the status list is empty');
  return new Uint8Array(bits);
}

export interface StatusEntry {
  id: string;
  type: 'BitstringStatusListEntry';
  statusPurpose: StatusPurpose;
  statusListIndex: string;
  statusListCredential: string;
}

export function statusEntry(listUrl: string, purpose: StatusPurpose, index: number): StatusEntry {
  return { id: `${listUrl}#${index}`, type: 'BitstringStatusListEntry', statusPurpose: purpose, statusListIndex: String(index), statusListCredential: listUrl };
}

/** The unsigned BitstringStatusListCredential for a list. */
export function statusListCredential(input: { url: string; issuer: string; purpose: StatusPurpose; bits: Uint8Array; validFrom: string }) {
  return {
    '@context': [CONTEXTS.credentialsV2],
    id: input.url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: input.issuer,
    validFrom: input.validFrom,
    credentialSubject: {
      id: `${input.url}#list`,
      type: 'BitstringStatusList',
      statusPurpose: input.purpose,
      encodedList: encodeList(input.bits),
    },
  };
}

/**
 * Where global allocation number n lands: list n / SIZE, and a position inside it. Positions
 * are a fixed permutation of the sequence (multiplying by an odd constant modulo 2^17 is a
 * bijection), so neighbouring credentials do not sit on neighbouring bits and the list does
 * not reveal issuance order; no position is ever used twice.
 */
const SCATTER = 0x9e37; // odd, so invertible modulo 2^17
export function positionOf(allocation: number): { listNo: number; index: number } {
  const listNo = Math.floor(allocation / STATUS_LIST_SIZE);
  const index = ((allocation % STATUS_LIST_SIZE) * SCATTER) % STATUS_LIST_SIZE;
  return { listNo, index };
}
