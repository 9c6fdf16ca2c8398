import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { LAMBDA_ALIASES, PROJECT_ROOT } from '../../infra/constructs/laurel-function';
import { gte } from '../../shared/aws/semver-gte';
import * as unusedProviders from '../../shared/aws/unused-credential-providers';
import { functionEntries, LAMBDA_TEST_ENV, lambdaEsbuildOptions } from '../support/lambda-bundle';

// The modules LAMBDA_ALIASES puts in place of whole packages are right only while their users in
// the bundles are the ones they were written for: a new importer could call what a stand-in
// does not have. So: who imports each, over every function's bundle, and does each behave.
const dir = mkdtempSync(path.join(tmpdir(), 'laurel-stand-ins-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A path from its last node_modules/ on (metafile paths are relative, and node_modules may be a link). */
const fromNodeModules = (file: string) => (file.includes('node_modules/') ? file.slice(file.lastIndexOf('node_modules/')) : file);

const semver = createRequire(import.meta.url)('semver') as { gte(a: string, b: string): boolean };

describe('the packages the Lambda bundles replace', () => {
  it('are imported only by the modules each stand-in was written for', async () => {
    const { metafile } = await build({
      ...lambdaEsbuildOptions,
      entryPoints: functionEntries().map((f) => path.join(PROJECT_ROOT, 'functions', f)),
      outdir: path.join(dir, 'all'),
      splitting: true,
      write: false,
      metafile: true,
    });
    const importers = (module: string) =>
      Object.entries(metafile.inputs)
        .filter(([, input]) => input.imports.some((i) => i.path === module))
        .map(([file]) => fromNodeModules(file))
        .sort();
    const standIn = (name: keyof typeof LAMBDA_ALIASES) => path.normalize(LAMBDA_ALIASES[name]);
    expect(importers(standIn('semver'))).toEqual(['node_modules/aws-xray-sdk-core/dist/lib/patchers/aws_p.js']);
    expect(importers(standIn('@aws-sdk/credential-provider-ini'))).toEqual(['node_modules/@aws-sdk/credential-provider-node/dist-es/defaultProvider.js']);
    expect(importers(standIn('@digitalbazaar/http-client'))).toEqual(['node_modules/jsonld/lib/documentLoaders/node.js']);
    expect(importers(standIn('lru-cache'))).toEqual(['node_modules/jsonld/lib/ResolvedContext.js', 'node_modules/jsonld/lib/jsonld.js']);
    expect(importers(standIn('brotli/decompress.js'))).toEqual(['node_modules/fontkit/dist/module.mjs']);
    expect(Object.keys(metafile.inputs).filter((input) => fromNodeModules(input).startsWith('node_modules/brotli/'))).toEqual([]);
    // And none of the packages replaced is in any bundle.
    const replaced = Object.keys(LAMBDA_ALIASES).map((name) => `node_modules/${name}/`);
    expect(Object.keys(metafile.inputs).filter((input) => replaced.some((r) => fromNodeModules(input).startsWith(r)))).toEqual([]);
  }, 120_000);

  it("semver: gte orders versions as semver's own does", () => {
    const versions = ['0.0.0', '1.0.0', 'v1.0.0', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0+build.5', '2.7.15', '2.7.9', '2.10.0', '3.1162.0', '10.0.0'];
    for (const a of versions) for (const b of versions) expect(gte(a, b), `${a} >= ${b}`).toBe(semver.gte(a, b));
    expect(() => gte('not a version', '1.0.0')).toThrow(TypeError);
  });

  it('lru-cache: keeps what lru-cache keeps, evicting the least recently used', () => {
    const LRUCache = createRequire(import.meta.url)('lru-cache') as new (o: { max: number }) => { get(k: unknown): unknown; set(k: unknown, v: unknown): boolean };
    const LRUMap = createRequire(import.meta.url)('../../shared/credentials/lru-map.cjs') as typeof LRUCache;
    const real = new LRUCache({ max: 3 });
    const ours = new LRUMap({ max: 3 });
    const objectKey = { context: 'an active context object, as jsonld.js uses' };
    // A fixed pseudo-random walk of gets and sets over 6 keys, one of them an object.
    const keys: unknown[] = ['a', 'b', 'c', 'd', objectKey, 7];
    let seed = 42;
    for (let i = 0; i < 2_000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const key = keys[seed % keys.length];
      if ((seed >> 8) % 3 === 0) expect(ours.set(key, i)).toBe(real.set(key, i));
      else expect(ours.get(key), `step ${i}`).toBe(real.get(key));
    }
    expect(() => new LRUMap({ max: 0 })).toThrow(TypeError);
  });

  it('credential providers: each declines as an unconfigured provider does, so the chain goes on', async () => {
    for (const [name, make] of Object.entries(unusedProviders)) {
      const error = await make({})().then(
        () => undefined,
        (e: unknown) => e as { name?: string; tryNextLink?: boolean },
      );
      expect(error?.name, name).toBe('CredentialsProviderError');
      expect(error?.tryNextLink, name).toBe(true);
    }
  });

  it("credential providers: a bundled client takes the environment's credentials, as in Lambda", async () => {
    const contents = "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport const credentials = () => new DynamoDBClient({}).config.credentials();\n";
    const outfile = path.join(dir, 'credentials.mjs');
    await build({ ...lambdaEsbuildOptions, stdin: { contents, resolveDir: PROJECT_ROOT, loader: 'ts' }, outfile });
    const probe = `const { parentPort } = require('node:worker_threads');
      import(${JSON.stringify(pathToFileURL(outfile).href)}).then((m) => m.credentials()).then((c) => parentPort.postMessage(c), (e) => parentPort.postMessage(String(e)));`;
    const run = (env: Record<string, string>) =>
      new Promise<unknown>((resolve, reject) => {
        const worker = new Worker(probe, { eval: true, env });
        worker.once('message', (m: unknown) => {
          resolve(m);
          void worker.terminate();
        });
        worker.once('error', reject);
      });
    expect(await run({ ...LAMBDA_TEST_ENV, AWS_ACCESS_KEY_ID: 'AKIDLAMBDA', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'token' })).toMatchObject({
      accessKeyId: 'AKIDLAMBDA',
      secretAccessKey: 'secret',
      sessionToken: 'token',
    });
    // Without them, the chain passes the stand-ins by and ends where the SDK's own would (the
    // instance metadata service turned off, so the test does not wait on it).
    const failure = String(await run({ ...LAMBDA_TEST_ENV, AWS_EC2_METADATA_DISABLED: 'true' }));
    expect(failure).toMatch(/Could not load credentials from any providers/);
    expect(failure).not.toMatch(/not bundled/);
  });
});
