// s3rver ships no types; the local cloud uses its constructor, run(), close(), and its Koa
// middleware stack (for conditional writes and bucket versioning, local/s3-conditional-writes.mjs
// and local/s3-versions.mjs).
declare module 's3rver' {
  export default class S3rver {
    constructor(options: { port: number; address: string; silent: boolean; directory: string });
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
    middleware: unknown[];
  }
}
declare module '*/s3-conditional-writes.mjs' {
  export function conditionalWrites(): unknown;
  export function keyLocks(): <T>(id: string, fn: () => Promise<T>) => Promise<T>;
}
/** Bucket versioning for s3rver (local/s3-versions.mjs): a middleware keeping versions under `<directory>/.versions`. */
declare module '*/s3-versions.mjs' {
  export function objectVersions(s3rverDirectory: string): unknown;
}

// Digital Bazaar's verifier stack ships JavaScript only; the independent check uses these calls.
declare module '@digitalbazaar/vc' {
  export function verifyCredential(options: Record<string, unknown>): Promise<{ verified: boolean; error?: unknown; results?: unknown[] }>;
}
declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: Record<string, unknown>);
  }
}
declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: unknown;
}
declare module '@digitalbazaar/vc-bitstring-status-list' {
  export const checkStatus: (options: Record<string, unknown>) => Promise<unknown>;
}
declare module '@digitalcredentials/verifier-core' {
  export function verifyCredential(options: { credential: unknown; knownDIDRegistries: unknown }): Promise<unknown>;
}
