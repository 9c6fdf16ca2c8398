import { p256 } from '@noble/curves/nist.js';
import { createHash, createHmac, generateKeyPairSync, randomBytes, randomUUID, sign, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import type { Server } from 'node:http';
import { AwsError, awsJsonServer } from './http-util';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './template';

/**
 * A KMS stand-in speaking the KMS JSON protocol (X-Amz-Target: TrentService.*), so the
 * production signing code runs unchanged. Keys live in memory, like the rest of the local cloud:
 * signing keys (Ed25519, P-256) and HMAC keys (HMAC_256, for the learner index's keys).
 */
interface LocalKey {
  id: string;
  arn: string;
  spec: 'ECC_NIST_EDWARDS25519' | 'ECC_NIST_P256' | 'HMAC_256';
  description: string;
  createdAt: number;
  tags: { TagKey: string; TagValue: string }[];
  /** A signing key's halves (an HMAC key has none). */
  privateKey?: KeyObject;
  publicKey?: KeyObject;
  /** An HMAC key's secret, which never leaves the stand-in (as it never leaves KMS). */
  secret?: Buffer;
  /** DisableKey: Sign refuses until EnableKey (tests use it to make signing fail for real). */
  disabled?: boolean;
}

const ALGORITHMS: Record<LocalKey['spec'], string[]> = {
  ECC_NIST_EDWARDS25519: ['ED25519_SHA_512'],
  ECC_NIST_P256: ['ECDSA_SHA_256'],
  HMAC_256: [],
};
const MAC_ALGORITHMS: Partial<Record<LocalKey['spec'], string[]>> = { HMAC_256: ['HMAC_SHA_256'] };
const SPECS: readonly string[] = ['ECC_NIST_EDWARDS25519', 'ECC_NIST_P256', 'HMAC_256'];

export function createKmsServer(): {
  server: Server;
  createKey(spec: LocalKey['spec'], description?: string, tags?: LocalKey['tags']): LocalKey;
  createAlias(alias: string, keyId: string): void;
} {
  const keys = new Map<string, LocalKey>();
  const aliases = new Map<string, string>();

  const createKey = (spec: LocalKey['spec'], description = '', tags: LocalKey['tags'] = []): LocalKey => {
    const pair = spec === 'HMAC_256' ? undefined : spec === 'ECC_NIST_EDWARDS25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const id = randomUUID();
    const key: LocalKey = {
      id,
      arn: `arn:aws:kms:${LOCAL_REGION}:${LOCAL_ACCOUNT}:key/${id}`,
      spec,
      description,
      createdAt: Date.now() / 1000,
      tags,
      ...(pair ? { privateKey: pair.privateKey, publicKey: pair.publicKey } : { secret: randomBytes(32) }),
    };
    keys.set(id, key);
    return key;
  };

  const find = (keyId: unknown): LocalKey => {
    const ref = String(keyId ?? '');
    const aliasName = ref.includes(':alias/') ? ref.slice(ref.indexOf('alias/')) : ref;
    const id = aliases.get(aliasName) ?? ref.replace(/^arn:aws:kms:[^:]+:[^:]+:key\//, '');
    const key = keys.get(id);
    if (!key) throw new AwsError('NotFoundException', `Key '${ref}' does not exist`);
    return key;
  };

  const metadata = (k: LocalKey) => ({
    AWSAccountId: LOCAL_ACCOUNT,
    KeyId: k.id,
    Arn: k.arn,
    CreationDate: k.createdAt,
    Enabled: !k.disabled,
    Description: k.description,
    KeyUsage: k.secret ? 'GENERATE_VERIFY_MAC' : 'SIGN_VERIFY',
    KeyState: k.disabled ? 'Disabled' : 'Enabled',
    Origin: 'AWS_KMS',
    KeyManager: 'CUSTOMER',
    KeySpec: k.spec,
    CustomerMasterKeySpec: k.spec,
    ...(k.secret ? { MacAlgorithms: MAC_ALGORITHMS[k.spec] } : { SigningAlgorithms: ALGORITHMS[k.spec] }),
  });

  /** GenerateMac and VerifyMac: an enabled HMAC key, its algorithm, 1 to 4096 bytes; the MAC. */
  const mac = (k: LocalKey, input: { Message?: string; MacAlgorithm?: string }) => {
    if (!k.secret || !MAC_ALGORITHMS[k.spec]?.includes(String(input.MacAlgorithm))) {
      throw new AwsError('InvalidKeyUsageException', `${input.MacAlgorithm} is not valid for ${k.spec}`);
    }
    if (k.disabled) throw new AwsError('DisabledException', `${k.arn} is disabled.`);
    const bytes = Buffer.from(input.Message ?? '', 'base64');
    if (bytes.length === 0 || bytes.length > 4096) throw new AwsError('ValidationException', 'Message must be 1 to 4096 bytes');
    return createHmac('sha256', k.secret).update(bytes).digest();
  };

  const message = (k: LocalKey, input: { Message?: string; MessageType?: string; SigningAlgorithm?: string }) => {
    if (!ALGORITHMS[k.spec].includes(String(input.SigningAlgorithm))) {
      throw new AwsError('InvalidKeyUsageException', `${input.SigningAlgorithm} is not valid for ${k.spec}`);
    }
    const bytes = Buffer.from(input.Message ?? '', 'base64');
    if (bytes.length === 0 || bytes.length > 4096) throw new AwsError('ValidationException', 'Message must be 1 to 4096 bytes');
    if (input.MessageType === 'DIGEST' && k.spec === 'ECC_NIST_EDWARDS25519') {
      throw new AwsError('ValidationException', 'ED25519_SHA_512 requires MessageType RAW');
    }
    return bytes;
  };

  // ECDSA over the SHA-256 digest (given, or computed for RAW), DER-encoded like KMS. node:crypto
  // always hashes what it signs, so a given digest is signed with @noble/curves instead.
  const p256Digest = (bytes: Buffer, type?: string) => (type === 'DIGEST' ? bytes : createHash('sha256').update(bytes).digest());
  const p256Secret = (privateKey: KeyObject) => Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
  const doSign = (k: LocalKey, bytes: Buffer, type?: string) => {
    if (!k.privateKey) throw new AwsError('InvalidKeyUsageException', `${k.arn} cannot sign`);
    if (k.spec === 'ECC_NIST_EDWARDS25519') return sign(null, bytes, k.privateKey);
    if (type === 'DIGEST' && bytes.length !== 32) throw new AwsError('ValidationException', 'An ECDSA_SHA_256 DIGEST must be 32 bytes');
    return Buffer.from(p256.sign(p256Digest(bytes, type), p256Secret(k.privateKey), { prehash: false, format: 'der' }));
  };

  const server = awsJsonServer('TrentService', 'application/x-amz-json-1.1', {
    CreateKey: (input) => {
      const spec = input.KeySpec ?? input.CustomerMasterKeySpec;
      if (!SPECS.includes(spec)) throw new AwsError('UnsupportedOperationException', `KeySpec ${spec} is not supported locally`);
      return { KeyMetadata: metadata(createKey(spec as LocalKey['spec'], input.Description, input.Tags ?? [])) };
    },
    ListResourceTags: (input) => ({ Tags: find(input.KeyId).tags, Truncated: false }),
    DescribeKey: (input) => ({ KeyMetadata: metadata(find(input.KeyId)) }),
    ListKeys: () => ({ Keys: [...keys.values()].map((k) => ({ KeyId: k.id, KeyArn: k.arn })), Truncated: false }),
    CreateAlias: (input) => {
      find(input.TargetKeyId);
      aliases.set(input.AliasName, find(input.TargetKeyId).id);
      return {};
    },
    ListAliases: () => ({
      Aliases: [...aliases].map(([name, id]) => ({ AliasName: name, AliasArn: `arn:aws:kms:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${name}`, TargetKeyId: id })),
      Truncated: false,
    }),
    GetPublicKey: (input) => {
      const k = find(input.KeyId);
      if (!k.publicKey) throw new AwsError('UnsupportedOperationException', `${k.arn} is an HMAC key: it has no public key`);
      return {
        KeyId: k.arn,
        KeySpec: k.spec,
        KeyUsage: 'SIGN_VERIFY',
        SigningAlgorithms: ALGORITHMS[k.spec],
        PublicKey: k.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
      };
    },
    DisableKey: (input) => {
      find(input.KeyId).disabled = true;
      return {};
    },
    EnableKey: (input) => {
      find(input.KeyId).disabled = false;
      return {};
    },
    Sign: (input) => {
      const k = find(input.KeyId);
      if (k.disabled) throw new AwsError('DisabledException', `${k.arn} is disabled.`);
      const signature = doSign(k, message(k, input), input.MessageType);
      return { KeyId: k.arn, Signature: signature.toString('base64'), SigningAlgorithm: input.SigningAlgorithm };
    },
    Verify: (input) => {
      const k = find(input.KeyId);
      const bytes = message(k, input);
      const signature = Buffer.from(input.Signature ?? '', 'base64');
      const publicKey = k.publicKey!; // message() refused an HMAC key
      const ok =
        k.spec === 'ECC_NIST_EDWARDS25519'
          ? verify(null, bytes, publicKey, signature)
          : p256.verify(signature, p256Digest(bytes, input.MessageType), publicKey.export({ format: 'der', type: 'spki' }).subarray(-65), { prehash: false, format: 'der' });
      if (!ok) throw new AwsError('KMSInvalidSignatureException', 'The signature is not valid');
      return { KeyId: k.arn, SignatureValid: true, SigningAlgorithm: input.SigningAlgorithm };
    },
    GenerateMac: (input) => {
      const k = find(input.KeyId);
      return { KeyId: k.arn, Mac: mac(k, input).toString('base64'), MacAlgorithm: input.MacAlgorithm };
    },
    VerifyMac: (input) => {
      const k = find(input.KeyId);
      const expected = mac(k, input);
      const given = Buffer.from(input.Mac ?? '', 'base64');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AwsError('KMSInvalidMacException', 'The MAC is not valid');
      return { KeyId: k.arn, MacValid: true, MacAlgorithm: input.MacAlgorithm };
    },
  });
  return {
    server,
    createKey,
    createAlias: (alias, keyId) => {
      aliases.set(alias, find(keyId).id);
    },
  };
}
