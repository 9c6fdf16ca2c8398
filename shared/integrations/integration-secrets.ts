import { GenerateMacCommand, type KMSClient } from '@aws-sdk/client-kms';
import { createHmac } from 'node:crypto';
import { memoize } from '../cache';

/**
 * The secrets Laurel shares with the systems it is connected to — a completion source's signing
 * secret or bearer token, a webhook subscription's signing secret — are derived, never stored:
 * KMS GenerateMac, on a key whose material never leaves KMS, of the secret's label (what it is
 * for, whose, and which version). The table holds no secret to leak; a function without
 * kms:GenerateMac on the integration key cannot compute one; rotating is a new version, with the
 * previous one accepted for an overlap the caller decides.
 */
/**
 * `subscription-learner` is not shared with anyone: it keys the pseudonymous learner id of one
 * subscription's deliveries (shared/use-cases/webhook-deliveries.ts), apart from its signing
 * secret so that rotating that secret does not change every learner's id.
 */
export type IntegrationSecretPurpose = 'source-signing' | 'source-token' | 'subscription-signing' | 'subscription-learner';

export interface IntegrationSecrets {
  /**
   * The secret for one purpose, owner and version, the same every time it is asked: 32 bytes as
   * base64url text (43 characters). The text is the secret — what the other system is given, and
   * the HMAC key both sides use (its UTF-8 bytes) — so nobody has to decode anything.
   */
  secretFor(purpose: IntegrationSecretPurpose, ownerId: string, version: number): Promise<string>;
}

export const integrationSecretLabel = (purpose: IntegrationSecretPurpose, ownerId: string, version: number) => `laurel/integration-secret/v1/${purpose}/${ownerId}/${version}`;

/** Secrets are reused within an execution environment for this long: a revoked version stops within it. */
const SECRET_CACHE_MS = 5 * 60_000;

/** The port on the KMS HMAC key (INTEGRATION_KEY_ARN): one GenerateMac per secret per execution environment and five minutes. */
export function kmsIntegrationSecrets(kms: Pick<KMSClient, 'send'>, keyArn: string): IntegrationSecrets {
  const derive = memoize(
    async (label: string) => {
      const { Mac } = await kms.send(new GenerateMacCommand({ KeyId: keyArn, MacAlgorithm: 'HMAC_SHA_256', Message: Buffer.from(label, 'utf8') }));
      if (!Mac) throw new Error(`KMS returned no MAC for the integration key ${keyArn}`);
      return Buffer.from(Mac).toString('base64url');
    },
    { ttlMs: SECRET_CACHE_MS, max: 200 },
  );
  return { secretFor: (purpose, ownerId, version) => derive(integrationSecretLabel(purpose, ownerId, version)) };
}

/** The same derivation on a root secret in memory: unit tests and benchmarks. */
export function memoryIntegrationSecrets(root: Buffer): IntegrationSecrets {
  return { secretFor: async (purpose, ownerId, version) => createHmac('sha256', root).update(integrationSecretLabel(purpose, ownerId, version)).digest('base64url') };
}
