import { bundledDocumentLoader, statusListDocumentLoader } from '../../shared/credentials/document-loader';
import { generateKeyPairSync, sign } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { addProof, type Signer } from '../../shared/credentials/data-integrity';
import { multikeyFromSpki } from '../../shared/credentials/multikey';
import { buildOpenBadgeCredential } from '../../shared/credentials/open-badge';
import { emptyList, setBit, statusEntry, statusListCredential } from '../../shared/credentials/status-list';
import { laurelSuspensionLists, verifyCredential, type KeyResolver } from '../../shared/credentials/verify';

const ISSUER = 'https://badges.example.edu/issuers/main';
const KEY = `${ISSUER}/keys/k-1`;
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const publicKeyMultibase = multikeyFromSpki(publicKey.export({ format: 'der', type: 'spki' }));
const signer: Signer = { verificationMethod: KEY, sign: async (m) => sign(null, m, privateKey) };

const LIST = 'https://badges.example.edu/status/main/revocation/0';
const SUSPENSION = 'https://badges.example.edu/status/main/suspension/0';
const lists = new Map<string, unknown>();

const resolver = (overrides: Partial<{ controller: string; assertion: string[]; fail: boolean }> = {}): KeyResolver => ({
  async resolveStatusList(url) {
    if (!lists.has(url)) throw new Error(`${url} answered 404`);
    return lists.get(url);
  },
  async resolveKey(url) {
    if (overrides.fail || url !== KEY) throw new Error(`${url} answered 404`);
    return { id: KEY, controller: overrides.controller ?? ISSUER, publicKeyMultibase };
  },
  async resolveAssertionMethods() {
    return overrides.assertion ?? [KEY];
  },
});

const now = new Date('2026-06-01T00:00:00Z');
let signed: Record<string, any>;

async function publishList(url: string, purpose: 'revocation' | 'suspension', set: number[], issuer = ISSUER) {
  let bits: Uint8Array = emptyList();
  for (const i of set) bits = setBit(bits, i, true);
  lists.set(url, await addProof(statusListCredential({ url, issuer, purpose, bits, validFrom: '2026-01-01T00:00:00Z' }), signer, { created: '2026-01-01T00:00:00Z', documentLoader: statusListDocumentLoader }));
}

beforeAll(async () => {
  const unsigned = buildOpenBadgeCredential({
    id: 'https://badges.example.edu/credentials/c-1',
    issuer: { id: ISSUER, name: 'Example University', url: 'https://www.example.edu' },
    achievement: {
      id: 'https://badges.example.edu/achievements/stats',
      kind: 'course',
      name: 'Statistics',
      description: 'Intro statistics',
      criteria: 'Pass the exam',
      image: { id: 'https://badges.example.edu/achievements/stats/image.png', caption: 'Statistics badge' },
      tags: ['maths'],
    },
    recipient: { email: 'learner@example.org', salt: 'abc123', name: 'Lee' },
    validFrom: '2026-01-01T00:00:00Z',
    validUntil: '2027-01-01T00:00:00Z',
    awardedDate: '2026-01-01T00:00:00Z',
    credentialStatus: statusEntry(LIST, 'revocation', 42),
  });
  signed = await addProof(unsigned, signer, { created: '2026-01-01T00:00:00Z', documentLoader: bundledDocumentLoader });
  await publishList(LIST, 'revocation', []);
  await publishList(SUSPENSION, 'suspension', []);
});

const statusOf = async (credential: unknown, r = resolver(), at = now) => (await verifyCredential(credential, { resolver: r, now: at })).status;
const failedCheck = async (credential: unknown, r = resolver(), at = now) =>
  (await verifyCredential(credential, { resolver: r, now: at })).checks.find((c) => !c.passed);

