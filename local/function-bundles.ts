import { build } from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { LAMBDA_ALIASES, LAMBDA_BANNER, LAMBDA_MAIN_FIELDS, LAMBDA_TARGET } from '../infra/lambda-esbuild';

export interface BundledFunction {
  /** Handler source, relative to the project root. */
  entry: string;
  /** Files copied beside the bundle, as the deployment's afterBundling hook copies them. */
  assets: readonly { from: string; to: string }[];
}

/**
 * Bundles every function's handler with esbuild before the local cloud starts, as CDK bundles
 * them for Lambda (the same aliases, target and `require` banner; assets copied beside), and
 * returns each entry's bundle, relative to the project root.
 *
 * Why bundle at all, when the workers could import the TypeScript sources through tsx: a cold
 * start from sources cost about a second of CPU (every module resolved through tsx's loader
 * hooks, on a loader thread of each worker's own); a bundle's import, a fifth of it. The
 * role-matrix suite starts every admin function, and 130 functions starting from sources at
 * once starved the rest of `npm test` on two cores. And the local cloud now runs what Lambda
 * runs: an import that only resolves from the source tree, or an asset a function reads but
 * does not ship, fails here as it would in AWS.
 *
 * Unlike the deployment's bundles these are not minified (stack traces stay readable) and share
 * chunks (one build of every function takes about 1.5 s; 130 separate ones, 20). A chunk is a
 * module like any other: each execution environment still loads its own copy.
 */
export async function bundleFunctions(functions: readonly BundledFunction[], projectRoot: string, outdir: string): Promise<Map<string, string>> {
  rmSync(outdir, { recursive: true, force: true });
  const entries = [...new Set(functions.map((f) => f.entry))];
  await build({
    entryPoints: entries,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: LAMBDA_TARGET,
    mainFields: [...LAMBDA_MAIN_FIELDS],
    banner: { js: LAMBDA_BANNER },
    alias: LAMBDA_ALIASES,
    splitting: true,
    minify: false,
    absWorkingDir: projectRoot,
    outbase: projectRoot,
    outdir,
    entryNames: '[dir]/[name]',
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    logLevel: 'silent',
  });
  const bundleOf = (entry: string) => path.join(outdir, entry.replace(/\.ts$/, '.mjs'));
  for (const f of functions) {
    for (const a of f.assets) {
      const to = path.join(path.dirname(bundleOf(f.entry)), a.to);
      mkdirSync(path.dirname(to), { recursive: true });
      cpSync(path.join(projectRoot, a.from), to, { recursive: true });
    }
  }
  return new Map(entries.map((e) => [e, path.relative(projectRoot, bundleOf(e))]));
}
