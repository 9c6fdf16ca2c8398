import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { verifyIndependently } from '../../local/independent-verifier';
import { verifyWithVerifierCore } from '../../local/verifier-core';
import { localCloud, uniqueId, LOCAL_FETCH_TIMEOUT_MS } from '../support/cloud';
import { walletOfferFromClaimPage } from '../support/learner';
import { eddsaPresentation, lcwDid, lcwPresentation, multikeyDid } from '../support/wallet';

const cloud = localCloud();
const base = cloud.outputs.PublicApiUrl;
const domain = new URL(base).origin;

/** The claim page's "Add to a wallet": the interaction URL and the LCW request link it shows. */
async function walletOffer() {
  const { credentialId, interaction, html, learner } = await walletOfferFromClaimPage(cloud, uniqueId);
  const lcw = /href="(https:\/\/lcw\.app\/request\.html\?[^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
  expect(lcw).toBeDefined();
  expect(html).toMatch(/<span class="offer-qr" role="img" aria-label="QR code of the wallet offer"><svg/);
  return { credentialId, interaction, lcw: new URL(lcw!), learner };
}

const postJson = async (url: string, body: unknown) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

/** The wallet's side of a VC-API exchange (VCALM): the interaction URL, the exchange, DID authentication. */
async function followInteraction(interaction: string) {
  const protocols = await fetch(interaction, { headers: { accept: 'application/json' } });
  expect(protocols.status).toBe(200);
  const { protocols: offered } = (await protocols.json()) as { protocols: Record<string, string> };
  expect(offered.vcapi).toMatch(/\/wallet\/[A-Za-z0-9_-]{22}\/exchange$/);
  const request = await postJson(offered.vcapi!, {});
  expect(request.status).toBe(200);
  const vpr = request.body.verifiablePresentationRequest;
  expect(vpr).toMatchObject({ query: [{ type: 'DIDAuthentication' }], challenge: expect.any(String), domain });
  return { exchange: offered.vcapi!, challenge: vpr.challenge as string, domain: vpr.domain as string };
}

const independentlyVerified = async (credential: unknown) => {
  const digitalBazaar = await verifyIndependently(credential, { timeoutMs: LOCAL_FETCH_TIMEOUT_MS });
  const dcc = await verifyWithVerifierCore(credential);
  return { digitalBazaar, dcc };
};

