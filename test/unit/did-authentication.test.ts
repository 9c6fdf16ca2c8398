import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as digitalBazaarVc from '@digitalbazaar/vc';
import * as lcwVc from '@digitalcredentials/vc';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyInput } from 'jose';
import {
  DidAuthenticationError,
  didKeyFromPublicJwk,
  verifyDidAuthentication,
  verifyKeyProofJwt,
  type DidAuthenticationErrorCode,
} from '../../shared/credentials/did-authentication';
import {
  eddsaPresentation as walletEddsaPresentation,
  lcwDid,
  lcwPresentation as walletLcwPresentation,
  multikeyDid,
  type LcwDid,
  type MultikeyDid,
} from '../support/wallet';

/**
 * Presentations and key proofs here are made by code Laurel did not write: the Learner Credential
 * Wallet's own signing stack (@digitalcredentials/*: Ed25519Signature2020 over a did:key, as its
 * composeVp.ts does), Digital Bazaar's eddsa-rdfc-2022 suite, and jose for OID4VCI JWTs. Their
 * document loaders serve the bundled contexts (copies, so no library shares our objects) and
 * nothing else: there is no network here, and a DIDAuthentication needs none.
 */
// @digitalbazaar/vc's purposes, beyond what local/modules.d.ts types.
const dbVc = digitalBazaarVc as unknown as { CredentialIssuancePurpose: new () => unknown };

const CREATED = '2026-01-01T00:00:00Z';
/** A minute after the proofs were made. */
const NOW = new Date(Date.parse(CREATED) + 60_000);
const CHALLENGE = '199ea83d-3b8d-44f0-8509-d10ce02f5c7c';
const DOMAIN = 'https://badges.example.edu';

/** The LCW's DIDAuth presentation, made at CREATED for this file's exchange (test/support/wallet.ts). */
const lcwPresentation = (options: { signer: LcwDid; holder?: string; challenge?: string; domain?: string; date?: string }) =>
  walletLcwPresentation({ ...options, challenge: options.challenge ?? CHALLENGE, date: options.date ?? CREATED });

/** Digital Bazaar's eddsa-rdfc-2022 presentation, made at CREATED for this file's exchange and domain. */
const eddsaPresentation = (options: { signer: MultikeyDid; holder?: string; date?: string; purpose?: unknown; verifiableCredential?: unknown[] }) =>
  walletEddsaPresentation({ ...options, challenge: CHALLENGE, domain: DOMAIN, date: options.date ?? CREATED });

const expected = { challenge: CHALLENGE, domain: DOMAIN, now: NOW };

const refused = (promise: Promise<unknown>, code: DidAuthenticationErrorCode, message?: RegExp) =>
  expect(promise).rejects.toMatchObject({ name: 'DidAuthenticationError', code, ...(message ? { message: expect.stringMatching(message) } : {}) });

/**
 * examples/wallet/04 of the standards kit, verbatim: the body the LCW POSTs after the DIDAuth
 * request of examples/wallet/02 (challenge 199ea83d…, domain http://localhost:4005), made with the
 * exact library versions LCW pins, from seed sha256("laurel-standards-kit test holder seed (not
 * secret)") at 2026-01-01T00:00:00Z.
 */
const LCW_BODY = {
  verifiablePresentation: {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://w3id.org/security/suites/ed25519-2020/v1'],
    type: ['VerifiablePresentation'],
    holder: 'did:key:z6MkopZ2yV2qraQccvUKM6JgBVPUa2ehY4xtuNs45LLQ53tS',
    proof: {
      type: 'Ed25519Signature2020',
      created: '2026-01-01T00:00:00Z',
      verificationMethod: 'did:key:z6MkopZ2yV2qraQccvUKM6JgBVPUa2ehY4xtuNs45LLQ53tS#z6MkopZ2yV2qraQccvUKM6JgBVPUa2ehY4xtuNs45LLQ53tS',
      proofPurpose: 'authentication',
      challenge: '199ea83d-3b8d-44f0-8509-d10ce02f5c7c',
      domain: 'http://localhost:4005',
      proofValue: 'z42uTjtUG7P3bF5c1gXA5VFFxerRG9cedHdo1sLTizsEZEgppH8TzLFtaSxxzvtF6aNDcNFE3vS3zrctNzRTreeKo',
    },
  },
};
const KIT_SEED = createHash('sha256').update('laurel-standards-kit test holder seed (not secret)').digest();

