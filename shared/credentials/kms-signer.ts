import { CreateKeyCommand, GetPublicKeyCommand, SignCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { Signer } from './data-integrity';
import { multikeyFromSpki } from './multikey';
import { jwkFromSpki, type Es256Signer } from './vc-jwt';

/** Signs the 64-byte eddsa-rdfc-2022 message with an ECC_NIST_EDWARDS25519 KMS key. */
export function kmsSigner(kms: KMSClient, keyArn: string, verificationMethod: string): Signer {
  return {
    verificationMethod,
    async sign(message) {
      const { Signature } = await kms.send(
        new SignCommand({ KeyId: keyArn, Message: message, MessageType: 'RAW', SigningAlgorithm: 'ED25519_SHA_512' }),
      );
      if (!Signature) throw new Error('KMS returned no signature');
      return Signature;
    },
  };
}

/** The key's public half as a `z6Mk…` multibase (called once per key, then cached in DynamoDB). */
export async function kmsPublicMultikey(kms: KMSClient, keyArn: string): Promise<string> {
  const { PublicKey, KeySpec } = await kms.send(new GetPublicKeyCommand({ KeyId: keyArn }));
  if (KeySpec !== 'ECC_NIST_EDWARDS25519' || !PublicKey) throw new Error(`KMS key ${keyArn} is not an Ed25519 signing key`);
  return multikeyFromSpki(PublicKey);
}

/** ES256 through KMS: DIGEST mode, since a credential's JWT signing input can exceed RAW's 4 KiB. */
export function kmsEs256Signer(kms: Pick<KMSClient, 'send'>, keyArn: string, kid: string): Es256Signer {
  return {
    kid,
    async signDigest(digest) {
      const { Signature } = await kms.send(new SignCommand({ KeyId: keyArn, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' }));
      if (!Signature) throw new Error('KMS returned no signature');
      return Signature;
    },
  };
}

/** A P-256 key's public half as a bare JWK (called once per key, then cached in DynamoDB). */
export async function kmsPublicJwk(kms: Pick<KMSClient, 'send'>, keyArn: string) {
  const { PublicKey, KeySpec } = await kms.send(new GetPublicKeyCommand({ KeyId: keyArn }));
  if (KeySpec !== 'ECC_NIST_P256' || !PublicKey) throw new Error(`KMS key ${keyArn} is not a P-256 signing key`);
  return jwkFromSpki(PublicKey);
}

/** Tag that scopes IAM: functions may use only KMS keys carrying their deployment's tag. */
export const KEY_TAG = 'laurel:stack';

/** A new Ed25519 signing key for an issuer, tagged so this deployment's functions (and no other) may use it. */
export async function createKmsSigningKey(
  kms: Pick<KMSClient, 'send'>,
  options: { issuerId: string; deploymentTag: string; algorithm?: 'Ed25519' | 'ES256' },
): Promise<string> {
  const es256 = options.algorithm === 'ES256';
  const { KeyMetadata } = await kms.send(
    new CreateKeyCommand({
      KeySpec: es256 ? 'ECC_NIST_P256' : 'ECC_NIST_EDWARDS25519',
      KeyUsage: 'SIGN_VERIFY',
      Description: `Laurel credential signing key for issuer '${options.issuerId}' (${es256 ? 'VC-JWT ES256' : 'eddsa-rdfc-2022'})`,
      Tags: [
        { TagKey: KEY_TAG, TagValue: options.deploymentTag },
        { TagKey: 'laurel:issuer', TagValue: options.issuerId },
      ],
    }),
  );
  if (!KeyMetadata?.Arn) throw new Error('KMS created no key');
  return KeyMetadata.Arn;
}
