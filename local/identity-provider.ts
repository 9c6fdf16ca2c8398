import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { sendJson } from './http-util';

/**
 * Stands in for the Cognito user pool: an OIDC issuer with a JWKS, minting ID tokens shaped
 * like Cognito's (sub, cognito:username, cognito:groups, aud = app client id).
 */
export interface IdentityState {
  issuer: string;
  audience: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

export async function createIdentityState(issuer: string, audience: string): Promise<IdentityState> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: 'local-1', alg: 'RS256', use: 'sig' };
  return { issuer, audience, privateJwk: { ...(await exportJWK(privateKey)), kid: 'local-1', alg: 'RS256' }, publicJwk };
}

export function identityServer(state: IdentityState): Server {
  return createServer((req, res) => {
    if (req.url === '/.well-known/jwks.json') return sendJson(res, 200, { keys: [state.publicJwk] });
    if (req.url === '/.well-known/openid-configuration') {
      return sendJson(res, 200, { issuer: state.issuer, jwks_uri: `${state.issuer}/.well-known/jwks.json`, id_token_signing_alg_values_supported: ['RS256'] });
    }
    sendJson(res, 404, { message: 'Not Found' });
  });
}

/** A stable subject per user name, so the same person is the same `sub` across tokens. */
export const subjectFor = (user: string) => {
  const h = createHash('sha256').update(`laurel-local:${user}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

export async function mintToken(state: Pick<IdentityState, 'issuer' | 'audience' | 'privateJwk'>, user: string, groups: string[], ttlSeconds = 3600) {
  const key = await importJWK(state.privateJwk, 'RS256');
  return new SignJWT({ 'cognito:username': user, 'cognito:groups': groups, token_use: 'id', email: `${user}@staff.local` })
    .setProtectedHeader({ alg: 'RS256', kid: state.privateJwk.kid! })
    .setIssuer(state.issuer)
    .setAudience(state.audience)
    .setSubject(subjectFor(user))
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key);
}
