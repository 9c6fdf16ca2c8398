import * as z from 'zod';
import { env, loadConfig } from './config';

/**
 * Environment contracts of the functions, one per group. infra/ sets exactly these names; a
 * function that misses one fails at cold start (locally too, since the local cloud gives each
 * function the environment from the synthesized template).
 */
export const issuerEnv = z.object({
  ISSUER_ID: env.name,
  INSTITUTION_NAME: env.name,
  INSTITUTION_URL: env.url,
  PUBLIC_BASE_URL: env.baseUrl,
});

export const workflowEnv = issuerEnv.extend({
  TABLE_NAME: env.name,
  BUCKET_NAME: env.name,
  SIGNING_KEY_ARN: env.name,
  EVENT_BUS_NAME: env.name,
  SENDER_EMAIL: env.email,
  CONFIGURATION_SET: env.name,
  /** Present when the VC-JWT format is enabled: the default issuer's P-256 key. */
  VC_JWT_KEY_ARN: env.name.optional(),
});

/** The cohort workflow's steps: the workflow's settings plus the email queue and the pace of signing. */
export const batchEnv = workflowEnv.extend({
  EMAIL_QUEUE_URL: env.url,
  /** KMS Sign calls per second for one child (the account's quota divided among the map's children). */
  BATCH_SIGN_RATE: z.coerce.number().positive(),
  BATCH_SIGN_CONCURRENCY: z.coerce.number().int().positive(),
});

/** The email queue's consumer: the SES rate share of one concurrent consumer. */
export const emailConsumerEnv = batchEnv.extend({
  EMAIL_SEND_RATE: z.coerce.number().positive(),
});

export const loadIssuerSettings = (e: z.infer<typeof issuerEnv>) => ({
  issuerId: e.ISSUER_ID,
  name: e.INSTITUTION_NAME,
  url: e.INSTITUTION_URL,
});

export { loadConfig };