describe('verifyCredential', () => {
  it('accepts a well-formed, correctly signed credential with every check named', async () => {
    const result = await verifyCredential(signed, { resolver: resolver(), now });
    expect(result.status).toBe('valid');
    expect(result.checks.map((c) => c.name)).toEqual(['structure', 'schema', 'jsonld', 'key', 'signature', 'issuer', 'validity', 'status']);
    expect(result.checkedAt).toBe(now.toISOString());
  });

  it.each([
    ['a string', 'not a credential'],
    ['null', null],
    ['an array', [1, 2]],
    ['an empty object', {}],
  ])('fails closed on %s', async (_, input) => {
    expect(await statusOf(input)).toBe('invalid');
  });

  it('rejects a missing proof, two proofs, and another suite', async () => {
    const { proof, ...bare } = signed;
    expect((await failedCheck(bare))?.name).toBe('structure');
    expect((await failedCheck({ ...signed, proof: [proof[0], proof[0]] }))?.message).toMatch(/exactly one proof/);
    expect((await failedCheck({ ...signed, proof: [{ ...proof[0], cryptosuite: 'ecdsa-rdfc-2019' }] }))?.message).toMatch(/Unsupported proof/);
    expect((await failedCheck({ ...signed, proof: [{ ...proof[0], type: 'Ed25519Signature2020' }] }))?.name).toBe('structure');
  });

  it('rejects an unknown context and an undefined term (safe mode), never fetching', async () => {
    const unknownContext = { ...signed, '@context': [...signed['@context'], 'https://evil.example/context.json'] };
    expect(await failedCheck(unknownContext)).toMatchObject({ name: 'jsonld' });
    const undefinedTerm = { ...signed, favouriteColour: 'blue' };
    expect(await failedCheck(undefinedTerm)).toMatchObject({ name: 'jsonld' });
  });

  it('reports a key that does not resolve, belongs to someone else, or is not listed by the issuer', async () => {
    expect(await failedCheck(signed, resolver({ fail: true }))).toMatchObject({ name: 'key', message: expect.stringMatching(/could not be resolved/) });
    expect(await failedCheck(signed, resolver({ controller: 'https://other.example/issuers/x' }))).toMatchObject({ name: 'issuer' });
    expect(await failedCheck(signed, resolver({ assertion: [] }))).toMatchObject({ name: 'issuer' });
  });

  it('reports not-yet-valid as invalid and past validUntil as expired', async () => {
    expect(await statusOf(signed, resolver(), new Date('2025-12-31T00:00:00Z'))).toBe('invalid');
    expect(await statusOf(signed, resolver(), new Date('2027-02-01T00:00:00Z'))).toBe('expired');
  });

  it('reports revoked and suspended from signed status lists, and fails closed on a bad list', async () => {
    const options = (suspension = true) => ({ resolver: resolver(), now, ...(suspension ? { suspensionListFor: laurelSuspensionLists('https://badges.example.edu') } : {}) });
    try {
      await publishList(SUSPENSION, 'suspension', [42]);
      expect((await verifyCredential(signed, options())).status).toBe('suspended');
      expect((await verifyCredential(signed, options(false))).status).toBe('valid'); // other verifiers read one entry
      await publishList(LIST, 'revocation', [42]);
      const revoked = await verifyCredential(signed, options());
      expect(revoked.status).toBe('revoked');
      expect(revoked.checks.at(-1)).toMatchObject({ name: 'status', passed: false, message: 'The issuer has revoked this credential.' });
      await publishList(LIST, 'revocation', [41, 43]);
      await publishList(SUSPENSION, 'suspension', []);
      expect((await verifyCredential(signed, options())).status).toBe('valid');

      await publishList(LIST, 'revocation', [], 'https://impostor.example/issuers/x');
      expect((await verifyCredential(signed, options())).status).toBe('invalid');
      const tampered = structuredClone(lists.get(LIST)) as any;
      tampered.issuer = ISSUER;
      lists.set(LIST, tampered);
      expect((await verifyCredential(signed, options())).checks.at(-1)?.message).toMatch(/status list did not verify/);
      lists.delete(LIST);
      expect(await verifyCredential(signed, options())).toMatchObject({ status: 'invalid' });
    } finally {
      await publishList(LIST, 'revocation', []);
      await publishList(SUSPENSION, 'suspension', []);
    }
  });

  it('ranks outcomes: revoked before expired', async () => {
    await publishList(LIST, 'revocation', [42]);
    try {
      expect(await statusOf(signed, resolver(), new Date('2027-02-01T00:00:00Z'))).toBe('revoked');
    } finally {
      await publishList(LIST, 'revocation', []);
    }
  });

  it('fails when any single value of the signed credential is changed', async () => {
    const leaves: (string | number)[][] = [];
    const walk = (v: unknown, path: (string | number)[]) => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
      else leaves.push(path);
    };
    walk(signed, []);
    expect(leaves.length).toBeGreaterThan(30);
    for (const path of leaves) {
      const tampered = structuredClone(signed);
      let parent: any = tampered;
      for (const key of path.slice(0, -1)) parent = parent[key];
      const last = path.at(-1)!;
      parent[last] = typeof parent[last] === 'boolean' ? !parent[last] : `${parent[last]}x`;
      expect(await statusOf(tampered), `changing ${path.join('.')}`).not.toBe('valid');
    }
  });
});
