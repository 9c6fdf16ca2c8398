import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AuthorizationCodes, CODE_TTL_MS, s256, type CodeGrant } from '../../local/authorization-codes';

/** The local identity provider's authorization codes: PKCE-bound, single use, five minutes. */
describe('authorization codes', () => {
  const verifier = randomBytes(32).toString('base64url');
  const grant: CodeGrant = { clientId: 'staff', redirectUri: 'http://localhost:4520/callback', codeChallenge: s256(verifier), scope: 'openid', user: 'dana.designer', groups: ['designer'] };
  const presented = { clientId: grant.clientId, redirectUri: grant.redirectUri, codeVerifier: verifier };

  it('computes the S256 challenge of RFC 7636 (its appendix B example)', () => {
    expect(s256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('gives the grant back once, to the client, redirect URI and verifier it was issued for', () => {
    const codes = new AuthorizationCodes();
    const code = codes.issue(grant);
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(codes.redeem(code, presented)).toEqual({ grant });
    expect(codes.redeem(code, presented)).toEqual({ problem: 'the code is unknown or was already used' });
  });

  it.each([
    ['another client', { clientId: 'machine' }, 'the code was issued to another client'],
    ['another redirect URI', { redirectUri: 'http://localhost:4520/elsewhere' }, 'redirect_uri differs from the one the code was issued for'],
    ['another verifier', { codeVerifier: randomBytes(32).toString('base64url') }, 'code_verifier does not match the code challenge'],
    ['the challenge itself as verifier', { codeVerifier: s256(verifier) }, 'code_verifier does not match the code challenge'],
  ])('refuses %s, and the code is gone after', (_, change, problem) => {
    const codes = new AuthorizationCodes();
    const code = codes.issue(grant);
    expect(codes.redeem(code, { ...presented, ...change })).toEqual({ problem });
    expect(codes.redeem(code, presented)).toEqual({ problem: 'the code is unknown or was already used' });
  });

  it('expires after five minutes', () => {
    let now = 1_000_000;
    const codes = new AuthorizationCodes(() => now);
    const early = codes.issue(grant);
    const late = codes.issue(grant);
    now += CODE_TTL_MS - 1;
    expect(codes.redeem(early, presented)).toEqual({ grant });
    now += 1;
    expect(codes.redeem(late, presented)).toEqual({ problem: 'the code has expired' });
  });
});
