import { describeSecret, getSecretValue, putSecretValue, updateSecretVersionStage } from '../aws/secrets-manager';
import type { SecretVersions } from '../use-cases/origin-secret-rotation';

/** One secret's versions in Secrets Manager, for rotation (shared/use-cases/origin-secret-rotation.ts). */
export function secretsManagerVersions(secretId: string): SecretVersions {
  return {
    describe: () => describeSecret(secretId),
    read: async (stage, versionId) => (await getSecretValue(secretId, { stage, ...(versionId ? { versionId } : {}) }))?.secretString,
    createPending: (versionId, secretString) => putSecretValue(secretId, versionId, secretString, ['AWSPENDING']),
    makeCurrent: (versionId, fromVersionId) => updateSecretVersionStage(secretId, 'AWSCURRENT', versionId, fromVersionId),
  };
}
