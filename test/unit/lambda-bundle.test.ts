import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { LAMBDA_BUNDLING, PROJECT_ROOT } from '../../infra/constructs/laurel-function';
import * as errors from '../../shared/errors';

// The local cloud runs the TypeScript sources; AWS runs what CDK bundles. This bundles with the
// deployment's own options (LAMBDA_BUNDLING) and runs the result, so what only the bundle does
// — minified names, the ESM `require` banner, dependencies resolved by mainFields — is tested.
const dir = mkdtempSync(path.join(tmpdir(), 'laurel-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function bundle(name: string, entry: string) {
  const outfile = path.join(dir, `${name}.mjs`);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: LAMBDA_BUNDLING.format,
    target: LAMBDA_BUNDLING.target,
    minify: LAMBDA_BUNDLING.minify,
    keepNames: LAMBDA_BUNDLING.keepNames,
    mainFields: LAMBDA_BUNDLING.mainFields,
    banner: { js: LAMBDA_BUNDLING.banner },
    logLevel: 'silent',
  });
  return import(pathToFileURL(outfile).href);
}

describe('the deployed bundle', () => {
  it('keeps the error class names Step Functions and the problem mapping route by', async () => {
    const entry = path.join(dir, 'errors-entry.ts');
    writeFileSync(entry, `export * from ${JSON.stringify(path.join(PROJECT_ROOT, 'shared/errors.ts'))};\n`);
    const bundled = await bundle('errors', entry);
    const classes = Object.entries(errors).filter(([name, value]) => typeof value === 'function' && /Error$/.test(name) && name !== 'DomainError');
    expect(classes.length).toBeGreaterThan(8);
    for (const [name] of classes) {
      const Class = bundled[name] as new (...args: unknown[]) => Error;
      expect(new Class('x', []).name, name).toBe(name);
    }
  });

  it('loads a function (SDK clients, Powertools, JSON-LD, config parsed at cold start) and exports its handler', async () => {
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      TABLE_NAME: 't',
      BUCKET_NAME: 'b',
      SIGNING_KEY_ARN: 'arn:aws:kms:us-east-1:000000000000:key/k',
      EVENT_BUS_NAME: 'e',
      SENDER_EMAIL: 'badges@example.edu',
      CONFIGURATION_SET: 'c',
      ISSUER_ID: 'main',
      INSTITUTION_NAME: 'Example University',
      INSTITUTION_URL: 'https://www.example.edu',
      PUBLIC_BASE_URL: 'https://credentials.example.edu',
      EMAIL_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/emails',
      BATCH_SIGN_RATE: '50',
      BATCH_SIGN_CONCURRENCY: '4',
    });
    const mod = await bundle('issue-batch-rows', path.join(PROJECT_ROOT, 'functions/batch/issue-batch-rows.ts'));
    expect(typeof mod.handler).toBe('function');
  });
});
