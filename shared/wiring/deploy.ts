import { env, setting, signingKeys, table, wiring } from './bindings';

/**
 * What runs while CloudFormation deploys (infra/constructs/deployment-keys.ts): custom resources
 * whose functions CloudFormation invokes, never a route.
 */

/** Registers the KMS keys the stack made for the default issuer (their public halves), once. */
export const RegisterDeploymentKeysFn = /* @__PURE__ */ wiring('functions/deploy/register-deployment-keys.ts', () => ({
  TABLE_NAME: table('readWrite'),
  SIGNING_KEY_ARN: signingKeys('readPublic'),
  /** Present when the VC-JWT format is enabled: the default issuer's P-256 key. */
  VC_JWT_KEY_ARN: signingKeys().optional(),
  ISSUER_ID: setting(env.name),
}));