describe('verifyDidAuthentication: presentations wallets send', () => {
  it("accepts the LCW's DIDAuth presentation (standards kit wallet/04)", async () => {
    const result = await verifyDidAuthentication(LCW_BODY.verifiablePresentation, { challenge: CHALLENGE, domain: 'http://localhost:4005', now: NOW });
    expect(result).toEqual({ holder: LCW_BODY.verifiablePresentation.holder });
  });

  it("the LCW's libraries, driven here, sign wallet/04 byte for byte (so the other cases are shaped as the wallet sends them)", async () => {
    const signer = await lcwDid(KIT_SEED);
    expect(signer.did).toBe(LCW_BODY.verifiablePresentation.holder);
    const vp = await lcwPresentation({ signer, domain: 'http://localhost:4005' });
    expect(vp).toEqual(LCW_BODY.verifiablePresentation);
  });

  it('accepts an Ed25519Signature2020 presentation from a fresh did:key and answers its holder', async () => {
    const signer = await lcwDid();
    const vp = await lcwPresentation({ signer, domain: DOMAIN });
    expect(vp['@context']).toEqual(['https://www.w3.org/ns/credentials/v2', 'https://w3id.org/security/suites/ed25519-2020/v1']);
    expect(await verifyDidAuthentication(vp, expected)).toEqual({ holder: signer.did });
  });

  it('accepts an eddsa-rdfc-2022 presentation (DataIntegrityProof) and answers its holder', async () => {
    const signer = await multikeyDid();
    const vp = await eddsaPresentation({ signer });
    expect(vp.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'authentication' });
    expect(await verifyDidAuthentication(vp, expected)).toEqual({ holder: signer.did });
  });

  it('accepts an empty verifiableCredential array', async () => {
    const signer = await multikeyDid();
    const vp = await eddsaPresentation({ signer, verifiableCredential: [] });
    expect(vp.verifiableCredential).toEqual([]);
    expect(await verifyDidAuthentication(vp, expected)).toEqual({ holder: signer.did });
  });

  it('legacy request link: no domain asked, none signed → accepted; a domain signed for someone else → wrong-domain', async () => {
    const signer = await lcwDid();
    const legacy = { challenge: CHALLENGE, now: NOW };
    expect(await verifyDidAuthentication(await lcwPresentation({ signer }), legacy)).toEqual({ holder: signer.did });
    await refused(verifyDidAuthentication(await lcwPresentation({ signer, domain: 'https://other-verifier.example' }), legacy), 'wrong-domain', /asked for none/);
  });

  it('accepts a proof created within the clock skew ahead, or just inside maxAgeSeconds', async () => {
    const signer = await lcwDid();
    const ahead = await lcwPresentation({ signer, domain: DOMAIN, date: new Date(NOW.getTime() + 4 * 60_000).toISOString() });
    expect(await verifyDidAuthentication(ahead, expected)).toEqual({ holder: signer.did });
    const old = await lcwPresentation({ signer, domain: DOMAIN, date: new Date(NOW.getTime() - 119_000).toISOString() });
    expect(await verifyDidAuthentication(old, { ...expected, maxAgeSeconds: 120 })).toEqual({ holder: signer.did });
  });
});

