import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import { AuthorizationCodes, S256_CHALLENGE } from './authorization-codes';
import { federatedUser, groupsForToken, type FederatedProvider, type IdentityHooks, type SignedInUser } from './federation';
import { readBody, sendJson } from './http-util';
import { DEMO_USERS, renderRefusalPage, renderSignInPage, SIGN_IN_ROLES, USER_NAME, type RenderedPage } from './sign-in-page';

/**
 * Stands in for the Cognito user pool: an OIDC issuer with a JWKS, minting ID tokens shaped
 * like Cognito's (sub, cognito:username, cognito:groups, aud = app client id); a token endpoint
 * for machine clients (client credentials → an access token with `client_id` and `scope`, no
 * `aud`, as Cognito's); and, at the hosted UI's paths, the staff client's browser sign-in: the
 * authorization code flow with PKCE (/oauth2/authorize, a sign-in page without passwords) and
 * /logout.
 */
export interface MachineClient {
  clientId: string;
  clientSecret: string;
  /** The scopes the template allows it (e.g. laurel/issuer). */
  scopes: string[];
}

export interface IdentityState {
  issuer: string;
  /** The staff app client's id: the ID tokens' audience, and the only client of the code flow. */
  audience: string;
  privateJwk: JWK;
  publicJwk: JWK;
  machineClients: MachineClient[];
  /** Where a browser sign-in may return: the staff client's CallbackURLs (none: no code flow). */
  callbackUrls: string[];
  /** Where a browser sign-out may return: the staff client's LogoutURLs. */
  logoutUrls: string[];
  /** The identity providers the template federates (laurel:staffIdentityProviders). */
  federation: FederatedProvider[];
  /** The user pool's id, as the trigger event and federated users' automatic group name it. */
  poolId: string;
}

export async function createIdentityState(issuer: string, audience: string): Promise<IdentityState> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: 'local-1', alg: 'RS256', use: 'sig' };
  const privateJwk = { ...(await exportJWK(privateKey)), kid: 'local-1', alg: 'RS256' };
  return { issuer, audience, privateJwk, publicJwk, machineClients: [], callbackUrls: [], logoutUrls: [], federation: [], poolId: 'us-east-1_LocalPool' };
}

/**
 * A client secret shaped like Cognito's: 51 lowercase letters and digits. (base64url ones could
 * begin with '-', which a command line reads as an option: `--client-secret -x…` then failed.)
 */
const SECRET_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const newClientSecret = () => Array.from({ length: 51 }, () => SECRET_ALPHABET[randomInt(SECRET_ALPHABET.length)]).join('');

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

const TOKEN_TTL_SECONDS = 3600;
/** The staff client's OAuth scopes (infra/constructs/staff-identity.ts). */
const STAFF_SCOPES = ['openid', 'email', 'profile'];

async function sign(state: Pick<IdentityState, 'issuer' | 'privateJwk'>, claims: JWTPayload, subject: string, ttlSeconds: number, audience?: string) {
  const key = await importJWK(state.privateJwk, 'RS256');
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: state.privateJwk.kid! })
    .setIssuer(state.issuer)
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`);
  return (audience ? jwt.setAudience(audience) : jwt).sign(key);
}

/** A stable subject per user name, so the same person is the same `sub` across tokens. */
export const subjectFor = (user: string) => {
  const h = createHash('sha256').update(`laurel-local:${user}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** An ID token, as Cognito's. */
export async function mintToken(state: Pick<IdentityState, 'issuer' | 'audience' | 'privateJwk'>, user: string, groups: string[], ttlSeconds = TOKEN_TTL_SECONDS) {
  const claims = { 'cognito:username': user, 'cognito:groups': groups, token_use: 'id', email: `${user}@staff.local` };
  return sign(state, claims, subjectFor(user), ttlSeconds, state.audience);
}

/**
 * A person's access token, as Cognito's: `username` and `client_id` but no `aud`, so the JWT
 * authorizer matches its `client_id` against the audience list; `cognito:groups` only if any.
 */
function mintAccessToken(state: IdentityState, user: string, groups: string[], scope: string) {
  const claims = { ...(groups.length ? { 'cognito:groups': groups } : {}), username: user, client_id: state.audience, token_use: 'access', scope, version: 2, jti: randomUUID() };
  return sign(state, claims, subjectFor(user), TOKEN_TTL_SECONDS);
}

// ---------------------------------------------------------------- POST /oauth2/token

async function tokenEndpoint(state: IdentityState, codes: AuthorizationCodes, hooks: IdentityHooks, req: IncomingMessage, res: ServerResponse) {
  const form = new URLSearchParams((await readBody(req, 64 * 1024)).toString('utf8'));
  switch (form.get('grant_type')) {
    case 'client_credentials':
      return clientCredentialsGrant(state, req, form, res);
    case 'authorization_code':
      return authorizationCodeGrant(state, codes, hooks, form, res);
    default:
      return sendJson(res, 400, { error: 'unsupported_grant_type' });
  }
}

