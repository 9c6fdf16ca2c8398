import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The local identity provider's authorization codes (OAuth 2.0 authorization code grant with
 * PKCE, RFC 6749 §4.1 and RFC 7636): single use, short-lived, and bound to the client, the
 * redirect URI and the code challenge they were issued for, as Cognito's are. Kept in memory
 * only: a code outlives neither its five minutes nor the local cloud.
 */

/** What a code stands for: who signed in, for which client, and how it must be redeemed. */
export interface CodeGrant {
  clientId: string;
  redirectUri: string;
  /** BASE64URL(SHA-256(code_verifier)): only the holder of the verifier can redeem the code. */
  codeChallenge: string;
  scope: string;
  user: string;
  /** The user's pool groups; the token's are what the pre-token-generation trigger makes of them, if there is one. */
  groups: string[];
  /** A federated user's attributes (identities, the provider's groups), for the trigger. */
  attributes?: Record<string, string>;
}

/** What the client presents at the token endpoint with the code. */
export interface Redemption {
  clientId: string;
  redirectUri: string;
  codeVerifier: string;
}

export type Redeemed = { grant: CodeGrant } | { problem: string };

export const CODE_TTL_MS = 5 * 60_000;

/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;
/** An S256 challenge: a SHA-256 digest in base64url, unpadded. */
export const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

export const s256 = (verifier: string) => createHash('sha256').update(verifier, 'ascii').digest('base64url');

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export class AuthorizationCodes {
  private readonly grants = new Map<string, CodeGrant & { expiresAt: number }>();

  /** `now` is the clock codes expire by (a test moves it on). */
  constructor(private readonly now: () => number = Date.now) {}

  issue(grant: CodeGrant): string {
    this.forgetExpired();
    // 256 random bits: a code cannot be guessed, only intercepted (and PKCE makes that useless).
    const code = randomBytes(32).toString('base64url');
    this.grants.set(code, { ...grant, expiresAt: this.now() + CODE_TTL_MS });
    return code;
  }

  /**
   * The grant a code stands for, if the presentation matches it. A code is gone once presented,
   * whether or not the rest matched: whoever holds a stolen code gets one try, never two.
   */
  redeem(code: string, presented: Redemption): Redeemed {
    const grant = this.grants.get(code);
    this.grants.delete(code);
    if (!grant) return { problem: 'the code is unknown or was already used' };
    if (grant.expiresAt <= this.now()) return { problem: 'the code has expired' };
    if (presented.clientId !== grant.clientId) return { problem: 'the code was issued to another client' };
    if (presented.redirectUri !== grant.redirectUri) return { problem: 'redirect_uri differs from the one the code was issued for' };
    if (!VERIFIER.test(presented.codeVerifier) || !same(s256(presented.codeVerifier), grant.codeChallenge)) {
      return { problem: 'code_verifier does not match the code challenge' };
    }
    const { expiresAt: _, ...rest } = grant;
    return { grant: rest };
  }

  private forgetExpired() {
    const now = this.now();
    for (const [code, grant] of this.grants) if (grant.expiresAt <= now) this.grants.delete(code);
  }
}
