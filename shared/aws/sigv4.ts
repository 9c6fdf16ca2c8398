import type { Checksum, SourceData } from '@smithy/types';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';

/**
 * What the SDK's SigV4 signer (@smithy/signature-v4) needs besides credentials, for the requests
 * Laurel signs without a service client (presign.ts, signed-request.ts): SHA-256 and HMAC-SHA256
 * from node:crypto, and the partition's DNS suffix. A module of its own, so that a function
 * signing with the environment's credentials bundles no credential chain.
 */
export class Sha256 implements Checksum {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.make();
  }
  private make() {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(this.secret));
  }
  update(data: Uint8Array | string): void {
    this.hash.update(toBytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.make();
  }
}

function toBytes(data: SourceData): Uint8Array {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

/** The DNS suffix of a region's partition; regions of the isolated partitions are refused rather than guessed. */
export function dnsSuffix(region: string): string {
  if (region.startsWith('cn-')) return 'amazonaws.com.cn';
  if (/^(us-iso|us-isob|us-isof|eu-isoe|eusc)-/.test(region)) throw new Error(`AWS: region ${region} is in a partition this module does not know`);
  return 'amazonaws.com';
}