/** A machine client, authenticated by HTTP Basic (or the form), gets an access token for its scopes. */
async function clientCredentialsGrant(state: IdentityState, req: IncomingMessage, form: URLSearchParams, res: ServerResponse) {
  const basic = /^Basic\s+(.+)$/i.exec(String(req.headers.authorization ?? ''));
  const [id, secret] = basic ? Buffer.from(basic[1]!, 'base64').toString('utf8').split(':') : [form.get('client_id'), form.get('client_secret')];
  const client = state.machineClients.find((c) => c.clientId === id);
  if (!client || !secret || !same(client.clientSecret, secret)) return sendJson(res, 400, { error: 'invalid_client' });
  const asked = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
  if (asked.some((s) => !client.scopes.includes(s))) return sendJson(res, 400, { error: 'invalid_scope' });
  const scope = (asked.length ? asked : client.scopes).join(' ');
  const claims = { client_id: client.clientId, scope, token_use: 'access', version: 2, jti: randomUUID() };
  sendJson(res, 200, { access_token: await sign(state, claims, client.clientId, TOKEN_TTL_SECONDS), expires_in: TOKEN_TTL_SECONDS, token_type: 'Bearer' });
}

/** The staff client (public: no secret, so PKCE) redeems a code for the signed-in person's tokens. */
async function authorizationCodeGrant(state: IdentityState, codes: AuthorizationCodes, hooks: IdentityHooks, form: URLSearchParams, res: ServerResponse) {
  const clientId = form.get('client_id') ?? '';
  if (clientId !== state.audience) return sendJson(res, 400, { error: 'invalid_client' });
  const redeemed = codes.redeem(form.get('code') ?? '', { clientId, redirectUri: form.get('redirect_uri') ?? '', codeVerifier: form.get('code_verifier') ?? '' });
  // Cognito says only invalid_grant; the description is for whoever debugs a console locally.
  if ('problem' in redeemed) return sendJson(res, 400, { error: 'invalid_grant', error_description: redeemed.problem });
  const { user, scope } = redeemed.grant;
  // As Cognito: the user pool's pre-token-generation trigger, if it has one, decides the groups.
  let groups: string[];
  try {
    groups = await groupsForToken(hooks, redeemed.grant, clientId, state.poolId);
  } catch {
    return sendJson(res, 400, { error: 'invalid_request', error_description: 'the pre-token-generation trigger failed (see .local/logs/functions.log)' });
  }
  const [idToken, accessToken] = await Promise.all([mintToken(state, user, groups), mintAccessToken(state, user, groups, scope)]);
  sendJson(res, 200, { id_token: idToken, access_token: accessToken, expires_in: TOKEN_TTL_SECONDS, token_type: 'Bearer' });
}

/**
 * The browser origin a request came from, if the staff client returns to it: the console calls
 * the token endpoint with fetch, so only its own origins may read the answers.
 */
function allowedOrigin(state: IdentityState, req: IncomingMessage): string | undefined {
  const origin = req.headers.origin;
  return typeof origin === 'string' && state.callbackUrls.some((u) => new URL(u).origin === origin) ? origin : undefined;
}

function tokenPreflight(state: IdentityState, req: IncomingMessage, res: ServerResponse) {
  const allowed = allowedOrigin(state, req) !== undefined;
  res.writeHead(204, allowed ? { 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'content-type', 'access-control-max-age': '600' } : {});
  res.end();
}

// ---------------------------------------------------------------- /oauth2/authorize

/** The OAuth parameters a sign-in carries, from the authorize URL through the form's hidden inputs. */
const OAUTH_PARAMETERS = ['response_type', 'client_id', 'redirect_uri', 'state', 'scope', 'code_challenge', 'code_challenge_method'] as const;

interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  scope: string;
  codeChallenge: string;
  state: string | null;
}

/**
 * What to do with an authorization request (RFC 6749 §4.1.2.1): refuse it outright, with a page
 * of our own, when the client or the redirect URI is not the staff client's (a redirect could
 * hand the answer to anyone); send any other problem back to the client; or go on.
 */
type Checked = { request: AuthorizeRequest } | { refuse: string } | { redirect: string };

