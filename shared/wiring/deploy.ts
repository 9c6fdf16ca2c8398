import { archive, cdn, env, originSecret, setting, signingKeys, table, wiring } from './bindings';

/**
 * What runs while CloudFormation deploys (infra/constructs/deployment-keys.ts): custom resources
 * whose functions CloudFormation invokes; and the origin secret's rotation, which Secrets Manager
 * invokes. Never a route.
 */

/** Registers the KMS keys the stack made for the default issuer (their public halves), once. */
export const RegisterDeploymentKeysFn = /* @__PURE__ */ wiring('functions/deploy/register-deployment-keys.ts', () => ({
  TABLE_NAME: table('readWriteKeys'),
  ARCHIVE_BUCKET_NAME: archive('keepDocuments'),
  SIGNING_KEY_ARN: signingKeys('readPublic'),
  /** Present when the VC-JWT format is enabled: the default issuer's P-256 key. */
  VC_JWT_KEY_ARN: signingKeys().optional(),
  ISSUER_ID: setting(env.name),
}));

/**
 * Secrets Manager's rotation of the origin secret (infra/constructs/origin-secret.ts): invoked by
 * Secrets Manager on the secret's schedule, never by a route. It may rotate that secret alone
 * and set the origin header on that distribution alone.
 */
export const RotateOriginSecretFn = /* @__PURE__ */ wiring('functions/deploy/rotate-origin-secret.ts', () => ({
  ORIGIN_SECRET_ARN: originSecret('rotate'),
  DISTRIBUTION_ID: cdn('updateOriginHeader'),
}));
