import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/constructs/laurel-function';
import * as errors from '../../shared/errors';
import { functionEntries, LAMBDA_TEST_ENV, lambdaEsbuildOptions } from '../support/lambda-bundle';
import { standardsFixture } from '../support/standards-kit';

// The local cloud runs the TypeScript sources; AWS runs what CDK bundles. This bundles with the
// deployment's own options (LAMBDA_BUNDLING) and runs the result, so what only the bundle does
// — minified names, the ESM `require` banner, dependencies resolved by mainFields — is tested.
// The one difference: the functions are built together, with shared chunks.
const dir = mkdtempSync(path.join(tmpdir(), 'laurel-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function bundle(name: string, entry: string) {
  const outfile = path.join(dir, `${name}.mjs`);
  await build({ ...lambdaEsbuildOptions, entryPoints: [entry], outfile });
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

  it('canonicalizes as the 1EdTech test vector does, with the HTTP client of jsonld.js aliased away', async () => {
    const entry = path.join(dir, 'canonize-entry.ts');
    writeFileSync(entry, `export { hashForProof } from ${JSON.stringify(path.join(PROJECT_ROOT, 'shared/credentials/data-integrity.ts'))};\nexport { bundledDocumentLoader } from ${JSON.stringify(path.join(PROJECT_ROOT, 'shared/credentials/document-loader.ts'))};\n`);
    const { hashForProof, bundledDocumentLoader } = await bundle('canonize', entry);
    const vector = JSON.parse(standardsFixture('signed/03_1edtech_testvector_eddsa-rdfc-2022_signed.json'));
    const { proof, ...unsigned } = vector;
    const { proofValue: _v, ...config } = Array.isArray(proof) ? proof[0] : proof;
    const hashed = await hashForProof(unsigned, config, bundledDocumentLoader);
    expect(hashed.canonicalDocument).toBe(standardsFixture('test-vectors/1edtech_obv3p0_document-canon.txt'));
    expect(hashed.canonicalProofConfig).toBe(standardsFixture('test-vectors/1edtech_obv3p0_proof-canon.txt'));
  });

  it('speaks English in validation errors: zod/mini brings no locale, shared/zod.ts installs it', async () => {
    // The bundle carries its own zod core and configuration, apart from the classic zod this process loaded.
    const entry = path.join(dir, 'zod-entry.ts');
    writeFileSync(entry, `export { listCredentialsQuery } from ${JSON.stringify(path.join(PROJECT_ROOT, 'shared/api/schemas.ts'))};\n`);
    const { listCredentialsQuery } = await bundle('zod', entry);
    const { error } = listCredentialsQuery.safeParse({ limit: 'many', status: 'LOST' });
    expect(error.issues.map((i: { path: string[]; message: string }) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      expect.stringMatching(/^limit: .*expected number/),
      expect.stringMatching(/^status\b.*expected one of/),
    ]);
    expect(error.issues.every((i: { message: string }) => i.message !== 'Invalid input')).toBe(true);
  });

  it('loads every function and exports its handler (SDK clients, Powertools, JSON-LD, config parsed at cold start)', async () => {
    // All of them in one build, with shared chunks (one bundle each would write half a
    // gigabyte); each loads in a thread of its own, as in its own execution environment.
    const entries = functionEntries();
    expect(entries.length).toBeGreaterThan(50);
    const outdir = path.join(dir, 'functions');
    const { metafile } = await build({ ...lambdaEsbuildOptions, entryPoints: entries.map((f) => path.join(PROJECT_ROOT, 'functions', f)), outdir, outExtension: { '.js': '.mjs' }, splitting: true, metafile: true });
    // jsonld.js's own document loader (and the undici it brings) is aliased away; see LAMBDA_ALIASES.
    expect(Object.keys(metafile.inputs).filter((input) => /node_modules\/(undici|@digitalbazaar\/http-client)\//.test(input))).toEqual([]);
    // Every function validates with zod/mini (shared/zod.ts): classic zod's build costs each about 90 KB and 25 ms at cold start.
    // ...and keeps zod's namespaces out of value positions (shared/zod.ts), which would bring every locale (400 KB).
    // (Counted in the outputs: esbuild lists a module it resolved among the inputs even when it kept none of it.)
    const bundled = new Set(Object.values(metafile.outputs).flatMap((o) => Object.entries(o.inputs).flatMap(([input, { bytesInOutput }]) => (bytesInOutput > 0 ? [input] : []))));
    expect([...bundled].filter((input) => input.includes('node_modules/zod/v4/classic/') || /node_modules\/zod\/v4\/locales\/(?!en\.js)/.test(input))).toEqual([]);
    expect(bundled.has('node_modules/zod/v4/locales/en.js')).toBe(true);
    const env = LAMBDA_TEST_ENV;
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
