// The Learner Credential Wallet's signing stack (Digital Credentials Consortium) and Digital
// Bazaar's Ed25519 Multikey ship JavaScript only. Tests drive them as a wallet would, to produce
// DID authentication presentations with code Laurel did not write; these are the calls they use.
declare module '@digitalcredentials/vc' {
  export function createPresentation(options: { holder?: string; id?: string; verifiableCredential?: unknown; version?: number }): Record<string, unknown>;
  export function signPresentation(options: {
    presentation: unknown;
    suite: unknown;
    documentLoader: (url: string) => Promise<unknown>;
    challenge: string;
    domain?: string;
    purpose?: unknown;
  }): Promise<Record<string, unknown>>;
}
declare module '@digitalcredentials/ed25519-signature-2020' {
  export class Ed25519Signature2020 {
    constructor(options: { key?: unknown; date?: string | Date });
  }
}
declare module '@digitalcredentials/ed25519-verification-key-2020' {
  export class Ed25519VerificationKey2020 {
    static generate(options?: { seed?: Uint8Array }): Promise<Ed25519VerificationKey2020>;
    static from(options: Record<string, unknown>): Promise<Ed25519VerificationKey2020>;
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
  }
}
declare module '@digitalcredentials/did-method-key' {
  export function driver(): {
    use(options: { multibaseMultikeyHeader: string; fromMultibase: (options: Record<string, unknown>) => Promise<unknown> }): void;
    fromKeyPair(options: { verificationKeyPair: unknown }): Promise<{ didDocument: { id: string; authentication: (string | { id: string })[] } }>;
  };
}
declare module '@digitalbazaar/ed25519-multikey' {
  export interface Ed25519MultikeyPair {
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    signer(): unknown;
  }
  export function generate(options?: { id?: string; controller?: string; seed?: Uint8Array }): Promise<Ed25519MultikeyPair>;
  export function fromJwk(options: { jwk: Record<string, unknown>; secretKey?: boolean }): Promise<Ed25519MultikeyPair>;
}
