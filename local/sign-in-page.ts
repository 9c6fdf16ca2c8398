import { createHash } from 'node:crypto';
import { ROLES } from '../shared/domain/staff';
import { escapeHtml as h } from '../shared/html';
import type { FederatedProvider } from './federation';

/**
 * The local identity provider's sign-in page, where Cognito's hosted UI would ask for a password
 * and a second factor: here anyone may be anyone, with any roles, which is what trying the
 * console needs. Plain HTML that works without script; a small script (allowed by its hash in
 * the CSP, as the verification page's is) only fills the name and roles in when a demo user is
 * chosen — without it, the server does the same for a demo user chosen with nothing else filled in.
 */

/** Laurel's roles, then the approval roles an achievement's approval steps may ask for. */
export const SIGN_IN_ROLES: readonly string[] = [...ROLES, 'assessor', 'programme-lead'];

/** People to be at a click, one per role, and two approvers with different approval roles. */
export const DEMO_USERS: readonly { user: string; roles: readonly string[] }[] = [
  { user: 'dana.designer', roles: ['designer'] },
  { user: 'ivan.issuer', roles: ['issuer'] },
  { user: 'alex.approver', roles: ['approver', 'assessor'] },
  { user: 'pat.approver', roles: ['approver', 'programme-lead'] },
  { user: 'rita.registrar', roles: ['registrar'] },
  { user: 'aud.auditor', roles: ['auditor'] },
  { user: 'ada.admin', roles: ['admin'] },
];

/** A user name the local provider accepts: what a Cognito user name of ours looks like. */
export const USER_NAME = /^[a-z0-9._-]{1,64}$/;

export interface SignInForm {
  /** The OAuth parameters of the request, carried through the form as hidden inputs. */
  oauth: Record<string, string>;
  /** The origin the sign-in returns to: Chrome applies form-action to the redirect after the POST too. */
  returnOrigin: string;
  /** What was chosen, typed and ticked, when the page comes back with a problem. */
  demo?: string | undefined;
  username?: string | undefined;
  roles?: readonly string[] | undefined;
  /** What is wrong with the user name, if anything. */
  problem?: string | undefined;
  /** The federated identity providers the user pool offers (none: no second form). */
  providers?: readonly FederatedProvider[] | undefined;
  /** What was entered in the federated form, when it comes back with a problem. */
  federated?: { provider: string; user: string; groups: string; problem: string } | undefined;
}

export interface RenderedPage {
  html: string;
  contentSecurityPolicy: string;
}

const CSS = `
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#f6f6f4}
main{max-width:34rem;margin:2rem auto;padding:1.5rem;background:#fff;border:1px solid #d9d9d4;border-radius:10px}
h1{font-size:1.6rem;line-height:1.25;margin:0 0 .5rem}
.note{color:#444;margin:0 0 1.25rem}
fieldset{border:1px solid #d9d9d4;border-radius:8px;margin:0 0 1.25rem;padding:.5rem 1rem .75rem}
legend{font-weight:600;padding:0 .25rem}
.choice{display:flex;gap:.6rem;align-items:center;min-height:2rem}
.choice input{width:1.25rem;height:1.25rem;margin:0;flex:none}
.roles{color:#555}
.field{margin:0 0 1.25rem}
.field label{display:block;font-weight:600}
.hint{color:#555;font-size:.9rem;margin:.15rem 0 .4rem}
input[type=text],select,textarea{font:inherit;width:100%;padding:.45rem .6rem;border:2px solid #595959;border-radius:6px;background:#fff;color:inherit}
h2{font-size:1.25rem;margin:2rem 0 .5rem;padding-top:1.25rem;border-top:1px solid #d9d9d4}
code{font-size:.9em}
[aria-invalid=true]{border-color:#b3261e}
button{font:inherit;font-weight:600;color:#fff;background:#0b4f9c;border:2px solid #0b4f9c;border-radius:6px;padding:.55rem 1.4rem;cursor:pointer}
:focus-visible{outline:3px solid #0b4f9c;outline-offset:2px}
.problem{color:#7a0d0d;background:#fdecea;border:2px solid #b3261e;border-radius:8px;padding:.75rem 1rem;margin:0 0 1.25rem}
`;

/** Choosing a demo user fills in their name and ticks exactly their roles. */
const SCRIPT = `document.querySelectorAll('input[name=demo]').forEach(function(r){r.addEventListener('change',function(){var roles=r.getAttribute('data-roles').split(' ');document.getElementById('username').value=r.value;document.querySelectorAll('input[name=roles]').forEach(function(c){c.checked=roles.indexOf(c.value)>=0;});});});`;

const sha256 = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;

