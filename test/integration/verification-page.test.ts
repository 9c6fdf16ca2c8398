import { describe, expect, it } from 'vitest';
import { localCloud, uniqueId } from '../support/cloud';

const cloud = localCloud();
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

async function issue(extra: Record<string, unknown> = {}, recipient: Record<string, unknown> = {}) {
  const email = `${uniqueId('page')}@example.edu`;
  const done = await cloud.issueAuto(
    'page.issuer',
    {
      kind: 'competency',
      name: 'Clinical Data Stewardship',
      description: 'Can steward clinical data: consent, minimisation, retention.',
      criteria: 'Passed the stewardship practical with a named assessor.',
      alignments: [{ targetName: 'Data governance', targetUrl: 'https://framework.example.org/dg', targetFramework: 'SFIA 9', targetCode: 'GOVN' }],
      ...extra,
    },
    { recipient: { email, ...recipient }, evidence: [{ name: 'Practical assessment record', narrative: 'Observed by the assessor on 3 October.' }] },
  );
  expect(done.status).toBe('ISSUED');
  return { credentialId: done.credentialId as string, issuanceId: done.id as string, email };
}

const page = async (id: string, accept = BROWSER) => {
  const res = await fetch(`${cloud.outputs.PublicApiUrl}/credentials/${id}`, { headers: { accept } });
  return { status: res.status, headers: res.headers, html: await res.text() };
};

describe('the verification page', () => {
  it('shows a person what the credential certifies, by whom, and that it is valid — with share actions and preview tags', async () => {
    const { credentialId, issuanceId, email } = await issue({}, { name: 'Ada Lovelace', publishName: true });
    const { status, headers, html } = await page(credentialId);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(headers.get('cache-control')).toBe('public, max-age=60');
    expect(headers.get('content-security-policy')).toMatch(/default-src 'none'.*script-src 'sha256-/);
    expect(html).toMatch(/<html lang="en"/);
    expect(html).toContain('<h1>Clinical Data Stewardship</h1>');
    expect(html).toMatch(/class="status valid" role="status"/);
    expect(html).toContain('This credential is genuine and current.');
    expect(html).toContain('Ada Lovelace');
    expect(html).toContain('Passed the stewardship practical');
    expect(html).toContain('Data governance (GOVN) — SFIA 9');
    expect(html).toContain('Practical assessment record');
    expect(html).toContain('The digital signature matches: nothing was changed since it was issued.');
    expect(html).toContain('<meta property="og:title" content="Clinical Data Stewardship">');
    expect(html).toContain(`<meta property="og:url" content="${cloud.outputs.PublicApiUrl}/credentials/${credentialId}">`);
    expect(html).toContain('name="twitter:card"');
    expect(html).toMatch(/href="https:\/\/www\.linkedin\.com\/profile\/add\?startTask=CERTIFICATION_NAME&amp;name=Clinical\+Data\+Stewardship/);
    expect(html).toMatch(/<span class="qr" role="img" aria-label="QR code of this page"><svg/);
    expect(html).toContain(`href="${cloud.outputs.PublicApiUrl}/credentials/${credentialId}?format=json" download`);
    // Nothing private: no email, no hash salt, no internal id
    expect(html).not.toContain(email);
    expect(html).not.toContain(issuanceId);
    expect(html.toLowerCase()).not.toMatch(/salt|sha256\$|emailaddress/);
  });

  it("names the issuer's own LinkedIn organization in Add to profile, set on its profile", async () => {
    const designer = await cloud.as('page.designer', ['designer']);
    const issuerId = uniqueId('faculty').toLowerCase().replace(/[^a-z0-9-]/g, '');
    expect((await designer.request('POST', '/issuers', { issuerId, name: 'Faculty of Nursing', url: 'https://nursing.example.edu', linkedInOrganizationId: 'x12' })).status).toBe(400);
    expect((await designer.request('POST', '/issuers', { issuerId, name: 'Faculty of Nursing', url: 'https://nursing.example.edu' })).status).toBe(201);
    const { credentialId } = await issue({ issuerId });
    expect((await page(credentialId)).html).toMatch(/linkedin\.com\/profile\/add\?[^"]*organizationName=Faculty\+of\+Nursing/);
    const set = await designer.request('PATCH', `/issuers/${issuerId}`, { linkedInOrganizationId: '1337' });
    expect(set.body.linkedInOrganizationId).toBe('1337');
    // The next page rendered names the organization.
    const { credentialId: later } = await issue({ issuerId });
    expect((await page(later)).html).toMatch(/linkedin\.com\/profile\/add\?[^"]*organizationId=1337/);
  });

  it('keeps the learner name off the page unless they agreed to publish it', async () => {
    const { credentialId } = await issue({}, { name: 'Grace Hopper', publishName: false });
    const { html } = await page(credentialId);
    expect(html).not.toContain('Grace Hopper');
    expect(html).toContain('The recipient has chosen not to publish their name');
  });

  it('says revoked (with the date, not the reason) and suspended plainly', async () => {
    const { credentialId } = await issue();
    const registrar = await cloud.as('page.registrar', ['registrar']);
    await registrar.request('POST', `/credentials/${credentialId}/suspend`, { reason: 'disciplinary review' });
    const suspended = await page(credentialId);
    expect(suspended.html).toMatch(/class="status suspended"/);
    expect(suspended.html).toContain('The issuer has suspended this credential.');
    await registrar.request('POST', `/credentials/${credentialId}/revoke`, { reason: 'disciplinary outcome' });
    const revoked = await page(credentialId);
    expect(revoked.html).toMatch(/class="status revoked"/);
    const today = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date());
    expect(revoked.html).toContain(`The issuer revoked this credential on ${today}.`);
    expect(revoked.html).not.toContain('disciplinary');
  });

  it('still gives machines the signed credential, and a download link the JSON', async () => {
    const { credentialId } = await issue();
    const json = await page(credentialId, 'application/ld+json');
    expect(json.headers.get('content-type')).toBe('application/ld+json');
    expect(JSON.parse(json.html).id).toBe(`${cloud.outputs.PublicApiUrl}/credentials/${credentialId}`);
    expect((await page(credentialId, '*/*')).headers.get('content-type')).toBe('application/ld+json');
    const download = await fetch(`${cloud.outputs.PublicApiUrl}/credentials/${credentialId}?format=json&utm_source=linkedin`, { headers: { accept: BROWSER } });
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="credential-${credentialId}.json"`);
    expect(download.headers.get('content-type')).toBe('application/ld+json');
  });

  it('answers an unknown id with a 404 page for people and problem+json for machines', async () => {
    const missing = await page('00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.html).toContain('Credential not found');
    const machine = await page('00000000-0000-4000-8000-000000000000', 'application/json');
    expect([machine.status, machine.headers.get('content-type')]).toEqual([404, 'application/problem+json']);
  });
});