describe('verifyDidAuthentication: refusals', () => {
  it("wrong-challenge: another exchange's presentation replayed here", async () => {
    const signer = await lcwDid();
    const otherExchange = await lcwPresentation({ signer, domain: DOMAIN, challenge: 'a3f1c6c0-0000-4000-8000-otherexchange' });
    await refused(verifyDidAuthentication(otherExchange, expected), 'wrong-challenge', /another exchange/);
  });

  it('wrong-domain: signed for another verifier, or without the domain that was asked', async () => {
    const signer = await lcwDid();
    await refused(verifyDidAuthentication(await lcwPresentation({ signer, domain: 'https://evil.example' }), expected), 'wrong-domain', /evil\.example/);
    await refused(verifyDidAuthentication(await lcwPresentation({ signer }), expected), 'wrong-domain', /no domain/);
  });

  it('holder-mismatch: signed by did A, naming did B as holder', async () => {
    const a = await lcwDid();
    const b = await lcwDid();
    const vp = await lcwPresentation({ signer: a, holder: b.did, domain: DOMAIN });
    await refused(verifyDidAuthentication(vp, expected), 'holder-mismatch', new RegExp(`signed by "${a.did}", not by its holder ${b.did}`));
  });

  it('holder-mismatch: a verificationMethod that is not the key of the did:key', async () => {
    const signer = await multikeyDid();
    const vp = await eddsaPresentation({ signer });
    const proof = { ...(vp.proof as Record<string, unknown>), verificationMethod: `${signer.did}#key-1` };
    await refused(verifyDidAuthentication({ ...vp, proof }, expected), 'holder-mismatch', /not a key of the holder/);
  });

  it('bad-signature: a presentation altered after signing', async () => {
    const signer = await lcwDid();
    const vp = await lcwPresentation({ signer, domain: DOMAIN });
    await refused(verifyDidAuthentication({ ...vp, id: 'urn:uuid:6a4e1bb0-2a39-4a5c-9d3f-6f6b1c2e9a10' }, expected), 'bad-signature');
    const eddsa = await eddsaPresentation({ signer: await multikeyDid() });
    const other = await eddsaPresentation({ signer: await multikeyDid() });
    // The signature of another holder's presentation, pasted in.
    const pasted = { ...eddsa, proof: { ...(eddsa.proof as object), proofValue: (other.proof as { proofValue: string }).proofValue } };
    await refused(verifyDidAuthentication(pasted, expected), 'bad-signature');
  });

  it('unsupported-did: a did:web holder, a P-256 did:key holder', async () => {
    const signer = await lcwDid();
    await refused(verifyDidAuthentication(await lcwPresentation({ signer, holder: 'did:web:wallet.example', domain: DOMAIN }), expected), 'unsupported-did', /did:web:wallet\.example/);
    const p256 = await lcwPresentation({ signer, holder: 'did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169', domain: DOMAIN });
    await refused(verifyDidAuthentication(p256, expected), 'unsupported-did');
  });

  it('unsupported-proof: an assertionMethod proof (a credential-issuing proof, not an authentication)', async () => {
    const signer = await multikeyDid();
    const vp = await eddsaPresentation({ signer, purpose: new dbVc.CredentialIssuancePurpose() });
    expect((vp.proof as { proofPurpose: string }).proofPurpose).toBe('assertionMethod');
    await refused(verifyDidAuthentication(vp, expected), 'unsupported-proof', /authentication/);
  });

  it('unsupported-proof: another suite', async () => {
    const vp = await eddsaPresentation({ signer: await multikeyDid() });
    await refused(verifyDidAuthentication({ ...vp, proof: { ...(vp.proof as object), cryptosuite: 'ecdsa-rdfc-2019' } }, expected), 'unsupported-proof', /ecdsa-rdfc-2019/);
  });

  it('malformed: no proof, two proofs', async () => {
    const signer = await lcwDid();
    await refused(verifyDidAuthentication(lcwVc.createPresentation({ holder: signer.did }), expected), 'malformed', /no proof/);
    const one = await lcwPresentation({ signer, domain: DOMAIN });
    const two = await lcwPresentation({ signer, domain: DOMAIN, date: '2026-01-01T00:00:30Z' });
    await refused(verifyDidAuthentication({ ...one, proof: [one.proof, two.proof] }, expected), 'malformed', /2 proofs/);
  });

  it('malformed: over 64 KiB', async () => {
    const vp = await lcwPresentation({ signer: await lcwDid(), domain: DOMAIN });
    await refused(verifyDidAuthentication({ ...vp, name: 'x'.repeat(64 * 1024) }, expected), 'malformed', /larger than 65,536 bytes/);
  });

  it('expired: created longer ago than maxAgeSeconds, or beyond the clock skew ahead', async () => {
    const signer = await lcwDid();
    const stale = await lcwPresentation({ signer, domain: DOMAIN, date: new Date(NOW.getTime() - 11 * 60_000).toISOString() });
    await refused(verifyDidAuthentication(stale, expected), 'expired', /more than 600 seconds ago/);
    await refused(verifyDidAuthentication(await lcwPresentation({ signer, domain: DOMAIN }), { ...expected, maxAgeSeconds: 30 }), 'expired');
    const future = await lcwPresentation({ signer, domain: DOMAIN, date: new Date(NOW.getTime() + 6 * 60_000).toISOString() });
    await refused(verifyDidAuthentication(future, expected), 'expired', /in the future/);
  });

  it('malformed: credentials inside a DIDAuthentication presentation', async () => {
    const vp = await lcwPresentation({ signer: await lcwDid(), domain: DOMAIN });
    await refused(verifyDidAuthentication({ ...vp, verifiableCredential: [{ type: ['VerifiableCredential'] }] }, expected), 'malformed', /verifiableCredential/);
  });

  it('malformed with the reason: a term no context defines, a context Laurel does not bundle', async () => {
    const vp = await lcwPresentation({ signer: await lcwDid(), domain: DOMAIN });
    await refused(verifyDidAuthentication({ ...vp, nickname: 'Ada' }, expected), 'malformed', /"nickname" is not defined/);
    const contexts = [...(vp['@context'] as string[]), 'https://contexts.example/wallet/v1'];
    await refused(verifyDidAuthentication({ ...vp, '@context': contexts }, expected), 'malformed', /contexts\.example\/wallet\/v1 is not one this deployment knows/);
  });

  it('malformed: hostile shapes end in a DidAuthenticationError, not a crash', async () => {
    let deep: unknown = {};
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const cyclic: Record<string, unknown> = { type: ['VerifiablePresentation'] };
    cyclic.self = cyclic;
    for (const input of [undefined, null, 'a string', 42, [LCW_BODY.verifiablePresentation], deep, cyclic, { type: 'VerifiablePresentation' }, { ...LCW_BODY.verifiablePresentation, holder: { id: LCW_BODY.verifiablePresentation.holder } }, 10n]) {
      const error = await verifyDidAuthentication(input, expected).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(DidAuthenticationError);
      expect((error as DidAuthenticationError).code).toBe('malformed');
    }
    const long = { ...LCW_BODY.verifiablePresentation, proof: { ...LCW_BODY.verifiablePresentation.proof, proofValue: `z${'2'.repeat(40_000)}` } };
    await refused(verifyDidAuthentication(long, { challenge: CHALLENGE, domain: 'http://localhost:4005', now: NOW }), 'malformed', /proofValue/);
  });
});