const page = (title: string, body: string, script = '') => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${h(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body}
</main>
${script ? `<script>${script}</script>\n` : ''}</body>
</html>
`;

const NOTE = `<p class="note">This is the local identity provider, standing in for Amazon Cognito's sign-in page while Laurel runs on this machine. There are no passwords: choose who to be and which roles to hold.</p>`;

const checked = (on: boolean) => (on ? ' checked' : '');

function demoChoices(selected: string | undefined): string {
  const choices = DEMO_USERS.map(({ user, roles }) => {
    const id = `demo-${user}`;
    return `<div class="choice"><input type="radio" id="${h(id)}" name="demo" value="${h(user)}" data-roles="${h(roles.join(' '))}"${checked(user === selected)}><label for="${h(id)}">${h(user)} <span class="roles">(${h(roles.join(', '))})</span></label></div>`;
  });
  return `<fieldset>\n<legend>Demo user</legend>\n${choices.join('\n')}\n</fieldset>`;
}

function userNameField(value: string, problem: string | undefined): string {
  const describedBy = problem ? 'username-problem username-hint' : 'username-hint';
  return `<div class="field">
<label for="username">User name</label>
<p class="hint" id="username-hint">1 to 64 lowercase letters, digits, dots, dashes or underscores. Left empty: the demo user chosen above.</p>
${problem ? `<p class="problem" id="username-problem">${h(problem)}</p>\n` : ''}<input type="text" id="username" name="username" value="${h(value)}" maxlength="64" pattern="[a-z0-9._\\-]{1,64}" autocomplete="username" autocapitalize="none" spellcheck="false" aria-describedby="${describedBy}"${problem ? ' aria-invalid="true"' : ''}>
</div>`;
}

function roleChoices(ticked: readonly string[]): string {
  const choices = SIGN_IN_ROLES.map((role) => {
    const id = `role-${role}`;
    return `<div class="choice"><input type="checkbox" id="${id}" name="roles" value="${role}"${checked(ticked.includes(role))}><label for="${id}">${role}</label></div>`;
  });
  return `<fieldset aria-describedby="roles-hint">
<legend>Roles</legend>
<p class="hint" id="roles-hint">None ticked: a demo user's own roles.</p>
${choices.join('\n')}
</fieldset>`;
}

/** What each provider's groups grant here, for whoever tries the mapping locally. */
function mappingHint(providers: readonly FederatedProvider[]): string {
  const lines = providers.flatMap((p) => Object.entries(p.mapping ?? {}).map(([group, roles]) => `<li>${providers.length > 1 ? `${h(p.name)}: ` : ''}<code>${h(group)}</code> → ${h(roles.join(', '))}</li>`));
  return lines.length ? `<p class="hint" id="idp-groups-mapping">The deployment maps these groups:</p>\n<ul class="hint">\n${lines.join('\n')}\n</ul>` : '';
}

/**
 * The second way in: through the institution's own identity provider, as Cognito's hosted UI
 * offers a button per provider. Locally there is no provider to send you to, so this form says
 * who you are there and which groups its directory sends.
 */
function federatedForm(form: SignInForm, hidden: string): string {
  const providers = form.providers ?? [];
  if (!providers.length) return '';
  const f = form.federated;
  const options = providers.map((p) => `<option value="${h(p.name)}"${p.name === f?.provider ? ' selected' : ''}>${h(p.name)} (${p.type})</option>`).join('');
  const problem = f?.problem ? `<p class="problem" id="idp-problem">${h(f.problem)}</p>\n` : '';
  return `<h2 id="federated">Or sign in through your institution</h2>
<p class="note">Stands in for your institution's own sign-in page. Say who you are there and which groups its directory sends: Laurel's roles come from the deployment's mapping of those groups, not from this page.</p>
<form method="post" action="/oauth2/authorize" aria-labelledby="federated">
${hidden}
${problem}<div class="field">
<label for="provider">Identity provider</label>
<select id="provider" name="provider">${options}</select>
</div>
<div class="field">
<label for="idp-user">Account name at the provider</label>
<input type="text" id="idp-user" name="idp_user" value="${h(f?.user ?? '')}" maxlength="64" autocomplete="off" autocapitalize="none" spellcheck="false"${f?.problem ? ' aria-invalid="true" aria-describedby="idp-problem"' : ''}>
</div>
<div class="field">
<label for="idp-groups">Groups the directory sends</label>
<p class="hint" id="idp-groups-hint">One per line.</p>
${mappingHint(providers)}
<textarea id="idp-groups" name="idp_groups" rows="4" aria-describedby="idp-groups-hint${providers.some((p) => p.mapping) ? ' idp-groups-mapping' : ''}">${h(f?.groups ?? '')}</textarea>
</div>
<button type="submit">Continue with ${providers.length === 1 ? h(providers[0]!.name) : 'the provider'}</button>
</form>`;
}

export function renderSignInPage(form: SignInForm): RenderedPage {
  const hidden = Object.entries(form.oauth).map(([name, value]) => `<input type="hidden" name="${h(name)}" value="${h(value)}">`);
  const body = `<h1>Sign in to Laurel</h1>
${NOTE}
<form method="post" action="/oauth2/authorize" aria-label="Demo user">
${hidden.join('\n')}
${demoChoices(form.demo)}
${userNameField(form.username ?? '', form.problem)}
${roleChoices(form.roles ?? [])}
<button type="submit">Sign in</button>
</form>
${federatedForm(form, hidden.join('\n'))}`;
  const title = `${form.problem || form.federated?.problem ? 'Error: ' : ''}Sign in to Laurel – local identity provider`;
  return {
    html: page(title, body, SCRIPT),
    // The form posts here, and its answer redirects to the application, which form-action must allow too.
    contentSecurityPolicy: `default-src 'none'; style-src ${sha256(CSS)}; script-src ${sha256(SCRIPT)}; form-action 'self' ${form.returnOrigin}; base-uri 'none'; frame-ancestors 'none'`,
  };
}

/** The answer to a request that names an unknown client or a callback URL it may not use: never a redirect. */
export function renderRefusalPage(reason: string): RenderedPage {
  const body = `<h1>This sign-in request was refused</h1>
<p>${h(reason)}</p>
<p class="note">This is the local identity provider, standing in for Amazon Cognito. Nothing was sent back to the application that asked: check the client id and the callback URL it uses (the template's laurel:staffCallbackUrls).</p>`;
  return {
    html: page('Sign-in refused – local identity provider', body),
    contentSecurityPolicy: `default-src 'none'; style-src ${sha256(CSS)}; form-action 'none'; base-uri 'none'; frame-ancestors 'none'`,
  };
}
