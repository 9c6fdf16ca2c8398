import { build, type BuildOptions } from 'esbuild';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { LAMBDA_BUNDLING, PROJECT_ROOT } from '../../infra/constructs/laurel-function';
import * as errors from '../../shared/errors';

// The local cloud runs the TypeScript sources; AWS runs what CDK bundles. This bundles with the
// deployment's own options (LAMBDA_BUNDLING) and runs the result, so what only the bundle does
// — minified names, the ESM `require` banner, dependencies resolved by mainFields — is tested.
// The one difference: the functions are built together, with shared chunks.
const dir = mkdtempSync(path.join(tmpdir(), 'laurel-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** CDK's esbuild options for every function (aws-lambda-nodejs), from the deployment's own settings. */
const esbuildOptions = {
  bundle: true,
  platform: 'node',
  format: LAMBDA_BUNDLING.format,
  target: LAMBDA_BUNDLING.target,
  minify: LAMBDA_BUNDLING.minify,
  keepNames: LAMBDA_BUNDLING.keepNames,
  mainFields: LAMBDA_BUNDLING.mainFields,
  banner: { js: LAMBDA_BUNDLING.banner },
  logLevel: 'silent',
} satisfies BuildOptions;

async function bundle(name: string, entry: string) {
  const outfile = path.join(dir, `${name}.mjs`);
  await build({ ...esbuildOptions, entryPoints: [entry], outfile });
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

  it('loads every function and exports its handler (SDK clients, Powertools, JSON-LD, config parsed at cold start)', async () => {
    // All of them in one build, with shared chunks (one bundle each would write half a
    // gigabyte); each loads in a thread of its own, as in its own execution environment.
    const entries = (readdirSync(path.join(PROJECT_ROOT, 'functions'), { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
    expect(entries.length).toBeGreaterThan(50);
    const outdir = path.join(dir, 'functions');
    await build({ ...esbuildOptions, entryPoints: entries.map((f) => path.join(PROJECT_ROOT, 'functions', f)), outdir, outExtension: { '.js': '.mjs' }, splitting: true });
    // Every setting some function parses, with a valid value: a function that fails to load
    // here fails on its bundle, not on its configuration.
    const env = {
      PATH: process.env.PATH ?? '',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_REGION: 'us-east-1',
      TABLE_NAME: 'table',
      BUCKET_NAME: 'bucket',
      SIGNING_KEY_ARN: 'arn:aws:kms:us-east-1:000000000000:key/signing',
      VC_JWT_KEY_ARN: 'arn:aws:kms:us-east-1:000000000000:key/jwt',
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
      EMAIL_SEND_RATE: '7',
      STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:issuance',
      BATCH_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:batches',
      TOKEN_URL: 'https://auth.example.edu/oauth2/token',
      BRAND_COLOR: '#1d4ed8',
      PAGE_LANGUAGE: 'en',
    };
    const failures: string[] = [];
    for (const f of entries) {
      const url = pathToFileURL(path.join(outdir, f.replace(/\.ts$/, '.mjs'))).href;
      const probe = `const { parentPort } = require('node:worker_threads');
        import(${JSON.stringify(url)}).then((m) => parentPort.postMessage(typeof m.handler), (e) => parentPort.postMessage(String(e && e.message)));`;
      const answer = await new Promise<string>((resolve) => {
        const worker = new Worker(probe, { eval: true, env });
        worker.once('message', (m: string) => {
          resolve(m);
          void worker.terminate();
        });
        worker.once('error', (e) => resolve(e.message));
      });
      if (answer !== 'function') failures.push(`${f}: ${answer}`);
    }
    expect(failures).toEqual([]);
  }, 180_000);
});
