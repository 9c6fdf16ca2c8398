import type { BuildOptions } from 'esbuild';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { LAMBDA_ALIASES, LAMBDA_BUNDLING, PROJECT_ROOT } from '../../infra/constructs/laurel-function';

/**
 * CDK's esbuild options for every function (aws-lambda-nodejs builds the same from
 * LAMBDA_BUNDLING: `--bundle --platform=node --format --target --minify --main-fields
 * --banner:js --alias`, plus `--keep-names` and `--sourcemap` when set), run from the
 * project root as CDK runs it. Used by
 * test/heavy/lambda-bundle.test.ts and test/bench/cold-start.ts.
 */
export const lambdaEsbuildOptions = {
  bundle: true,
  platform: 'node',
  format: LAMBDA_BUNDLING.format,
  target: LAMBDA_BUNDLING.target,
  minify: LAMBDA_BUNDLING.minify,
  keepNames: LAMBDA_BUNDLING.keepNames,
  mainFields: LAMBDA_BUNDLING.mainFields,
  banner: { js: LAMBDA_BUNDLING.banner },
  alias: LAMBDA_ALIASES,
  absWorkingDir: PROJECT_ROOT,
  logLevel: 'silent',
} satisfies BuildOptions;

/** Every function's source, relative to functions/ (e.g. admin/get-issuance.ts). */
export const functionEntries = () =>
  (readdirSync(path.join(PROJECT_ROOT, 'functions'), { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).sort();

/**
 * Every setting some function parses, with a valid value: a function that fails to load with
 * this environment fails on its bundle, not on its configuration.
 */
export const LAMBDA_TEST_ENV: Record<string, string> = {
  PATH: process.env.PATH ?? '',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  AWS_REGION: 'us-east-1',
  TABLE_NAME: 'table',
  BUCKET_NAME: 'bucket',
  ARCHIVE_BUCKET_NAME: 'archive',
  AUDIT_WRITER_FUNCTION: 'AuditWriterFn',
  SIGNING_KEY_ARN: 'arn:aws:kms:us-east-1:000000000000:key/signing',
  VC_JWT_KEY_ARN: 'arn:aws:kms:us-east-1:000000000000:key/jwt',
  LEARNER_KEY_ARN: 'arn:aws:kms:us-east-1:000000000000:key/learner-index',
  KEY_TAG: 'laurel:issuer',
  EVENT_BUS_NAME: 'bus',
  SENDER_EMAIL: 'badges@example.edu',
  CONFIGURATION_SET: 'laurel',
  ISSUER_ID: 'main',
  INSTITUTION_NAME: 'Example University',
  INSTITUTION_URL: 'https://www.example.edu',
  PUBLIC_BASE_URL: 'https://credentials.example.edu',
  EMAIL_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/emails',
  BATCH_SIGN_RATE: '50',
  BATCH_SIGN_CONCURRENCY: '4',
  BATCH_FILE_RETENTION_DAYS: '90',
  EMAIL_SEND_RATE: '7',
  STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:issuance',
  BATCH_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:batches',
  TOKEN_URL: 'https://auth.example.edu/oauth2/token',
  BRAND_COLOR: '#1d4ed8',
  PAGE_LANGUAGE: 'en',
  ORIGIN_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:origin-AbCdEf',
  DISTRIBUTION_ID: 'E2EXAMPLE123',
  GROUP_MAPPINGS: JSON.stringify({ Campus: { registry: ['registrar'] } }),
  // Connected systems (issue #21): the key that derives integration secrets, the webhook queue, Canvas's key set.
  INTEGRATION_KEY_ARN: 'arn:aws:kms:us-east-1:000000000000:key/integrations',
  WEBHOOK_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/webhooks',
  CANVAS_JWKS_URL: 'https://canvas.instructure.com/api/lti/security/jwks',
};
