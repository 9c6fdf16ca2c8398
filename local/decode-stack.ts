/**
 * npm run decode-stack -- <function> < stack.txt   (e.g. admin/get-issuance)
 *
 * The functions are deployed without a source map (LAMBDA_BUNDLING, infra/constructs/
 * laurel-function.ts): a logged stack names positions in the minified bundle, like
 * `file:///var/task/index.mjs:1:48213`. esbuild writes the same bundle with or without a map, so
 * this rebuilds the function from the checked-out commit (check out the deployed one) with a map
 * and rewrites each such position to the TypeScript source it came from.
 */
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../infra/constructs/laurel-function';
import { lambdaEsbuildOptions } from '../test/support/lambda-bundle';

const name = process.argv[2]?.replace(/^functions\//, '').replace(/\.ts$/, '');
if (!name) {
  console.error('usage: npm run decode-stack -- <function, e.g. admin/get-issuance> < stack.txt');
  process.exit(2);
}
const stack = readFileSync(0, 'utf8');
const dir = mkdtempSync(path.join(tmpdir(), 'laurel-stack-'));
try {
  const outfile = path.join(dir, 'index.mjs');
  await build({ ...lambdaEsbuildOptions, entryPoints: [path.join(PROJECT_ROOT, 'functions', `${name}.ts`)], outfile, sourcemap: true });
  const map = new SourceMap(JSON.parse(readFileSync(`${outfile}.map`, 'utf8')) as SourceMapPayload);
  const decoded = stack.replace(/(?:file:\/\/)?[^\s()]*index\.mjs:(\d+):(\d+)/g, (whole, line: string, column: string) => {
    const entry = map.findEntry(Number(line) - 1, Number(column) - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
    if (!entry.originalSource) return whole;
    return `${path.relative(PROJECT_ROOT, path.resolve(dir, entry.originalSource))}:${entry.originalLine! + 1}:${entry.originalColumn! + 1}`;
  });
  process.stdout.write(decoded);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
