import { randomBytes } from 'node:crypto';
import * as z from '../../shared/zod';
import { cloudFrontOriginHeader } from '../../shared/adapters/cloudfront-origin-header';
import { secretsManagerVersions } from '../../shared/adapters/secrets-manager-versions';
import { ORIGIN_HEADER } from '../../shared/domain/origin-secret';
import { logger } from '../../shared/observability';
import { ROTATION_STEPS, rotateOriginSecret, type RotationDeps } from '../../shared/use-cases/origin-secret-rotation';
import { loadSettings } from '../../shared/wiring/bindings';
import * as DEPLOY_FUNCTIONS from '../../shared/wiring/deploy';

/**
 * Secrets Manager's rotation function for the origin secret: one step per invocation
 * (shared/use-cases/origin-secret-rotation.ts). It rotates the one secret it was deployed for;
 * an event for any other is refused.
 */
const config = loadSettings(DEPLOY_FUNCTIONS.RotateOriginSecretFn);
const deps: RotationDeps = {
  secret: secretsManagerVersions(config.ORIGIN_SECRET_ARN),
  distribution: cloudFrontOriginHeader(config.DISTRIBUTION_ID, ORIGIN_HEADER),
  random: () => randomBytes(32).toString('base64url'),
};

const rotationEvent = z.object({
  SecretId: z.string(),
  ClientRequestToken: z.string().check(z.regex(/^[\w-]{32,64}$/)),
  Step: z.enum(ROTATION_STEPS),
});

export const handler = async (raw: unknown): Promise<void> => {
  const event = z.parse(rotationEvent, raw);
  if (event.SecretId !== config.ORIGIN_SECRET_ARN) throw new Error(`this function rotates ${config.ORIGIN_SECRET_ARN}, not ${event.SecretId}`);
  const done = await rotateOriginSecret(deps, event.Step, event.ClientRequestToken);
  logger.info('origin secret rotation', { step: event.Step, token: event.ClientRequestToken, done });
};
