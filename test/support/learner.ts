import { expect } from 'vitest';
import type { localCloud } from './cloud';

/**
 * The learner's side of the local cloud, as a browser would drive it without one: the claim link
 * from the email, the session cookie the first stop trades it for, and the claim page's forms
 * (posted with the page's Origin, as a browser does).
 */
export type Cloud = ReturnType<typeof localCloud>;

/** The token of the newest link of a kind (claim, contact) emailed to an address. */
export async function linkFromMail(cloud: Cloud, to: string, kind: 'claim' | 'claim/contact' = 'claim', timeoutMs = 30_000): Promise<string> {
  const started = Date.now();
  const pattern = new RegExp(`/${kind}#([A-Za-z0-9_-]{43})`);
  for (;;) {
    const mails = (await cloud.mail()).filter((m) => m.destination.to.includes(to.toLowerCase()));
    const token = mails
      .map((m) => pattern.exec(m.body.text ?? '')?.[1])
      .filter(Boolean)
      .pop();
    if (token) return token;
    if (Date.now() - started > timeoutMs) throw new Error(`no ${kind} link was emailed to ${to}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function learnerSession(cloud: Cloud) {
  const base = cloud.outputs.PublicApiUrl;
  const origin = new URL(base).origin;
  let cookie = '';
  const send = (method: string, path: string, init: { form?: Record<string, string>; json?: unknown; headers?: Record<string, string> } = {}) =>
    fetch(`${base}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        origin,
        ...(cookie ? { cookie } : {}),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
      ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
    });
  return {
    send,
    /** POST /claim/session with the link's token: the cookie is kept for the next requests. */
    async open(token: string) {
      const res = await send('POST', '/claim/session', { json: { token } });
      expect(res.status).toBe(204);
      const set = res.headers.getSetCookie();
      expect(set).toHaveLength(1);
      cookie = set[0]!.split(';')[0]!;
      return set[0]!;
    },
    async page(path = '/claim/credential') {
      const res = await send('GET', path, { headers: { accept: 'text/html' } });
      return { status: res.status, headers: res.headers, html: await res.text() };
    },
    /** A form of the claim page, posted as the browser does; answers the redirect's target and status. */
    async submit(action: string, form: Record<string, string> = {}) {
      const res = await send('POST', `/claim/credential/${action}`, { form });
      return { status: res.status, location: res.headers.get('location'), html: await res.text() };
    },
  };
}

/** Issues an auto-approved credential to a fresh address and answers its ids and the claim link's token. */
export async function issueAndClaim(cloud: Cloud, uniqueId: (p: string) => string, recipient: Record<string, unknown> = {}) {
  const email = `${uniqueId('learner')}@example.edu`;
  const done = await cloud.issueAuto(
    'claim.issuer',
    { kind: 'course', name: 'Applied Cryptography', description: 'Signatures, keys and what they prove.', criteria: 'Passed the final project.' },
    { recipient: { email, name: 'Ada Lovelace', publishName: true, ...recipient } },
  );
  expect(done.status).toBe('ISSUED');
  const token = await linkFromMail(cloud, email);
  return { email, credentialId: done.credentialId as string, issuanceId: done.id as string, token };
}

/** A fresh credential's claim page, and its "Add to a wallet": the offer section's HTML and interaction URL. */
export async function walletOfferFromClaimPage(cloud: Cloud, uniqueId: (p: string) => string) {
  const base = cloud.outputs.PublicApiUrl;
  const { token, credentialId } = await issueAndClaim(cloud, uniqueId);
  const learner = learnerSession(cloud);
  await learner.open(token);
  const offered = await learner.submit('wallet');
  expect(offered.status).toBe(200);
  const interaction = new RegExp(`href="(${base.replace(/[.:/]/g, '\\$&')}/wallet/[A-Za-z0-9_-]{22}\\?iuv=1)"`).exec(offered.html)?.[1];
  expect(interaction).toBeDefined();
  return { credentialId, interaction: interaction!, html: offered.html, learner };
}
