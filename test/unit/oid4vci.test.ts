import { generateKeyPairSync } from 'node:crypto';
import { Oauth2AuthorizationServer } from '@openid4vc/oauth2';
import { Openid4vciIssuer } from '@openid4vc/openid4vci';
import { CompactSign } from 'jose';
import { describe, expect, it } from 'vitest';
import { didKeyFromPublicJwk } from '../../shared/credentials/did-authentication';
import { secretDigest, type WalletOffer } from '../../shared/entities/wallet-offer';
import {
  authorizationServerMetadata,
  credentialIssuerIdentifier,
  credentialIssuerMetadata,
  exchangeToken,
  issueCredential,
  Oid4vciError,
  type CredentialDeps,
  type Oid4vciErrorCode,
} from '../../shared/use-cases/oid4vci';

/**
 * The OpenID4VCI use cases' checks that come before any storage: the issuer identifier's scheme,
 * the metadata against the OpenWallet Foundation library's own 1.0 schemas, and the refusals of
 * malformed token and credential requests, on stand-in ports (test/integration/oid4vci.test.ts
 * runs the flow itself, with its conditional writes, on the local cloud).
 */

const ISSUER = 'https://badges.example.edu';
const NOW = new Date('2026-03-01T12:00:00.000Z');
const clock = { now: () => NOW };

const refusal = async (promise: Promise<unknown>): Promise<{ error: Oid4vciErrorCode; status: number; message: string }> => {
  try {
    await promise;
  } catch (e) {
    if (e instanceof Oid4vciError) return { error: e.error, status: e.status, message: e.message };
    throw e;
  }
  throw new Error('expected a refusal');
};

describe('the credential issuer identifier', () => {
  it('is the public base URL without its trailing slash, https only, plain http in the local cloud alone', () => {
    expect(credentialIssuerIdentifier('https://badges.example.edu/', { localCloud: false })).toBe('https://badges.example.edu');
    expect(() => credentialIssuerIdentifier('http://badges.example.edu/', { localCloud: false })).toThrow(/https/);
    expect(credentialIssuerIdentifier('http://127.0.0.1:4010/', { localCloud: true })).toBe('http://127.0.0.1:4010');
    expect(() => credentialIssuerIdentifier('https://badges.example.edu/?x=1', { localCloud: false })).toThrow(/query or fragment/);
  });
});

describe('the metadata documents', () => {
  it('pass the OpenWallet Foundation library’s OpenID4VCI 1.0 and RFC 8414 schemas', () => {
    const unused = () => {
      throw new Error('not used');
    };
    const callbacks = { hash: unused, generateRandom: unused, signJwt: unused, verifyJwt: unused, clientAuthentication: unused };
    const issuerMetadata = credentialIssuerMetadata({ credentialIssuer: ISSUER, institutionName: 'Example University' });
    expect(new Openid4vciIssuer({ callbacks }).createCredentialIssuerMetadata(issuerMetadata)).toMatchObject({ credential_issuer: ISSUER });
    expect(new Openid4vciIssuer({ callbacks }).getKnownCredentialConfigurationsSupported(issuerMetadata).OpenBadgeCredential).toMatchObject({ format: 'ldp_vc' });
    expect(new Oauth2AuthorizationServer({ callbacks }).createAuthorizationServerMetadata(authorizationServerMetadata({ credentialIssuer: ISSUER }))).toMatchObject({ issuer: ISSUER });
  });
});

