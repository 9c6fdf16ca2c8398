import { createPrivateKey, sign as edSign, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { Signer } from '../../shared/credentials/data-integrity';
import { PermanentError } from '../../shared/errors';
import {
  artifactKey,
  credentialIssuedEvent,
  credentialRecord,
  jwtArtifactKey,
  signAward,
  signedWith,
  storeOnce,
  storeSigned,
  type unsignedCredential,
} from '../../shared/issuing/issue-credential';
import { publicUrls } from '../../shared/issuer';
import { memoryArtifacts } from '../support/memory-ports';
import { kit } from '../support/standards-kit';

/** The issuing core on in-memory ports: what every way of issuing relies on. */
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const jwtOf = (claims: object, signature = 'A'.repeat(86)) => `${b64({ alg: 'ES256', kid: 'k' })}.${b64(claims)}.${signature}`;

describe('storeOnce: write if absent, never overwrite', () => {
  it('writes what is not there, and counts the very same bytes already there as written', async () => {
    const { artifacts, writes } = memoryArtifacts();
    expect(await storeOnce(artifacts, 'credentials/a.json', '{"a":1}', { form: 'json-ld' })).toBe('{"a":1}');
    expect(await storeOnce(artifacts, 'credentials/a.json', '{"a":1}', { form: 'json-ld' })).toBe('{"a":1}');
    expect(writes).toEqual(['credentials/a.json']);
  });
  it('refuses other bytes as a permanent error, and leaves what is stored', async () => {
    const { artifacts, objects } = memoryArtifacts();
    await storeOnce(artifacts, 'credentials/a.json', '{"a":1}', { form: 'json-ld' });
    await expect(storeOnce(artifacts, 'credentials/a.json', '{"a":2}', { form: 'json-ld' })).rejects.toBeInstanceOf(PermanentError);
    expect(objects.get('credentials/a.json')!.body).toBe('{"a":1}');
  });
  it('keeps a stored JWT with the same claims (ES256 signatures differ on every signing), refuses other claims', async () => {
    const { artifacts } = memoryArtifacts();
    const first = jwtOf({ name: 'A' }, 'first');
    await storeOnce(artifacts, 'credentials/a.jwt', first, { form: 'vc-jwt' });
    expect(await storeOnce(artifacts, 'credentials/a.jwt', jwtOf({ name: 'A' }, 'second'), { form: 'vc-jwt' })).toBe(first);
    await expect(storeOnce(artifacts, 'credentials/a.jwt', jwtOf({ name: 'B' }), { form: 'vc-jwt' })).rejects.toThrow(/a different JWT is already stored/);
  });
});

describe('storeSigned: both forms, and what they were signed with', () => {
  it('stores each form once and keeps the issue time and status allocation on the document', async () => {
    const { artifacts, objects } = memoryArtifacts();
    const facts = { issuanceId: 'i-1', issuedAt: '2026-12-01T10:00:00Z', statusAllocation: 4242 };
    const stored = await storeSigned(artifacts, 'c-1', { body: '{"x":1}', jwt: jwtOf({ x: 1 }) }, facts);
    expect(stored).toEqual({
      artifact: { key: artifactKey('c-1'), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
      jwtArtifact: { key: jwtArtifactKey('c-1'), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect(signedWith(objects.get(artifactKey('c-1'))!.metadata)).toEqual({ issuedAt: facts.issuedAt, statusAllocation: 4242 });
    expect(signedWith({ issuance: 'i-1' })).toBeUndefined();
    // A retry whose JWT was signed again keeps the first token and its hash.
    const again = await storeSigned(artifacts, 'c-1', { body: '{"x":1}', jwt: jwtOf({ x: 1 }, 'other') }, facts);
    expect(again).toEqual(stored);
  });
});

describe('signAward and the record and event every path makes', () => {
  const { privateKey } = generateKeyPairSync('ed25519');
  const verificationMethod = 'https://badges.example.edu/issuers/uni-1/keys/test';
  const signer: Signer = { verificationMethod, sign: async (m) => edSign(null, m, createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' }))) };
  const { proof: _proof, ...unsigned } = JSON.parse(kit('09_generated_https-issuer_eddsa_hashed-email_signed.json'));
  const issuedAt = '2026-12-01T10:00:00Z';

  it('signs deterministically, so a retry makes the same bytes', async () => {
    const a = await signAward(unsigned as ReturnType<typeof unsignedCredential>, signer, { issuedAt });
    const b = await signAward(unsigned as ReturnType<typeof unsignedCredential>, signer, { issuedAt });
    expect(a.body).toBe(b.body);
    expect(a.sha256).toBe(b.sha256);
    expect(a.credential.proof[0]).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', verificationMethod, created: issuedAt });
    expect(a.jwt).toBeNull();
  });

  it('refuses what the official schema would reject', async () => {
    const broken = { ...unsigned, credentialSubject: { ...unsigned.credentialSubject, achievement: { ...unsigned.credentialSubject.achievement, criteria: 7 } } };
    await expect(signAward(broken as ReturnType<typeof unsignedCredential>, signer, { issuedAt })).rejects.toThrow(/fails the Open Badges 3.0 schema/);
  });

  it('records the credential and announces it with the v1 event schema, naming no learner', async () => {
    const signed = await signAward(unsigned as ReturnType<typeof unsignedCredential>, signer, { issuedAt });
    const issuance = { id: 'i-1', credentialId: 'c-1', achievementId: 'data-literacy', achievementVersion: 2, issuerId: 'main' };
    const record = credentialRecord(issuance, signed.credential, { artifact: { key: artifactKey('c-1'), sha256: signed.sha256 } }, { listNo: 0, index: 17 });
    expect(record).toMatchObject({ id: 'c-1', issuanceId: 'i-1', status: 'ACTIVE', verificationMethod, signingKeyId: 'test', statusPosition: { listNo: 0, index: 17 } });
    const event = credentialIssuedEvent({ ...issuance, issuedAt }, publicUrls('https://credentials.example.edu/'));
    const schema = JSON.parse(readFileSync(new URL('../../events/schemas/credential-issued.v1.schema.json', import.meta.url), 'utf8'));
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(event.detail), JSON.stringify(validate.errors)).toBe(true);
    expect(event).toMatchObject({ detailType: 'CredentialIssued', resources: ['https://credentials.example.edu/credentials/c-1'] });
    expect(JSON.stringify(event)).not.toMatch(/@/);
  });
});