// ---------------------------------------------------------------------------------------------

const ISSUER = 'https://badges.example.edu';
const C_NONCE = 'wKI4LT17ac15ES9bw8ac4';
const IAT = Math.floor(NOW.getTime() / 1000) - 5;
const proofExpected = { audience: ISSUER, nonce: C_NONCE, now: NOW };

type Header = { alg: string; typ?: string; kid?: string; jwk?: JWK };
function keyProof(privateKey: KeyInput, header: Header, claims: { aud?: string; nonce?: string; iat?: number } = {}) {
  const jwt = new SignJWT({ nonce: claims.nonce ?? C_NONCE })
    .setProtectedHeader({ typ: 'openid4vci-proof+jwt', ...header })
    .setAudience(claims.aud ?? ISSUER)
    .setIssuedAt(claims.iat ?? IAT);
  return jwt.sign(privateKey);
}

async function edKey() {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { extractable: true });
  const jwk = await exportJWK(publicKey);
  // The did:key by Digital Bazaar's Ed25519 Multikey, not by Laurel's encoder.
  const { publicKeyMultibase } = await Ed25519Multikey.fromJwk({ jwk: jwk as Record<string, unknown> });
  const did = `did:key:${publicKeyMultibase}`;
  return { privateKey, jwk, did, kid: `${did}#${publicKeyMultibase}` };
}