function checkAuthorizeRequest(state: IdentityState, params: URLSearchParams): Checked {
  const clientId = params.get('client_id') ?? '';
  const redirectUri = params.get('redirect_uri') ?? '';
  if (clientId !== state.audience) return { refuse: `There is no app client '${clientId}' here.` };
  if (!state.callbackUrls.includes(redirectUri)) {
    return { refuse: state.callbackUrls.length ? `${redirectUri || 'An empty redirect_uri'} is not one of this client's callback URLs.` : 'This client has no callback URLs: the template allows no browser sign-in.' };
  }
  const fail = (error: string, description: string) => ({ redirect: withParameters(redirectUri, { error, error_description: description, state: params.get('state') }) });
  if (params.get('response_type') !== 'code') return fail('unsupported_response_type', 'only the authorization code flow is allowed');
  if (params.get('code_challenge_method') !== 'S256' || !S256_CHALLENGE.test(params.get('code_challenge') ?? '')) {
    return fail('invalid_request', 'PKCE is required: code_challenge with code_challenge_method S256');
  }
  const scopes = (params.get('scope') ?? '').split(/\s+/).filter(Boolean);
  if (scopes.some((s) => !STAFF_SCOPES.includes(s))) return fail('invalid_scope', `the scopes allowed are ${STAFF_SCOPES.join(' ')}`);
  const scope = (scopes.length ? scopes : STAFF_SCOPES).join(' ');
  return { request: { clientId, redirectUri, scope, codeChallenge: params.get('code_challenge')!, state: params.get('state') } };
}

const withParameters = (url: string, parameters: Record<string, string | null>) => {
  const u = new URL(url);
  for (const [name, value] of Object.entries(parameters)) if (value !== null) u.searchParams.append(name, value);
  return u.toString();
};

const oauthFields = (params: URLSearchParams) => Object.fromEntries(OAUTH_PARAMETERS.flatMap((p) => (params.has(p) ? [[p, params.get(p)!]] : [])));

function sendPage(res: ServerResponse, status: number, page: RenderedPage) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(page.html),
    'content-security-policy': page.contentSecurityPolicy,
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
  });
  res.end(page.html);
}

function redirect(res: ServerResponse, location: string) {
  res.writeHead(302, { location, 'cache-control': 'no-store' });
  res.end();
}

/** GET: the sign-in page, if the request may go on. */
function authorizePage(state: IdentityState, params: URLSearchParams, res: ServerResponse) {
  const checked = checkAuthorizeRequest(state, params);
  if ('refuse' in checked) return sendPage(res, 400, renderRefusalPage(checked.refuse));
  if ('redirect' in checked) return redirect(res, checked.redirect);
  sendPage(res, 200, renderSignInPage({ oauth: oauthFields(params), returnOrigin: new URL(checked.request.redirectUri).origin, providers: state.federation }));
}

type Choice = SignedInUser | { problem: string } | { refuse: string };

/**
 * Who signs in: the name typed, or else the demo user chosen; with the roles ticked, or else a
 * demo user's own (what the page's script would have ticked, for a browser that ran none).
 */
function signInChoice(state: IdentityState, form: URLSearchParams): Choice {
  if (form.has('provider')) return federatedChoice(state, form);
  const demoName = form.get('demo') ?? '';
  const demo = DEMO_USERS.find((d) => d.user === demoName);
  if (demoName && !demo) return { refuse: `There is no demo user '${demoName}'.` };
  const roles = form.getAll('roles');
  const unknown = roles.filter((r) => !SIGN_IN_ROLES.includes(r));
  if (unknown.length) return { refuse: `Unknown roles: ${unknown.join(', ')}.` };
  const user = (form.get('username') ?? '').trim() || demoName;
  if (!user) return { problem: 'Choose a demo user or enter a user name.' };
  if (!USER_NAME.test(user)) return { problem: 'Enter a user name of 1 to 64 lowercase letters, digits, dots, dashes or underscores.' };
  const groups = roles.length ? [...new Set(roles)] : demo && user === demo.user ? [...demo.roles] : [];
  return { user, groups };
}

/** The groups a directory may send at most here: what Cognito's 2048-character attribute holds, roughly. */
const MAX_IDP_GROUPS = 50;

/**
 * Who signs in through a federated provider: the user at the provider and the groups its
 * directory sends, as the provider's own sign-in would establish them.
 */
function federatedChoice(state: IdentityState, form: URLSearchParams): Choice {
  const provider = state.federation.find((p) => p.name === form.get('provider'));
  if (!provider) return { refuse: `There is no identity provider '${form.get('provider') ?? ''}' in this user pool.` };
  const user = (form.get('idp_user') ?? '').trim();
  if (!USER_NAME.test(user)) return { problem: 'Enter your account name at the provider: 1 to 64 lowercase letters, digits, dots, dashes or underscores.' };
  const groups = [...new Set((form.get('idp_groups') ?? '').split('\n').map((g) => g.trim()).filter(Boolean))];
  if (groups.length > MAX_IDP_GROUPS || groups.some((g) => g.length > 256)) return { problem: `Enter at most ${MAX_IDP_GROUPS} groups of at most 256 characters each.` };
  return federatedUser(provider, user, groups, state.poolId);
}

