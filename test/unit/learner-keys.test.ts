import { createHash, createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { GenerateMacCommand, KMSClient, VerifyMacCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKmsServer } from '../../local/kms-server';
import { kmsLearnerKeyer } from '../../shared/adapters/kms-learner-keyer';
import { holdingKeys } from '../../shared/entities/holding';
import { derivedLearnerKeyer, LEARNER_KEY_LABEL, LEARNER_KEYS_NOT_WIRED, learnerIndexKey, learnerKeys } from '../../shared/entities/learner';
import { memoryLearnerKeyer } from '../support/memory-ports';
import { memoryWorld, staff } from '../support/memory-world';

/**
 * Issue #17, section 3: the learner index and holdings are keyed with an HMAC whose secret is
 * derived from a KMS HMAC key, not with a bare SHA-256 of the email that anyone could recompute
 * from a guess and test against the table.
 */

const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');
const ready = async (keys = memoryLearnerKeyer()) => {
  await keys.ready();
  return keys;
};

describe('the learner keyer', () => {
  it('keys the same identifier alike, every time and in every execution environment of a deployment', async () => {
    const [a, b] = [await ready(), await ready()];
    expect(a.keyFor('ada@example.edu')).toBe(a.keyFor('ada@example.edu'));
    expect(a.keyFor('ada@example.edu')).toBe(b.keyFor('ada@example.edu'));
    expect(a.keyFor('ada@example.edu')).toMatch(/^[0-9a-f]{64}$/);
    expect(a.keyFor('ada@example.edu')).not.toBe(a.keyFor('bob@example.edu'));
    // The email normalized first: any case, any spaces around it, one learner.
    expect(learnerIndexKey(a, { email: '  Ada@Example.EDU ' })).toBe(learnerIndexKey(a, { email: 'ada@example.edu' }));
    expect(learnerIndexKey(a, { studentId: ' S-1 ' })).toBe(`student:${a.keyFor('S-1')}`);
  });

  it('keys every learner differently under another derivation label or another KMS key', async () => {
    const base = await ready();
    const v2 = await ready(memoryLearnerKeyer({ label: 'laurel-learner-index/v2' }));
    const otherKey = await ready(memoryLearnerKeyer({ kmsKey: 'another deployment' }));
    for (const other of [v2, otherKey]) {
      expect(other.keyFor('ada@example.edu')).not.toBe(base.keyFor('ada@example.edu'));
      expect(learnerKeys.partition(other, { email: 'ada@example.edu' })).not.toBe(learnerKeys.partition(base, { email: 'ada@example.edu' }));
    }
  });

  it('is never the SHA-256 of the identifier, bare or of the key anyone could guess', async () => {
    const keys = await ready();
    for (const id of ['ada@example.edu', 'S-1']) {
      expect(keys.keyFor(id)).not.toBe(sha256(id));
      expect(keys.keyFor(id)).toBe(createHmac('sha256', createHmac('sha256', 'memory-learner-index-key').update(LEARNER_KEY_LABEL).digest()).update(id).digest('hex'));
    }
    expect(holdingKeys.item(keys, 'a1', 1, 'ada@example.edu').PK).toBe(`HOLDS#a1#1#${keys.keyFor('ada@example.edu')}`);
    expect(holdingKeys.item(keys, 'a1', 1, 'ada@example.edu').PK).not.toContain(sha256('ada@example.edu'));
  });

  it('derives its secret once (one KMS call), refuses to key before it has, and tries again after a failed derivation', async () => {
    const keys = memoryLearnerKeyer();
    expect(() => keys.keyFor('ada@example.edu')).toThrow(/before the learner keyer was ready/);
    await Promise.all([keys.ready(), keys.ready(), keys.ready()]);
    for (let i = 0; i < 1_000; i++) keys.keyFor(`learner-${i}@example.edu`);
    await keys.ready();
    expect(keys.derivations()).toBe(1);

    let calls = 0;
    const flaky = derivedLearnerKeyer(async () => {
      if (calls++ === 0) throw new Error('ThrottlingException');
      return Buffer.alloc(32, 7);
    });
    await expect(flaky.ready()).rejects.toThrow('ThrottlingException');
    await flaky.ready();
    expect(flaky.keyFor('x')).toMatch(/^[0-9a-f]{64}$/);
    await expect(derivedLearnerKeyer(async () => Buffer.alloc(16)).ready()).rejects.toThrow(/16 bytes, not 32/);
  });

  it('is refused, plainly, to a function not wired to the learner-index key', async () => {
    await expect(LEARNER_KEYS_NOT_WIRED.ready()).rejects.toThrow(/no LEARNER_KEY_ARN/);
    expect(() => LEARNER_KEYS_NOT_WIRED.keyFor('ada@example.edu')).toThrow(/no LEARNER_KEY_ARN/);
  });

  it('keys no item of an issuance by the SHA-256 of the email or the student number', async () => {
    const w = await memoryWorld();
    const a = await w.achievement();
    const email = 'Ada.Lovelace@Example.edu';
    const { issuance } = await w.request(staff('ria.issuer', ['issuer']), { achievementId: a.id, recipient: { email, name: 'Ada', studentId: 'S-1815' } });
    const items = w.table.scan(() => true);
    const keyed = items.flatMap((i) => [i.PK, i.SK, i.GSI1PK, i.GSI1SK, i.GSI2PK, i.GSI2SK, i.GSI3PK, i.GSI3SK]).filter((k): k is string => typeof k === 'string');
    for (const clear of ['ada.lovelace@example.edu', 'S-1815']) {
      expect(keyed.filter((k) => k.includes(sha256(clear)) || k.toLowerCase().includes(clear.toLowerCase()))).toEqual([]);
    }
    const keys = w.repos.learnerKeys;
    expect(keyed).toEqual(
      expect.arrayContaining([
        `LEARNER#email:${keys.keyFor('ada.lovelace@example.edu')}`,
        `LEARNER#student:${keys.keyFor('S-1815')}`,
        `HOLDS#${a.id}#${a.version}#${keys.keyFor('ada.lovelace@example.edu')}`,
      ]),
    );
    expect(items.filter((i) => i.entity === 'LearnerIndex').map((i) => i.issuanceId)).toEqual([issuance.id, issuance.id]);
  });
});

describe('the KMS learner keyer, on the local KMS stand-in', () => {
  const kmsServer = createKmsServer();
  let kms: KMSClient;
  beforeAll(async () => {
    await new Promise<void>((resolve) => kmsServer.server.listen(0, '127.0.0.1', resolve));
    const { port } = kmsServer.server.address() as AddressInfo;
    kms = new KMSClient({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  });
  afterAll(() => {
    kms.destroy();
    kmsServer.server.close();
  });

  it('derives the secret with one GenerateMac of the label (HMAC_SHA_256), which VerifyMac accepts', async () => {
    const key = kmsServer.createKey('HMAC_256', 'learner index');
    const message = Buffer.from(LEARNER_KEY_LABEL);
    const { Mac } = await kms.send(new GenerateMacCommand({ KeyId: key.arn, MacAlgorithm: 'HMAC_SHA_256', Message: message }));
    expect(Mac).toHaveLength(32);
    expect((await kms.send(new VerifyMacCommand({ KeyId: key.arn, MacAlgorithm: 'HMAC_SHA_256', Message: message, Mac: Mac! }))).MacValid).toBe(true);
    const tampered = Buffer.from(Mac!);
    tampered[0] = tampered[0]! ^ 1;
    await expect(kms.send(new VerifyMacCommand({ KeyId: key.arn, MacAlgorithm: 'HMAC_SHA_256', Message: message, Mac: tampered }))).rejects.toMatchObject({ name: 'KMSInvalidMacException' });

    const keys = kmsLearnerKeyer(kms, key.arn);
    await keys.ready();
    expect(keys.keyFor('ada@example.edu')).toBe(createHmac('sha256', Mac!).update('ada@example.edu').digest('hex'));
    // Another deployment's key keys the same learner differently.
    const other = kmsLearnerKeyer(kms, kmsServer.createKey('HMAC_256').arn);
    await other.ready();
    expect(other.keyFor('ada@example.edu')).not.toBe(keys.keyFor('ada@example.edu'));
  });

  it('refuses what KMS refuses: another MAC algorithm, a signing key, a public half of an HMAC key', async () => {
    const hmac = kmsServer.createKey('HMAC_256');
    const signing = kmsServer.createKey('ECC_NIST_EDWARDS25519');
    const message = Buffer.from(LEARNER_KEY_LABEL);
    await expect(kms.send(new GenerateMacCommand({ KeyId: hmac.arn, MacAlgorithm: 'HMAC_SHA_512', Message: message }))).rejects.toMatchObject({ name: 'InvalidKeyUsageException' });
    await expect(kms.send(new GenerateMacCommand({ KeyId: signing.arn, MacAlgorithm: 'HMAC_SHA_256', Message: message }))).rejects.toMatchObject({ name: 'InvalidKeyUsageException' });
    const { GetPublicKeyCommand, SignCommand } = await import('@aws-sdk/client-kms');
    await expect(kms.send(new GetPublicKeyCommand({ KeyId: hmac.arn }))).rejects.toMatchObject({ name: 'UnsupportedOperationException' });
    await expect(kms.send(new SignCommand({ KeyId: hmac.arn, SigningAlgorithm: 'ED25519_SHA_512', Message: message, MessageType: 'RAW' }))).rejects.toMatchObject({ name: 'InvalidKeyUsageException' });
  });
});
