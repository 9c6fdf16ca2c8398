import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { tokenHash } from '../../shared/entities/claim-link';
import { localCloud, uniqueId } from '../support/cloud';
import { issueAndClaim, learnerSession, linkFromMail } from '../support/learner';
import { verifyIndependently } from '../../local/independent-verifier';

const cloud = localCloud();
const base = cloud.outputs.PublicApiUrl;
const HTML = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8';

describe('the claim link', () => {
  it('arrives in the credential email (text and HTML), says how long it lasts, and opens nothing by itself', async () => {
    const { email, token, credentialId } = await issueAndClaim(cloud, uniqueId);
    const mail = (await cloud.mail()).filter((m) => m.destination.to.includes(email.toLowerCase()))[0]!;
    expect(mail.body.text).toContain(`${base}/claim#${token}`);
    expect(mail.body.html).toContain(`${base}/claim#${token}`);
    expect(mail.body.text).toMatch(/works until \w+ \d{1,2}, \d{4}/);
    expect(mail.body.text).toContain(`${base}/credentials/${credentialId}`);
    // Only the hash is stored.
    const stored = await cloud.table.send(new GetCommand({ TableName: cloud.outputs.TableName, Key: { PK: `CLAIMLINK#${tokenHash(token)}`, SK: 'CLAIMLINK' } }));
    expect(stored.Item).toMatchObject({ purpose: 'claim', credentialId });
    expect(JSON.stringify(stored.Item)).not.toContain(token);

    // The first stop: the same page for every link (the token is in the fragment), changing nothing.
    const first = await fetch(`${base}/claim`, { headers: { accept: HTML } });
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.headers.get('referrer-policy')).toBe('no-referrer');
    expect(first.headers.get('content-security-policy')).toMatch(/default-src 'none'.*script-src 'sha256-.*frame-ancestors 'none'/);
    const html = await first.text();
    expect(html).toContain('<meta name="referrer" content="no-referrer">');
    expect(html).toContain('history.replaceState');
  });

  it('trades the token for an HttpOnly, Secure, SameSite=Strict session; refuses malformed, unknown and expired tokens clearly', async () => {
    const { token, issuanceId } = await issueAndClaim(cloud, uniqueId);
    const learner = learnerSession(cloud);
    const bad = await learner.send('POST', '/claim/session', { json: { token: 'short' } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ path: 'body.token', message: expect.stringContaining('43 characters') }] });
    const unknown = await learner.send('POST', '/claim/session', { json: { token: 'A'.repeat(43) } });
    expect(unknown.status).toBe(404);
    const crossSite = await learner.send('POST', '/claim/session', { json: { token }, headers: { origin: 'https://evil.example' } });
    expect(crossSite.status).toBe(403);

    const cookie = await learner.open(token);
    expect(cookie).toMatch(/^laurel_claim=[A-Za-z0-9_-]{43}; Path=\/claim; Max-Age=3600; HttpOnly; Secure; SameSite=Strict$/);
    const page = await learner.page();
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.html).toContain('<h1>Applied Cryptography</h1>');
    expect(page.html).toContain('Ada Lovelace');
    expect(page.html).not.toContain(token);
    expect(page.html).not.toContain(issuanceId);
    // Without the session: a page asking for the link again.
    const anonymous = await fetch(`${base}/claim/credential`, { headers: { accept: HTML } });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).toContain('Open your link again');

    // An expired link is gone (410); the learner may ask for a new one, sent to the address on file, once per ten minutes.
    await cloud.table.send(
      new UpdateCommand({ TableName: cloud.outputs.TableName, Key: { PK: `CLAIMLINK#${tokenHash(token)}`, SK: 'CLAIMLINK' }, UpdateExpression: 'SET endsAt = :past', ExpressionAttributeValues: { ':past': '2020-01-01T00:00:00.000Z' } }),
    );
    const expired = await learner.send('POST', '/claim/session', { json: { token } });
    expect(expired.status).toBe(410);
    expect((await learner.page()).status).toBe(410);
    const fresh = await learner.send('POST', '/claim/new-link', { json: { token } });
    expect(fresh.status).toBe(202);
    expect(await fresh.json()).toEqual({ sentTo: expect.stringMatching(/^l\*\*\*@example\.edu$/) });
    const again = await learner.send('POST', '/claim/new-link', { json: { token } });
    expect(again.status).toBe(429);
  });

  it('is answered in the learner’s language when there is a texts file for it (French here), else the deployment’s', async () => {
    const fr = await fetch(`${base}/claim`, { headers: { accept: HTML, 'accept-language': 'fr-CA,fr;q=0.9,en;q=0.5' } });
    expect(await fr.text()).toMatch(/<html lang="fr"[\s\S]*Ouverture de votre certification/);
    const de = await fetch(`${base}/claim`, { headers: { accept: HTML, 'accept-language': 'de-DE' } });
    expect(await de.text()).toMatch(/<html lang="en"/);
  });
});

