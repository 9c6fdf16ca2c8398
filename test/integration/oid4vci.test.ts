import { createHash, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { clientAuthenticationAnonymous, HashAlgorithm, setGlobalConfig, type JwtSigner } from '@openid4vc/oauth2';
import { Openid4vciClient } from '@openid4vc/openid4vci';
import { CompactSign } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyIndependently } from '../../local/independent-verifier';
import { verifyWithVerifierCore } from '../../local/verifier-core';
import { localCloud, LOCAL_FETCH_TIMEOUT_MS, uniqueId } from '../support/cloud';
import { walletOfferFromClaimPage } from '../support/learner';

/**
 * OpenID4VCI 1.0, pre-authorized code flow, against the local cloud. The server is written from
 * the specification (shared/use-cases/oid4vci.ts), so the wallet here is a library Laurel did not
 * write: the OpenWallet Foundation's @openid4vc/openid4vci client (1.0), with jose for signing and
 * node:crypto for keys. The refusals are plain requests, each checked for its OAuth error code.
 */

const cloud = localCloud();
const base = cloud.outputs.PublicApiUrl;
/** The credential issuer identifier: the public base URL without its trailing slash. */
const issuer = base.replace(/\/+$/, '');
const PRE_AUTHORIZED = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';

beforeAll(() => {
  // The local cloud is plain http; the client refuses http URLs unless told.
  setGlobalConfig({ allowInsecureUrls: true });
});

// ------------------------------------------------------------------------------------- the holder's keys

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function base58(bytes: Uint8Array): string {
  let n = BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
  let out = '';
  while (n > 0n) {
    out = BASE58[Number(n % 58n)]! + out;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    out = `1${out}`;
  }
  return out;
}

/** A fresh Ed25519 key and its did:key (multicodec ed25519-pub 0xed01, base58btc), computed here from the did:key spec. */
function holderKey() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  const multibase = `z${base58(Buffer.concat([Buffer.from([0xed, 0x01]), raw]))}`;
  const did = `did:key:${multibase}`;
  return { did, kid: `${did}#${multibase}`, publicKey, privateKey };
}
type HolderKey = ReturnType<typeof holderKey>;

/** A jwt key proof (OpenID4VCI 1.0 Appendix F.1), signed by `signedBy` (another key than the kid names: a forgery). */
async function keyProof(key: HolderKey, nonce: string, options: { signedBy?: KeyObject; aud?: string } = {}) {
  const payload = { aud: options.aud ?? issuer, iat: Math.floor(Date.now() / 1000), nonce };
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'EdDSA', typ: 'openid4vci-proof+jwt', kid: key.kid })
    .sign(options.signedBy ?? key.privateKey);
}

/** The library client's callbacks: hashing and randomness from node:crypto, signing with jose (did signers only). */
function walletClient(key: HolderKey) {
  return new Openid4vciClient({
    callbacks: {
      fetch,
      hash: (data: Uint8Array, alg: HashAlgorithm) => new Uint8Array(createHash(alg.replace('-', '')).update(data).digest()),
      generateRandom: (length: number) => new Uint8Array(randomBytes(length)),
      clientAuthentication: clientAuthenticationAnonymous(),
      signJwt: async (signer: JwtSigner, { header, payload }) => {
        if (signer.method !== 'did' || signer.didUrl !== key.kid) throw new Error(`this wallet signs with ${key.kid} only`);
        const jwt = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ ...header, alg: 'EdDSA', kid: key.kid }).sign(key.privateKey);
        return { jwt, signerJwk: key.publicKey.export({ format: 'jwk' }) as never };
      },
    },
  });
}

// ------------------------------------------------------------------------------------- the learner's side