describe('the token endpoint', () => {
  const deps = {
    offers: { get: () => Promise.resolve(undefined), exchangePreAuthorizedCode: () => Promise.reject(new Error('not reached')) },
    clock,
  };
  it('refuses a request without a grant type, with another grant type, or without a code, in OAuth’s terms', async () => {
    expect(await refusal(exchangeToken(deps, {}))).toMatchObject({ error: 'invalid_request', status: 400 });
    expect(await refusal(exchangeToken(deps, { grant_type: 'authorization_code', code: 'x' }))).toMatchObject({ error: 'unsupported_grant_type' });
    expect(await refusal(exchangeToken(deps, { grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code' }))).toMatchObject({ error: 'invalid_request' });
    expect(await refusal(exchangeToken(deps, { grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code', 'pre-authorized_code': 'nothing-like-ours' }))).toMatchObject({ error: 'invalid_grant' });
  });
});

describe('the credential endpoint', () => {
  const token = `${'A'.repeat(22)}.${'b'.repeat(43)}`;
  const offer: WalletOffer = {
    id: 'A'.repeat(22),
    credentialId: 'c',
    issuanceId: 'i',
    createdAt: '2026-03-01T11:59:00.000Z',
    expiresAt: '2026-03-01T12:29:00.000Z',
    challenge: 'ch',
    status: 'OPEN',
    accessTokenHash: secretDigest(token),
    accessTokenExpiresAt: '2026-03-01T12:04:00.000Z',
  };
  const deps = (current: WalletOffer = offer) =>
    ({
      offers: { get: () => Promise.resolve(current), create: () => Promise.reject(new Error('no')), redeem: () => Promise.reject(new Error('not reached')) },
      nonces: { consume: () => Promise.resolve(false) },
      credentials: { get: () => Promise.reject(new Error('not reached')) },
      artifacts: { read: () => Promise.reject(new Error('no')), createOnly: () => Promise.reject(new Error('no')) },
      signer: () => Promise.reject(new Error('no')),
      audit: { append: () => Promise.reject(new Error('no')) },
      clock,
      settings: { publicBaseUrl: `${ISSUER}/`, credentialIssuer: ISSUER },
    }) as unknown as CredentialDeps;
  const ask = (body: unknown, options: { authorization?: string; offer?: WalletOffer } = {}) =>
    refusal(issueCredential(deps(options.offer), { authorization: options.authorization ?? `Bearer ${token}`, readBody: () => body }));

  it('answers 401 invalid_token before reading the body, for a missing, unknown, expired or used token', async () => {
    expect(await refusal(issueCredential(deps(), { authorization: undefined, readBody: () => { throw new Error('read'); } }))).toMatchObject({ error: 'invalid_token', status: 401 });
    expect(await ask({}, { authorization: `Bearer ${'A'.repeat(22)}.${'c'.repeat(43)}` })).toMatchObject({ error: 'invalid_token', message: expect.stringMatching(/not one this issuer/) });
    expect(await ask({}, { offer: { ...offer, accessTokenExpiresAt: '2026-03-01T11:59:59.000Z' } })).toMatchObject({ error: 'invalid_token', message: expect.stringMatching(/expired/) });
    expect(await ask({}, { offer: { ...offer, status: 'REDEEMED' } })).toMatchObject({ error: 'invalid_token', message: expect.stringMatching(/used already/) });
  });

  it('refuses malformed requests with OpenID4VCI 1.0’s codes', async () => {
    const jwt = 'e30.e30.sig';
    expect(await ask([])).toMatchObject({ error: 'invalid_credential_request' });
    expect(await ask({ credential_identifier: 'x', proofs: { jwt: [jwt] } })).toMatchObject({ error: 'invalid_credential_request' });
    expect(await ask({ format: 'ldp_vc', proof: { proof_type: 'jwt', jwt } })).toMatchObject({ error: 'invalid_credential_request', message: expect.stringMatching(/credential_configuration_id/) });
    expect(await ask({ credential_configuration_id: 'Other', proofs: { jwt: [jwt] } })).toMatchObject({ error: 'unknown_credential_configuration' });
    expect(await ask({ credential_configuration_id: 'OpenBadgeCredential', proof: { proof_type: 'jwt', jwt } })).toMatchObject({ error: 'invalid_credential_request', message: expect.stringMatching(/proofs/) });
    expect(await ask({ credential_configuration_id: 'OpenBadgeCredential' })).toMatchObject({ error: 'invalid_proof' });
    expect(await ask({ credential_configuration_id: 'OpenBadgeCredential', proofs: { di_vp: [{}] } })).toMatchObject({ error: 'invalid_proof' });
    expect(await ask({ credential_configuration_id: 'OpenBadgeCredential', proofs: { jwt: [jwt, jwt] } })).toMatchObject({ error: 'invalid_proof', message: expect.stringMatching(/exactly one/) });
    // No nonce in the payload ({}): invalid_proof (§8.3.1.2), before any signature work.
    expect(await ask({ credential_configuration_id: 'OpenBadgeCredential', proofs: { jwt: [jwt] } })).toMatchObject({ error: 'invalid_proof', message: expect.stringMatching(/no nonce/) });
  });

  it('checks the proof before the nonce, and refuses a nonce it did not hand out', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const forged = await new CompactSign(new TextEncoder().encode(JSON.stringify({ aud: ISSUER, iat: NOW.getTime() / 1000, nonce: 'n'.repeat(43) })))
      .setProtectedHeader({ alg: 'EdDSA', typ: 'openid4vci-proof+jwt', kid: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK' })
      .sign(privateKey);
    expect(await ask({ credential_configuration_id: 'OpenBadgeCredential', proofs: { jwt: [forged] } })).toMatchObject({ error: 'invalid_proof', message: expect.stringMatching(/bad-signature/) });
    // Signed by the key its kid names, over a nonce the table does not hold (the stand-in consumes none).
    const holder = generateKeyPairSync('ed25519');
    const did = didKeyFromPublicJwk(holder.publicKey.export({ format: 'jwk' }));
    const honest = await new CompactSign(new TextEncoder().encode(JSON.stringify({ aud: ISSUER, iat: NOW.getTime() / 1000, nonce: 'n'.repeat(43) })))
      .setProtectedHeader({ alg: 'EdDSA', typ: 'openid4vci-proof+jwt', kid: `${did}#${did.slice('did:key:'.length)}` })
      .sign(holder.privateKey);
    expect(await ask({ credential_configuration_id: 'OpenBadgeCredential', proofs: { jwt: [honest] } })).toMatchObject({ error: 'invalid_nonce' });
  });
});