/** POST: the sign-in form. Everything is checked again: the hidden inputs are the browser's to change. */
async function signIn(state: IdentityState, codes: AuthorizationCodes, req: IncomingMessage, res: ServerResponse) {
  const form = new URLSearchParams((await readBody(req, 16 * 1024)).toString('utf8'));
  const checked = checkAuthorizeRequest(state, form);
  if ('refuse' in checked) return sendPage(res, 400, renderRefusalPage(checked.refuse));
  if ('redirect' in checked) return redirect(res, checked.redirect);
  const { request } = checked;
  const choice = signInChoice(state, form);
  if ('refuse' in choice) return sendPage(res, 400, renderRefusalPage(choice.refuse));
  if ('problem' in choice) {
    const again = { oauth: oauthFields(form), returnOrigin: new URL(request.redirectUri).origin, providers: state.federation, demo: form.get('demo') ?? undefined, username: form.get('username') ?? '', roles: form.getAll('roles') };
    const federated = form.has('provider') ? { federated: { provider: form.get('provider') ?? '', user: form.get('idp_user') ?? '', groups: form.get('idp_groups') ?? '', problem: choice.problem } } : { problem: choice.problem };
    return sendPage(res, 400, renderSignInPage({ ...again, ...federated }));
  }
  const code = codes.issue({ clientId: request.clientId, redirectUri: request.redirectUri, codeChallenge: request.codeChallenge, scope: request.scope, ...choice });
  redirect(res, withParameters(request.redirectUri, { code, state: request.state }));
}

// ---------------------------------------------------------------- GET /logout

/** Signing out: the local provider keeps no session of its own, so it only sends the browser back. */
function logout(state: IdentityState, params: URLSearchParams, res: ServerResponse) {
  const clientId = params.get('client_id') ?? '';
  const logoutUri = params.get('logout_uri') ?? '';
  if (clientId !== state.audience) return sendPage(res, 400, renderRefusalPage(`There is no app client '${clientId}' here.`));
  if (!state.logoutUrls.includes(logoutUri)) return sendPage(res, 400, renderRefusalPage(`${logoutUri || 'An empty logout_uri'} is not one of this client's sign-out URLs.`));
  redirect(res, logoutUri);
}

// ---------------------------------------------------------------- the server

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;

export interface IdentityServerOptions {
  /** The clock authorization codes expire by (tests move it on). */
  now?: () => number;
  /** The user pool's triggers, once the local Lambda runtime runs them (local/wire.ts). */
  hooks?: IdentityHooks;
}

export function identityServer(state: IdentityState, options: IdentityServerOptions = {}): Server {
  const codes = new AuthorizationCodes(options.now);
  const hooks = options.hooks ?? {};
  const routes: Record<string, Handler> = {
    'POST /oauth2/token': (req, res) => tokenEndpoint(state, codes, hooks, req, res),
    'OPTIONS /oauth2/token': (req, res) => tokenPreflight(state, req, res),
    'GET /oauth2/authorize': (_, res, url) => authorizePage(state, url.searchParams, res),
    'POST /oauth2/authorize': (req, res) => signIn(state, codes, req, res),
    'GET /logout': (_, res, url) => logout(state, url.searchParams, res),
    'GET /.well-known/jwks.json': (_, res) => sendJson(res, 200, { keys: [state.publicJwk] }),
    'GET /.well-known/openid-configuration': (_, res) => sendJson(res, 200, openIdConfiguration(state)),
  };
  return createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', state.issuer);
      const handler = routes[`${req.method} ${url.pathname}`];
      if (!handler) return sendJson(res, 404, { message: 'Not Found' });
      // The token endpoint's answers, errors included, are readable by the console's origin only.
      const origin = url.pathname === '/oauth2/token' ? allowedOrigin(state, req) : undefined;
      if (origin) res.setHeader('access-control-allow-origin', origin).setHeader('vary', 'origin');
      await handler(req, res, url);
    } catch {
      // A malformed request (an unreadable URL or body, a body over the limit).
      if (!res.headersSent) sendJson(res, 400, { error: 'invalid_request' });
    }
  });
}

function openIdConfiguration(state: IdentityState) {
  return {
    issuer: state.issuer,
    jwks_uri: `${state.issuer}/.well-known/jwks.json`,
    authorization_endpoint: `${state.issuer}/oauth2/authorize`,
    token_endpoint: `${state.issuer}/oauth2/token`,
    response_types_supported: ['code'],
    code_challenge_methods_supported: ['S256'],
    scopes_supported: STAFF_SCOPES,
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
  };
}
