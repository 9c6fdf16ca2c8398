import type { ConsoleConfig } from './config';

/**
 * Staff sign-in: OAuth 2.0 authorization code with PKCE (RFC 7636) against Cognito's hosted UI,
 * or the local identity provider, which answers at the same paths. The tokens live in this
 * tab's sessionStorage only (gone when the tab closes); the code and state leave the address
 * bar as soon as they are exchanged. Roles shown here only hide what a role may not do: the
 * admin API decides every call again from the token.
 */
export interface Session {
  accessToken: string;
  idToken: string;
  expiresAt: number;
  /** Who is signed in: the user name (the audit trail names them so). */
  name: string;
  email?: string;
  /** Cognito groups: Laurel's roles and approval roles such as assessor. */
  groups: string[];
}

const SESSION_KEY = 'laurel.session';
const PENDING_KEY = 'laurel.signin';
export const CALLBACK_PATH = '/callback';

const base64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const randomString = (n = 32) => base64url(crypto.getRandomValues(new Uint8Array(n)));

async function challengeFor(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

const redirectUri = () => `${location.origin}${CALLBACK_PATH}`;

/** Goes to the sign-in page; comes back to `returnTo`. */
export async function signIn(config: ConsoleConfig, returnTo = location.pathname + location.search): Promise<void> {
  const verifier = randomString(48);
  const state = randomString(16);
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state, returnTo }));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: 'openid email profile',
    state,
    code_challenge: await challengeFor(verifier),
    code_challenge_method: 'S256',
  });
  location.assign(`${config.signInUrl}/oauth2/authorize?${query}`);
}

function claimsOf(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1] ?? '';
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(decodeURIComponent(Array.from(json, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''))) as Record<string, unknown>;
}

function sessionFrom(tokens: { access_token: string; id_token: string; expires_in: number }): Session {
  const claims = claimsOf(tokens.id_token);
  const groups = Array.isArray(claims['cognito:groups']) ? (claims['cognito:groups'] as unknown[]).map(String) : [];
  return {
    accessToken: tokens.access_token,
    idToken: tokens.id_token,
    expiresAt: Date.now() + tokens.expires_in * 1000,
    name: String(claims['cognito:username'] ?? claims.email ?? claims.sub ?? 'signed in'),
    ...(typeof claims.email === 'string' ? { email: claims.email } : {}),
    groups,
  };
}

/** On the callback page: exchanges the code, stores the session, answers where to go next. */
export async function completeSignIn(config: ConsoleConfig): Promise<string> {
  const params = new URLSearchParams(location.search);
  // The code is single use and short-lived, but it should not linger in the address bar or history.
  history.replaceState(null, '', CALLBACK_PATH);
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') as { verifier: string; state: string; returnTo: string } | null;
  sessionStorage.removeItem(PENDING_KEY);
  const error = params.get('error');
  if (error) throw new Error(`Sign-in was not completed: ${params.get('error_description') ?? error}.`);
  if (!pending || params.get('state') !== pending.state) throw new Error('This sign-in link is not one this tab started. Sign in again.');
  const response = await fetch(`${config.signInUrl}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: config.clientId, code: params.get('code') ?? '', redirect_uri: redirectUri(), code_verifier: pending.verifier }),
  });
  if (!response.ok) throw new Error('The sign-in service refused the sign-in code. Sign in again.');
  const session = sessionFrom((await response.json()) as { access_token: string; id_token: string; expires_in: number });
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  return pending.returnTo.startsWith('/') && !pending.returnTo.startsWith('//') ? pending.returnTo : '/';
}

/** The signed-in session, if any and not expired. */
export function currentSession(): Session | undefined {
  const session = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as Session | null;
  if (!session || session.expiresAt < Date.now() + 30_000) return undefined;
  return session;
}

export function signOut(config: ConsoleConfig): void {
  sessionStorage.removeItem(SESSION_KEY);
  const query = new URLSearchParams({ client_id: config.clientId, logout_uri: `${location.origin}/` });
  location.assign(`${config.signInUrl}/logout?${query}`);
}
