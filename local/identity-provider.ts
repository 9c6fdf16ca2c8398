import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { readBody, sendJson } from './http-util';

/**
 * Stands in for the Cognito user pool: an OIDC issuer with a JWKS, minting ID tokens shaped
 * like Cognito's (sub, cognito:username, cognito:groups, aud = app client id), and a token
 * endpoint for machine clients (client credentials → an access token with `client_id` and
 * `scope`, no `aud`, as Cognito's).
 */
export interface MachineClient {
  clientId: string;
  clientSecret: string;
  /** The scopes the template allows it (e.g. laurel/issuer). */
  scopes: string[];
}

export interface IdentityState {
  issuer: string;
  audience: string;
  privateJwk: JWK;
  publicJwk: JWK;
  machineClients: MachineClient[];
}

export async function createIdentityState(issuer: string, audience: string): Promise<IdentityState> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: 'local-1', alg: 'RS256', use: 'sig' };
  return { issuer, audience, privateJwk: { ...(await exportJWK(privateKey)), kid: 'local-1', alg: 'RS256' }, publicJwk, machineClients: [] };
}

/**
 * A client secret shaped like Cognito's: 51 lowercase letters and digits. (base64url ones could
 * begin with '-', which a command line reads as an option: `--client-secret -x…` then failed.)
 */
const SECRET_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const newClientSecret = () => Array.from({ length: 51 }, () => SECRET_ALPHABET[randomInt(SECRET_ALPHABET.length)]).join('');

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** POST /oauth2/token, grant_type=client_credentials, client authenticated by HTTP Basic (or the form). */
async function tokenEndpoint(state: IdentityState, req: IncomingMessage, res: ServerResponse) {
  const form = new URLSearchParams((await readBody(req, 64 * 1024)).toString('utf8'));
  const basic = /^Basic\s+(.+)$/i.exec(String(req.headers.authorization ?? ''));
  const [id, secret] = basic ? Buffer.from(basic[1]!, 'base64').toString('utf8').split(':') : [form.get('client_id'), form.get('client_secret')];
  if (form.get('grant_type') !== 'client_credentials') return sendJson(res, 400, { error: 'unsupported_grant_type' });
  const client = state.machineClients.find((c) => c.clientId === id);
  if (!client || !secret || !same(client.clientSecret, secret)) return sendJson(res, 400, { error: 'invalid_client' });
  const asked = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
  if (asked.some((s) => !client.scopes.includes(s))) return sendJson(res, 400, { error: 'invalid_scope' });
  const scope = (asked.length ? asked : client.scopes).join(' ');
  const key = await importJWK(state.privateJwk, 'RS256');
  const token = await new SignJWT({ client_id: client.clientId, scope, token_use: 'access', version: 2, jti: randomUUID() })
    .setProtectedHeader({ alg: 'RS256', kid: state.privateJwk.kid! })
    .setIssuer(state.issuer)
    .setSubject(client.clientId)
    .setIssuedAt()
    .setExpirationTime('3600s')
    .sign(key);
  sendJson(res, 200, { access_token: token, expires_in: 3600, token_type: 'Bearer' });
}

export function identityServer(state: IdentityState): Server {
  return createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/oauth2/token') {
      tokenEndpoint(state, req, res).catch(() => sendJson(res, 400, { error: 'invalid_request' }));
      return;
    }
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
