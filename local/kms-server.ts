import { p256 } from '@noble/curves/nist.js';
import { createHash, generateKeyPairSync, randomUUID, sign, verify, type KeyObject } from 'node:crypto';
import type { Server } from 'node:http';
import { AwsError, awsJsonServer } from './http-util';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './template';

/**
 * A KMS stand-in speaking the KMS JSON protocol (X-Amz-Target: TrentService.*), so the
 * production signing code runs unchanged. Keys live in memory, like the rest of the local cloud.
 */
interface LocalKey {
  id: string;
  arn: string;
  spec: 'ECC_NIST_EDWARDS25519' | 'ECC_NIST_P256';
  description: string;
  createdAt: number;
  tags: { TagKey: string; TagValue: string }[];
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** DisableKey: Sign refuses until EnableKey (tests use it to make signing fail for real). */
  disabled?: boolean;
}

const ALGORITHMS: Record<LocalKey['spec'], string[]> = {
  ECC_NIST_EDWARDS25519: ['ED25519_SHA_512'],
  ECC_NIST_P256: ['ECDSA_SHA_256'],
};

export function createKmsServer(): {
  server: Server;
  createKey(spec: LocalKey['spec'], description?: string, tags?: LocalKey['tags']): LocalKey;
  createAlias(alias: string, keyId: string): void;
} {
  const keys = new Map<string, LocalKey>();
  const aliases = new Map<string, string>();

  const createKey = (spec: LocalKey['spec'], description = '', tags: LocalKey['tags'] = []): LocalKey => {
    const pair = spec === 'ECC_NIST_EDWARDS25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const id = randomUUID();
    const key: LocalKey = {
      id,
      arn: `arn:aws:kms:${LOCAL_REGION}:${LOCAL_ACCOUNT}:key/${id}`,
      spec,
      description,
      createdAt: Date.now() / 1000,
      tags,
      privateKey: pair.privateKey,
      publicKey: pair.publicKey,
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
    KeyUsage: 'SIGN_VERIFY',
    KeyState: k.disabled ? 'Disabled' : 'Enabled',
    Origin: 'AWS_KMS',
    KeyManager: 'CUSTOMER',
    KeySpec: k.spec,
    CustomerMasterKeySpec: k.spec,
    SigningAlgorithms: ALGORITHMS[k.spec],
  });

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
  const p256Secret = (k: LocalKey) => Buffer.from(k.privateKey.export({ format: 'jwk' }).d!, 'base64url');
  const doSign = (k: LocalKey, bytes: Buffer, type?: string) => {
    if (k.spec === 'ECC_NIST_EDWARDS25519') return sign(null, bytes, k.privateKey);
    if (type === 'DIGEST' && bytes.length !== 32) throw new AwsError('ValidationException', 'An ECDSA_SHA_256 DIGEST must be 32 bytes');
    return Buffer.from(p256.sign(p256Digest(bytes, type), p256Secret(k), { prehash: false, format: 'der' }));
  };

  const server = awsJsonServer('TrentService', 'application/x-amz-json-1.1', {
    CreateKey: (input) => {
      const spec = input.KeySpec ?? input.CustomerMasterKeySpec;
      if (spec !== 'ECC_NIST_EDWARDS25519' && spec !== 'ECC_NIST_P256') throw new AwsError('UnsupportedOperationException', `KeySpec ${spec} is not supported locally`);
      return { KeyMetadata: metadata(createKey(spec, input.Description, input.Tags ?? [])) };
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
      const ok =
        k.spec === 'ECC_NIST_EDWARDS25519'
          ? verify(null, bytes, k.publicKey, signature)
          : p256.verify(signature, p256Digest(bytes, input.MessageType), k.publicKey.export({ format: 'der', type: 'spki' }).subarray(-65), { prehash: false, format: 'der' });
      if (!ok) throw new AwsError('KMSInvalidSignatureException', 'The signature is not valid');
      return { KeyId: k.arn, SignatureValid: true, SigningAlgorithm: input.SigningAlgorithm };
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