describe('wallet pickup over VC-API (the interaction URL)', () => {
  it('a wallet authenticates with a fresh did:key and receives a DID-bound copy that both independent verifiers accept; revoking the original revokes the copy', async () => {
    const { credentialId, interaction } = await walletOffer();
    // A person who opens the interaction URL in a browser is told what to do.
    const page = await fetch(interaction, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Open this in a wallet');

    const { exchange, challenge } = await followInteraction(interaction);
    const wallet = await lcwDid();
    const vp = await lcwPresentation({ signer: wallet, challenge, domain });
    const answer = await postJson(exchange, { verifiablePresentation: vp });
    expect(answer.status).toBe(200);
    const [copy] = answer.body.verifiablePresentation.verifiableCredential as Record<string, any>[];
    expect(copy!.credentialSubject.id).toBe(wallet.did);
    expect(copy!.id).toMatch(/^urn:uuid:/);
    const original = (await (await fetch(`${base}/credentials/${credentialId}`, { headers: { accept: 'application/ld+json' } })).json()) as Record<string, any>;
    // One award: the copy carries the original's status entry, list and index.
    expect(copy!.credentialStatus).toEqual(original.credentialStatus);
    expect(copy!.credentialSubject.identifier).toEqual(original.credentialSubject.identifier);

    const before = await independentlyVerified(copy);
    expect(before.digitalBazaar).toMatchObject({ verified: true, revoked: false });
    expect(before.dcc.errors).toEqual([]);
    expect(before.dcc.steps).toMatchObject({ valid_signature: true, revocation_status: true });

    // The same presentation again: the offer is used up.
    const replay = await postJson(exchange, { verifiablePresentation: vp });
    expect(replay.status).toBe(410);
    expect(replay.body.detail).toMatch(/used already/);

    const registrar = await cloud.as('wallet.registrar', ['registrar']);
    expect((await registrar.request('POST', `/credentials/${credentialId}/revoke`, { reason: 'Awarded in error' })).status).toBe(200);
    const after = await independentlyVerified(copy);
    expect(after.digitalBazaar).toMatchObject({ revoked: true });
    expect(after.dcc.steps.revocation_status).toBe(false);
    const presented = await postJson(`${base}/verify`, copy);
    expect(presented.body.status).toBe('revoked');
  });

  it('takes an eddsa-rdfc-2022 presentation too (Digital Bazaar’s suite)', async () => {
    const { interaction } = await walletOffer();
    const { exchange, challenge } = await followInteraction(interaction);
    const wallet = await multikeyDid();
    const answer = await postJson(exchange, { verifiablePresentation: await eddsaPresentation({ signer: wallet, challenge, domain }) });
    expect(answer.status).toBe(200);
    expect(answer.body.verifiablePresentation.verifiableCredential[0].credentialSubject.id).toBe(wallet.did);
  });

  it('refuses, with the reason, a presentation signed by another DID than its holder, one for another challenge, and an expired offer', async () => {
    const { interaction } = await walletOffer();
    const { exchange, challenge } = await followInteraction(interaction);
    const a = await lcwDid();
    const b = await lcwDid();
    const impostor = await postJson(exchange, { verifiablePresentation: await lcwPresentation({ signer: a, holder: b.did, challenge, domain }) });
    expect(impostor.status).toBe(400);
    expect(impostor.body).toMatchObject({ detail: expect.stringContaining('not by its holder'), errors: [{ path: 'body.verifiablePresentation', message: 'holder-mismatch' }] });
    const otherChallenge = await postJson(exchange, { verifiablePresentation: await lcwPresentation({ signer: a, challenge: 'another-exchange-challenge', domain }) });
    expect(otherChallenge.status).toBe(400);
    expect(otherChallenge.body.errors).toEqual([{ path: 'body.verifiablePresentation', message: 'wrong-challenge' }]);
    // Nothing was given out: the offer still works for its holder, until it expires.
    const offerId = /\/wallet\/([A-Za-z0-9_-]{22})\//.exec(exchange)![1]!;
    await cloud.table.send(
      new UpdateCommand({ TableName: cloud.outputs.TableName, Key: { PK: `WALLETOFFER#${offerId}`, SK: 'WALLETOFFER' }, UpdateExpression: 'SET endsAt = :past', ExpressionAttributeValues: { ':past': '2020-01-01T00:00:00.000Z' } }),
    );
    const late = await postJson(exchange, { verifiablePresentation: await lcwPresentation({ signer: a, challenge, domain }) });
    expect(late.status).toBe(410);
    expect(late.body.detail).toMatch(/expired/);
    expect((await fetch(interaction, { headers: { accept: 'application/json' } })).status).toBe(410);
    expect((await fetch(interaction, { headers: { accept: 'text/html' } })).status).toBe(410);
  });
});

describe('wallet copies of a superseded credential', () => {
  it('are superseded with it: POST /verify says so for the copy and the original, naming the current credential, which the claim page offers; a forged copy borrows nothing', async () => {
    const { credentialId, interaction, learner } = await walletOffer();
    const { exchange, challenge } = await followInteraction(interaction);
    const answer = await postJson(exchange, { verifiablePresentation: await lcwPresentation({ signer: await lcwDid(), challenge, domain }) });
    expect(answer.status).toBe(200);
    const [copy] = answer.body.verifiablePresentation.verifiableCredential as Record<string, any>[];
    const before = await postJson(`${base}/verify`, copy);
    expect(before.body).toMatchObject({ status: 'valid', issuedHere: true });
    expect(before.body.supersededBy).toBeUndefined();

    const registrar = await cloud.as('wallet.registrar', ['registrar']);
    const corrected = await registrar.request('POST', `/credentials/${credentialId}/corrections`, { name: 'Ada King', reason: 'Name changed by deed poll' });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(201);
    const current = { credentialId: corrected.body.id, url: `${base}/credentials/${corrected.body.id}`, at: expect.any(String) };

    // A supersession is not a revocation: the copy still verifies, and says what replaced it.
    const presented = await postJson(`${base}/verify`, copy);
    expect(presented.body).toMatchObject({ status: 'valid', issuedHere: true, supersededBy: current });
    // The original too, presented or looked up by machines; the current one names no successor.
    const original = await (await fetch(`${base}/credentials/${credentialId}`, { headers: { accept: 'application/ld+json' } })).json();
    expect((await postJson(`${base}/verify`, original)).body).toMatchObject({ status: 'valid', supersededBy: current });
    expect(await (await fetch(`${base}/credentials/${credentialId}/verification`)).json()).toMatchObject({ status: 'valid', supersededBy: current });
    expect(((await (await fetch(`${current.url}/verification`)).json()) as Record<string, unknown>).supersededBy).toBeUndefined();

    // A copy changed after signing fails at its signature and speaks for no record.
    const forged = await postJson(`${base}/verify`, { ...copy, credentialSubject: { ...copy!.credentialSubject, name: 'Mallory' } });
    expect(forged.body.status).toBe('invalid');
    expect(forged.body.supersededBy).toBeUndefined();

    // The learner's claim page offers the current credential.
    const page = await learner.page();
    expect(page.status).toBe(200);
    expect(page.html).toContain(corrected.body.id);
  });
});

describe("the Learner Credential Wallet's request link", () => {
  it('posts a bare DID authentication (its challenge, no domain) to vc_request_url and gets the DID-bound copy', async () => {
    const { lcw } = await walletOffer();
    expect(lcw.searchParams.get('auth_type')).toBe('bearer');
    expect(lcw.searchParams.get('issuer')).toBe(new URL(base).host);
    const challenge = lcw.searchParams.get('challenge')!;
    const requestUrl = lcw.searchParams.get('vc_request_url')!;
    const wallet = await lcwDid();
    const answer = await postJson(requestUrl, await lcwPresentation({ signer: wallet, challenge }));
    expect(answer.status).toBe(200);
    const copy = answer.body.verifiableCredential[0] as Record<string, any>;
    expect(copy.credentialSubject.id).toBe(wallet.did);
    expect((await independentlyVerified(copy)).digitalBazaar).toMatchObject({ verified: true });
    // Single use.
    expect((await postJson(requestUrl, await lcwPresentation({ signer: wallet, challenge }))).status).toBe(410);
  });
});