/** The claim page's "Add to a wallet", as wallet-pickup.test.ts gets it, and the tx_code the offer section shows. */
async function walletOffer() {
  const { credentialId, interaction, html } = await walletOfferFromClaimPage(cloud, uniqueId);
  const offered = { html };
  const section = /<section class="card" aria-labelledby="offer">[\s\S]*?<\/section>/.exec(offered.html)?.[0] ?? '';
  const shown = /<p id="tx-code">Wallet asks for a code\? Enter: <strong[^>]*>(\d{3}) (\d{3})<\/strong><\/p>/.exec(section);
  expect(shown, 'the tx_code in the offer section').not.toBeNull();
  const txCode = `${shown![1]}${shown![2]}`;
  // The code is on the private page only: not in any URL the page links or the QR code encodes.
  expect(offered.html.match(/(?:href|src)="[^"]*"/g)?.some((attribute) => attribute.includes(txCode)) ?? false).toBe(false);
  return { credentialId, interaction, txCode };
}

/** The wallet's first steps: the interaction URL's `openid4vci` entry, and the credential offer it names. */
async function followToOffer(interaction: string) {
  const res = await fetch(interaction, { headers: { accept: 'application/json' } });
  expect(res.status).toBe(200);
  const { protocols } = (await res.json()) as { protocols: Record<string, string> };
  expect(protocols.vcapi).toMatch(/\/exchange$/);
  expect(protocols['oid4vci-1.0']).toBe(protocols.openid4vci);
  const link = new URL(protocols.openid4vci!);
  expect(link.protocol).toBe('openid-credential-offer:');
  const offerUri = link.searchParams.get('credential_offer_uri')!;
  expect(offerUri).toMatch(new RegExp(`^${issuer.replace(/[.:/]/g, '\\$&')}/oid4vci/offers/[A-Za-z0-9_-]{22}$`));
  const offer = await fetch(offerUri);
  expect(offer.status).toBe(200);
  expect(offer.headers.get('cache-control')).toBe('no-store');
  const body = (await offer.json()) as Record<string, any>;
  return { link: protocols.openid4vci!, offerUri, offerId: offerUri.split('/').pop()!, preAuthorizedCode: body.grants[PRE_AUTHORIZED]['pre-authorized_code'] as string, body };
}

const form = (url: string, fields: Record<string, string>) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

async function token(preAuthorizedCode: string, txCode: string) {
  const res = await form(`${issuer}/oid4vci/token`, { grant_type: PRE_AUTHORIZED, 'pre-authorized_code': preAuthorizedCode, tx_code: txCode });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}

async function nonce() {
  const res = await fetch(`${issuer}/oid4vci/nonce`, { method: 'POST' });
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toContain('no-store');
  return ((await res.json()) as { c_nonce: string }).c_nonce;
}

async function credential(accessToken: string | undefined, body: unknown) {
  const res = await fetch(`${issuer}/oid4vci/credential`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(accessToken === undefined ? {} : { authorization: `Bearer ${accessToken}` }) },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}

const request = (jwt: string, configuration = 'OpenBadgeCredential') => ({ credential_configuration_id: configuration, proofs: { jwt: [jwt] } });

/** An offer taken as far as an access token, by plain requests. */
async function accessToken() {
  const { interaction, txCode, credentialId } = await walletOffer();
  const { preAuthorizedCode, offerId } = await followToOffer(interaction);
  const answer = await token(preAuthorizedCode, txCode);
  expect(answer.status).toBe(200);
  return { accessToken: answer.body.access_token as string, credentialId, offerId };
}

const expireOffer = (offerId: string) =>
  cloud.table.send(
    new UpdateCommand({ TableName: cloud.outputs.TableName, Key: { PK: `WALLETOFFER#${offerId}`, SK: 'WALLETOFFER' }, UpdateExpression: 'SET endsAt = :past', ExpressionAttributeValues: { ':past': '2020-01-01T00:00:00.000Z' } }),
  );

// ------------------------------------------------------------------------------------- the tests

describe('OpenID4VCI 1.0, pre-authorized code flow (the interaction URL’s openid4vci entry)', () => {
  it('a 1.0 wallet library resolves the offer and both metadata documents, trades the code and tx_code for a token, and receives a copy bound to its did:key that both independent verifiers accept; revoking the original revokes it', async () => {
    const { credentialId, interaction, txCode } = await walletOffer();
    const { link, body: offerJson } = await followToOffer(interaction);
    expect(offerJson).toEqual({
      credential_issuer: issuer,
      credential_configuration_ids: ['OpenBadgeCredential'],
      grants: { [PRE_AUTHORIZED]: { 'pre-authorized_code': expect.stringMatching(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/), tx_code: { input_mode: 'numeric', length: 6, description: expect.any(String) } } },
    });

    // Both metadata documents, as a wallet reads them.
    const metadata = await fetch(`${issuer}/.well-known/openid-credential-issuer`);
    expect(metadata.status).toBe(200);
    expect(metadata.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await metadata.json()).toMatchObject({
      credential_issuer: issuer,
      credential_endpoint: `${issuer}/oid4vci/credential`,
      nonce_endpoint: `${issuer}/oid4vci/nonce`,
      credential_configurations_supported: {
        OpenBadgeCredential: {
          format: 'ldp_vc',
          credential_definition: { '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'], type: ['VerifiableCredential', 'OpenBadgeCredential'] },
          cryptographic_binding_methods_supported: ['did:key'],
          proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['EdDSA', 'ES256'] } },
          credential_metadata: { display: [{ name: expect.any(String), locale: 'en' }] },
        },
      },
    });
    const server = await fetch(`${issuer}/.well-known/oauth-authorization-server`);
    expect(server.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await server.json()).toMatchObject({ issuer, token_endpoint: `${issuer}/oid4vci/token`, 'pre-authorized_grant_anonymous_access_supported': true, grant_types_supported: [PRE_AUTHORIZED] });

    // The library's wallet, from the link on.
    const key = holderKey();
    const client = walletClient(key);
    const offer = await client.resolveCredentialOffer(link);
    const issuerMetadata = await client.resolveIssuerMetadata(offer.credential_issuer);
    expect(issuerMetadata.originalDraftVersion).toBe('V1');
    const { accessTokenResponse } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({ credentialOffer: offer, issuerMetadata, txCode });
    expect(accessTokenResponse).toMatchObject({ token_type: 'Bearer', expires_in: expect.any(Number) });
    expect(accessTokenResponse.expires_in).toBeLessThanOrEqual(300);
    const { c_nonce } = await client.requestNonce({ issuerMetadata });
    const { jwt } = await client.createCredentialRequestJwtProof({ issuerMetadata, credentialConfigurationId: 'OpenBadgeCredential', nonce: c_nonce, signer: { method: 'did', didUrl: key.kid, alg: 'EdDSA' } });
    const { credentialResponse } = await client.retrieveCredentials({ issuerMetadata, credentialConfigurationId: 'OpenBadgeCredential', accessToken: accessTokenResponse.access_token, proofs: { jwt: [jwt] } });
    expect(credentialResponse.credentials).toHaveLength(1);
    const copy = (credentialResponse.credentials![0] as { credential: Record<string, any> }).credential;

    // Bound to the proof's key, one award with the original.
    expect(copy.credentialSubject.id).toBe(key.did);
    expect(copy.id).toMatch(/^urn:uuid:/);
    const original = (await (await fetch(`${base}/credentials/${credentialId}`, { headers: { accept: 'application/ld+json' } })).json()) as Record<string, any>;
    expect(copy.credentialStatus).toEqual(original.credentialStatus);
    const before = await verifyIndependently(copy, { timeoutMs: LOCAL_FETCH_TIMEOUT_MS });
    expect(before).toMatchObject({ verified: true, revoked: false });
    const dcc = await verifyWithVerifierCore(copy);
    expect(dcc.errors).toEqual([]);
    expect(dcc.steps).toMatchObject({ valid_signature: true, revocation_status: true });

    // The pre-authorized code again: used.
    const again = await token(offer.grants![PRE_AUTHORIZED]!['pre-authorized_code']!, txCode);
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ error: 'invalid_grant', error_description: expect.stringMatching(/used already/) });

    const registrar = await cloud.as('oid4vci.registrar', ['registrar']);
    expect((await registrar.request('POST', `/credentials/${credentialId}/revoke`, { reason: 'Awarded in error' })).status).toBe(200);
    expect(await verifyIndependently(copy, { timeoutMs: LOCAL_FETCH_TIMEOUT_MS })).toMatchObject({ revoked: true });
  });

  it('refuses a wrong tx_code with the tries left, and the fifth wrong one locks the offer for every pickup', async () => {
    const { interaction, txCode } = await walletOffer();
    const { preAuthorizedCode, offerUri } = await followToOffer(interaction);
    const wrong = txCode === '000000' ? '111111' : '000000';
    const first = await token(preAuthorizedCode, wrong);
    expect(first.status).toBe(400);
    expect(first.headers.get('cache-control')).toContain('no-store');
    // OAuth's members and RFC 9457's in one object.
    expect(first.body).toMatchObject({ error: 'invalid_grant', error_description: expect.stringMatching(/wrong.*4 tries left/), type: expect.stringMatching(/^https:\/\//), title: 'Invalid grant', status: 400, detail: expect.any(String) });
    // Not six digits: refused without using a try.
    expect((await token(preAuthorizedCode, '12345')).body.error).toBe('invalid_request');
    expect((await token(preAuthorizedCode, '')).body).toMatchObject({ error: 'invalid_request', error_description: expect.stringMatching(/tx_code/) });
    for (const left of ['3 tries', '2 tries', '1 try']) expect((await token(preAuthorizedCode, wrong)).body.error_description).toContain(`${left} left`);
    const fifth = await token(preAuthorizedCode, wrong);
    expect(fifth.body).toMatchObject({ error: 'invalid_grant', error_description: expect.stringMatching(/locked/) });
    // Locked: the right code no longer works, nor the offer, nor the VC-API exchange.
    expect((await token(preAuthorizedCode, txCode)).body).toMatchObject({ error: 'invalid_grant', error_description: expect.stringMatching(/locked/) });
    expect((await fetch(offerUri)).status).toBe(410);
    expect((await fetch(interaction, { headers: { accept: 'application/json' } })).status).toBe(410);
  });

  it('refuses an expired offer at the offer URI and at the token endpoint, a code it never handed out, and other grant types', async () => {
    const { interaction, txCode } = await walletOffer();
    const { preAuthorizedCode, offerUri, offerId } = await followToOffer(interaction);
    const forged = `${offerId}.${randomBytes(32).toString('base64url')}`;
    expect((await token(forged, txCode)).body).toMatchObject({ error: 'invalid_grant', error_description: expect.stringMatching(/not one this issuer handed out/) });
    const other = await form(`${issuer}/oid4vci/token`, { grant_type: 'authorization_code', code: 'x' });
    expect(other.status).toBe(400);
    expect(((await other.json()) as Record<string, unknown>).error).toBe('unsupported_grant_type');
    const json = await fetch(`${issuer}/oid4vci/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(((await json.json()) as Record<string, unknown>).error).toBe('invalid_request');

    await expireOffer(offerId);
    const gone = await fetch(offerUri);
    expect(gone.status).toBe(410);
    expect(((await gone.json()) as Record<string, string>).detail).toMatch(/expired/);
    expect((await token(preAuthorizedCode, txCode)).body).toMatchObject({ error: 'invalid_grant', error_description: expect.stringMatching(/expired/) });
  });

  it('refuses a forged key proof, an unknown or replayed nonce, an unknown configuration, a missing or unknown token, and an access token used twice', async () => {
    const a = await accessToken();
    const key = holderKey();

    // No token, a made-up one: 401 invalid_token (no error code in the challenge when none was sent, RFC 6750 §3.1).
    const n0 = await nonce();
    const none = await credential(undefined, request(await keyProof(key, n0)));
    expect(none.status).toBe(401);
    expect(none.body.error).toBe('invalid_token');
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    const unknown = await credential(`${a.offerId}.${randomBytes(32).toString('base64url')}`, request(await keyProof(key, n0)));
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toBe('invalid_token');
    expect(unknown.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');

    // Another configuration; a proof signed by another key than its kid names; a nonce never handed out; another audience.
    expect((await credential(a.accessToken, request(await keyProof(key, n0), 'UniversityDegree'))).body.error).toBe('unknown_credential_configuration');
    const forged = await credential(a.accessToken, request(await keyProof(key, n0, { signedBy: holderKey().privateKey })));
    expect(forged.status).toBe(400);
    expect(forged.body).toMatchObject({ error: 'invalid_proof', error_description: expect.stringMatching(/signature/) });
    expect((await credential(a.accessToken, request(await keyProof(key, randomBytes(32).toString('base64url'))))).body.error).toBe('invalid_nonce');
    expect((await credential(a.accessToken, request(await keyProof(key, n0, { aud: 'https://issuer.example.org' })))).body.error).toBe('invalid_proof');
    expect((await credential(a.accessToken, { credential_configuration_id: 'OpenBadgeCredential' })).body.error).toBe('invalid_proof');

    // None of these used the token or the nonce: the right proof over n0 is taken.
    const taken = await credential(a.accessToken, request(await keyProof(key, n0)));
    expect(taken.status).toBe(200);
    expect(taken.headers.get('cache-control')).toContain('no-store');
    expect(taken.body.credentials[0].credential.credentialSubject.id).toBe(key.did);

    // The same access token again: used.
    const twice = await credential(a.accessToken, request(await keyProof(key, await nonce())));
    expect(twice.status).toBe(401);
    expect(twice.body).toMatchObject({ error: 'invalid_token', error_description: expect.stringMatching(/used already/) });

    // n0 again, with another offer's token: the nonce was consumed.
    const b = await accessToken();
    const replayed = await credential(b.accessToken, request(await keyProof(key, n0)));
    expect(replayed.status).toBe(400);
    expect(replayed.body.error).toBe('invalid_nonce');
    expect((await credential(b.accessToken, request(await keyProof(key, await nonce())))).status).toBe(200);
  });
});