describe('verifyKeyProofJwt: OID4VCI 1.0 jwt key proofs', () => {
  it('accepts EdDSA with a did:key kid and answers that did:key', async () => {
    const key = await edKey();
    const result = await verifyKeyProofJwt(await keyProof(key.privateKey, { alg: 'EdDSA', kid: key.kid }), proofExpected);
    expect(result.holder).toBe(key.did);
    expect(result.publicKeyJwk).toEqual({ kty: 'OKP', crv: 'Ed25519', x: key.jwk.x });
  });

  it('accepts ES256 with an embedded jwk and answers it as a P-256 did:key (zDn…)', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwk = await exportJWK(publicKey);
    const result = await verifyKeyProofJwt(await keyProof(privateKey, { alg: 'ES256', jwk }), proofExpected);
    expect(result.holder).toMatch(/^did:key:zDn/);
    expect(result.publicKeyJwk).toEqual({ kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y });
    // The same key named by that did:key decodes back to it.
    const multibase = result.holder.slice('did:key:'.length);
    expect((await verifyKeyProofJwt(await keyProof(privateKey, { alg: 'ES256', kid: `${result.holder}#${multibase}` }), proofExpected)).holder).toBe(result.holder);
  });

  it('accepts EdDSA with an embedded jwk: the holder is the did:key of that key', async () => {
    const key = await edKey();
    expect((await verifyKeyProofJwt(await keyProof(key.privateKey, { alg: 'EdDSA', jwk: key.jwk }), proofExpected)).holder).toBe(key.did);
  });

  it('encodes JWKs as did:key as the did:key spec does (its P-256 test vectors)', () => {
    expect(didKeyFromPublicJwk({ kty: 'EC', crv: 'P-256', x: 'igrFmi0whuihKnj9R3Om1SoMph72wUGeFaBbzG2vzns', y: 'efsX5b10x8yjyrj4ny3pGfLcY7Xby1KzgqOdqnsrJIM' })).toBe(
      'did:key:zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv',
    );
    expect(didKeyFromPublicJwk({ kty: 'EC', crv: 'P-256', x: 'fyNYMN0976ci7xqiSdag3buk-ZCwgXU4kz9XNkBlNUI', y: 'hW2ojTNfH7Jbi8--CJUo3OCbH3y5n91g-IMA9MLMbTU' })).toBe(
      'did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169',
    );
  });

  it('wrong-challenge: a nonce this issuer did not hand out', async () => {
    const key = await edKey();
    await refused(verifyKeyProofJwt(await keyProof(key.privateKey, { alg: 'EdDSA', kid: key.kid }, { nonce: 'another-nonce' }), proofExpected), 'wrong-challenge', /nonce endpoint/);
  });

  it('wrong-domain: made for another issuer (aud)', async () => {
    const key = await edKey();
    await refused(verifyKeyProofJwt(await keyProof(key.privateKey, { alg: 'EdDSA', kid: key.kid }, { aud: 'https://other-issuer.example' }), proofExpected), 'wrong-domain', /other-issuer/);
  });

  it('unsupported-proof: typ JWT, alg HS256', async () => {
    const key = await edKey();
    await refused(verifyKeyProofJwt(await keyProof(key.privateKey, { alg: 'EdDSA', kid: key.kid, typ: 'JWT' }), proofExpected), 'unsupported-proof', /openid4vci-proof\+jwt/);
    const hmac = await keyProof(new Uint8Array(32), { alg: 'HS256', kid: key.kid });
    await refused(verifyKeyProofJwt(hmac, proofExpected), 'unsupported-proof', /HS256/);
  });

  it('bad-signature: signed by another key than the kid names', async () => {
    const named = await edKey();
    const signer = await edKey();
    await refused(verifyKeyProofJwt(await keyProof(signer.privateKey, { alg: 'EdDSA', kid: named.kid }), proofExpected), 'bad-signature');
    // And a payload swapped under a good signature.
    const good = (await keyProof(named.privateKey, { alg: 'EdDSA', kid: named.kid })).split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ nonce: 'stolen', aud: ISSUER, iat: IAT })).toString('base64url');
    await refused(verifyKeyProofJwt(`${good[0]}.${forgedPayload}.${good[2]}`, proofExpected), 'bad-signature');
  });

  it('expired: iat older than maxAgeSeconds, or beyond the clock skew ahead', async () => {
    const key = await edKey();
    const nowSeconds = NOW.getTime() / 1000;
    await refused(verifyKeyProofJwt(await keyProof(key.privateKey, { alg: 'EdDSA', kid: key.kid }, { iat: nowSeconds - 601 }), proofExpected), 'expired', /600 seconds/);
    await refused(verifyKeyProofJwt(await keyProof(key.privateKey, { alg: 'EdDSA', kid: key.kid }, { iat: nowSeconds + 301 }), proofExpected), 'expired', /future/);
  });

  it('malformed: a jwk with its private key (d)', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const leaked = await exportJWK(privateKey);
    expect(leaked.d).toBeDefined();
    await refused(verifyKeyProofJwt(await keyProof(privateKey, { alg: 'ES256', jwk: leaked }), proofExpected), 'malformed', /private key material \(d\)/);
  });

  it('malformed: both kid and jwk, neither', async () => {
    const key = await edKey();
    await refused(verifyKeyProofJwt(await keyProof(key.privateKey, { alg: 'EdDSA', kid: key.kid, jwk: key.jwk }), proofExpected), 'malformed', /kid and jwk/);
    await refused(verifyKeyProofJwt(await keyProof(key.privateKey, { alg: 'EdDSA' }), proofExpected), 'malformed', /names no key/);
  });

  it('unsupported-did: a kid that is not a did:key', async () => {
    const key = await edKey();
    await refused(verifyKeyProofJwt(await keyProof(key.privateKey, { alg: 'EdDSA', kid: 'did:web:wallet.example#key-1' }), proofExpected), 'unsupported-did');
  });

  it('malformed: too long, not a compact JWS, garbage parts', async () => {
    const key = await edKey();
    const good = await keyProof(key.privateKey, { alg: 'EdDSA', kid: key.kid });
    await refused(verifyKeyProofJwt(`${good}${'A'.repeat(8 * 1024)}`, proofExpected), 'malformed', /longer than 8192/);
    for (const jwt of ['', 'a.b', 'a.b.c.d', '!!!.e30.AAAA', 'e30.e30.AAAA', 'W10.e30.AAAA', `${good.split('.')[0]}.bm90IGpzb24.AAAA`]) {
      const error = await verifyKeyProofJwt(jwt, proofExpected).then(() => undefined, (e: unknown) => e);
      expect(error, jwt).toBeInstanceOf(DidAuthenticationError);
    }
  });
});