describe('the learner’s choices on the claim page', () => {
  it('private: the credential URL then serves neither page nor JSON to anyone; public again restores both', async () => {
    const { token, credentialId } = await issueAndClaim(cloud, uniqueId);
    const learner = learnerSession(cloud);
    await learner.open(token);
    const set = await learner.submit('privacy', { visibility: 'private' });
    expect(set.status).toBe(303);
    expect(set.location).toBe(`${base}/claim/credential?done=privacy`);
    const shown = await learner.page('/claim/credential?done=privacy');
    expect(shown.html).toContain('Your choices are saved');
    expect(shown.html).toMatch(/value="private" checked/);

    const page = await fetch(`${base}/credentials/${credentialId}`, { headers: { accept: HTML } });
    expect(page.status).toBe(403);
    const html = await page.text();
    expect(html).toContain('This credential is private');
    expect(html).toContain(`${base}/verify`);
    expect(html).not.toContain('Applied Cryptography');
    for (const accept of ['application/ld+json', 'application/vc+jwt']) {
      const machine = await fetch(`${base}/credentials/${credentialId}`, { headers: { accept } });
      expect(machine.status).toBe(403);
      expect(await machine.json()).toMatchObject({ title: 'Private credential', detail: expect.stringContaining('POST /verify') });
    }
    expect((await fetch(`${base}/credentials/${credentialId}/verification`)).status).toBe(403);

    expect((await learner.submit('privacy', { visibility: 'public', directory: 'yes' })).status).toBe(303);
    expect((await fetch(`${base}/credentials/${credentialId}`, { headers: { accept: HTML } })).status).toBe(200);
    expect((await fetch(`${base}/credentials/${credentialId}`, { headers: { accept: 'application/ld+json' } })).status).toBe(200);
    const record = await cloud.table.send(new GetCommand({ TableName: cloud.outputs.TableName, Key: { PK: `CREDENTIAL#${credentialId}`, SK: 'CREDENTIAL' } }));
    // The default issuer has no public directory (off unless turned on): nothing is listed (test/integration/directory.test.ts).
    expect(record.Item?.visibility).toMatchObject({ private: false, directory: false });
    const staff = await cloud.as('claim.auditor', ['auditor']);
    const trail = (await staff.request('GET', `/credentials/${credentialId}/audit`)).body;
    expect(JSON.stringify(trail)).toMatch(/VISIBILITY_CHANGED[\s\S]*learner/);
  });

  it('refuses a form posted from another site, and a form with a bad field, without changing anything', async () => {
    const { token, credentialId } = await issueAndClaim(cloud, uniqueId);
    const learner = learnerSession(cloud);
    await learner.open(token);
    const forged = await learner.send('POST', '/claim/credential/privacy', { form: { visibility: 'private' }, headers: { origin: 'https://evil.example' } });
    expect(forged.status).toBe(403);
    // As Chromium sends a cross-site form post from a no-referrer page: Origin null, and Fetch Metadata says where from.
    const crossSite = await learner.send('POST', '/claim/credential/privacy', { form: { visibility: 'private' }, headers: { origin: 'null', 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    const bad = await learner.send('POST', '/claim/credential/privacy', { form: { visibility: 'everyone' } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ path: 'body.visibility' }] });
    expect((await fetch(`${base}/credentials/${credentialId}`, { headers: { accept: HTML } })).status).toBe(200);
  });

  it('changes the contact address only when the link sent to the new address is confirmed, once', async () => {
    const { token, issuanceId, email } = await issueAndClaim(cloud, uniqueId);
    const learner = learnerSession(cloud);
    await learner.open(token);
    const newAddress = `${uniqueId('moved')}@alumni.example.org`;
    const asked = await learner.submit('contact', { email: newAddress });
    expect(asked.status).toBe(303);
    const confirmToken = await linkFromMail(cloud, newAddress, 'claim/contact');
    // Nothing changed yet.
    let issuance = await cloud.table.send(new GetCommand({ TableName: cloud.outputs.TableName, Key: { PK: `ISSUANCE#${issuanceId}`, SK: 'ISSUANCE' } }));
    expect(issuance.Item?.deliveryEmail).toBeUndefined();
    const confirmed = await learner.send('POST', '/claim/contact/confirm', { json: { token: confirmToken } });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.json()).toEqual({ address: expect.stringMatching(/^m\*\*\*@alumni\.example\.org$/) });
    issuance = await cloud.table.send(new GetCommand({ TableName: cloud.outputs.TableName, Key: { PK: `ISSUANCE#${issuanceId}`, SK: 'ISSUANCE' } }));
    expect(issuance.Item?.deliveryEmail).toBe(newAddress.toLowerCase());
    expect((await learner.send('POST', '/claim/contact/confirm', { json: { token: confirmToken } })).status).toBe(404);
    // A new claim link now goes to the new address, not the old one.
    expect((await learner.send('POST', '/claim/new-link', { json: { token } })).status).toBe(202);
    expect(await linkFromMail(cloud, newAddress)).not.toBe(token);
    expect((await cloud.mail()).filter((m) => m.destination.to.includes(email.toLowerCase()))).toHaveLength(1);
  });

  it('declining revokes the credential with the learner’s reason, in the audit trail as the learner', async () => {
    const { token, credentialId } = await issueAndClaim(cloud, uniqueId);
    const learner = learnerSession(cloud);
    await learner.open(token);
    const declined = await learner.submit('decline', { reason: 'Issued to me by mistake', confirm: 'yes' });
    expect(declined.status).toBe(303);
    expect(declined.location).toContain('done=declined');
    const verification = (await (await fetch(`${base}/credentials/${credentialId}/verification`)).json()) as { status: string };
    expect(verification.status).toBe('revoked');
    const staff = await cloud.as('claim.auditor', ['auditor']);
    const trail = (await staff.request('GET', `/credentials/${credentialId}/audit`)).body as { events: { action: string; actor: { kind: string }; reason?: string }[] };
    const event = trail.events.find((e) => e.action === 'REVOKED');
    expect(event).toMatchObject({ actor: { kind: 'learner' }, reason: 'Declined by the learner: Issued to me by mistake' });
    // The page says so, and offers no wallet or sharing for a revoked credential.
    const page = await learner.page('/claim/credential?done=declined');
    expect(page.html).toContain('You declined this credential');
    expect(page.html).not.toContain('Add to a wallet');
  });

  it('withdrawing the name reissues the credential without it: the original superseded, not revoked, its page without the name and pointing to the new one', async () => {
    const { token, credentialId } = await issueAndClaim(cloud, uniqueId);
    const learner = learnerSession(cloud);
    await learner.open(token);
    const withdrawn = await learner.submit('name');
    expect(withdrawn.status).toBe(303);
    expect(withdrawn.location).toContain('done=name');
    const page = await learner.page('/claim/credential?done=name');
    expect(page.html).toContain('Your name is off your credential');
    expect(page.html).toContain('Your name is not on the signed credential.');
    expect(page.html).not.toContain('Ada Lovelace');
    const current = /href="([^"]+\/credentials\/([0-9a-f-]{36}))" rel="noreferrer">Your public page/.exec(page.html);
    expect(current?.[2]).toBeDefined();
    expect(current![2]).not.toBe(credentialId);

    const original = (await (await fetch(`${base}/credentials/${credentialId}`, { headers: { accept: 'application/ld+json' } })).json()) as Record<string, any>;
    const successor = (await (await fetch(current![1]!, { headers: { accept: 'application/ld+json' } })).json()) as Record<string, any>;
    expect(original.credentialSubject.name).toBe('Ada Lovelace');
    expect(successor.credentialSubject.name).toBeUndefined();
    // The same award: status entry, validity, identifiers.
    expect(successor.credentialStatus).toEqual(original.credentialStatus);
    expect(successor.validFrom).toBe(original.validFrom);
    expect(successor.credentialSubject.identifier).toEqual(original.credentialSubject.identifier);
    expect(await verifyIndependently(successor)).toMatchObject({ verified: true, revoked: false });
    // The original: superseded, not revoked; its page says so, links the current one, and shows no name.
    const verification = (await (await fetch(`${base}/credentials/${credentialId}/verification`)).json()) as { status: string };
    expect(verification.status).toBe('valid');
    const originalPage = await (await fetch(`${base}/credentials/${credentialId}`, { headers: { accept: HTML } })).text();
    expect(originalPage).toContain('A newer version replaced this credential');
    expect(originalPage).toContain(`href="${current![1]}"`);
    expect(originalPage).not.toContain('Ada Lovelace');
    // Once: the current version has no name to withdraw.
    expect((await learner.submit('name')).status).toBe(409);
    const staff = await cloud.as('claim.auditor', ['auditor']);
    expect(JSON.stringify((await staff.request('GET', `/credentials/${credentialId}/audit`)).body)).toMatch(/SUPERSEDED/);
  });
});
