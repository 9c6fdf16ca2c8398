/**
 * npm run bench:cold-start — what each function costs to load, as deployed. Every function under
 * functions/ is bundled alone with the deployment's own esbuild options (LAMBDA_BUNDLING, source
 * map as CDK writes it), then imported in a fresh Node process (the deployment's NODE_OPTIONS, a
 * Lambda-like environment), several times, interleaved with a minimal handler (DynamoDB document
 * client + middy core) built and imported the same way in the same run (and, for reference, the
 * same handler built without LAMBDA_ALIASES: the stock SDK). Prints, as markdown: each
 * function's minified and gzip size, median import time and its ratio to the minimal handler;
 * then the median and worst ratio and the largest admin bundle against the targets; then what
 * `--enable-source-maps` costs, on import and on an error's stack. A benchmark, not a test.
 *
 *   npm run bench:cold-start -- [--runs 5] [--only admin/,public/get-] [--no-source-maps-section]
 *   npm run bench:cold-start -- --why admin/get-issuance [--top 30] [--chain undici]
 *
 * `--why` builds one function and lists its heaviest packages and input modules (esbuild's
 * metafile: bytes each contributes to the minified output); `--chain X` adds the import path from
 * the entry to the first module whose path contains X — that is how to find what to cut.
 */
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism as cpuCount, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { LAMBDA_BUNDLING, LAMBDA_NODE_OPTIONS, PROJECT_ROOT } from '../../infra/constructs/laurel-function';
import { functionEntries, LAMBDA_TEST_ENV, lambdaEsbuildOptions } from '../support/lambda-bundle';

const argv = process.argv.slice(2);
const option = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const RUNS = Number(option('--runs') ?? 5);
const ONLY = option('--only');
const WHY = option('--why');
const TOP = Number(option('--top') ?? 30);
const CHAIN = option('--chain');
const SOURCE_MAPS_SECTION = !argv.includes('--no-source-maps-section');
/** Iterations of the error-path measurement. */
const STACKS = 300;

const TARGETS = { medianRatio: 2.0, worstRatio: 3.5, adminBytes: 600_000 };
const MINIMAL = 'minimal handler';
/**
 * The same handler without LAMBDA_ALIASES: the SDK as it comes, with the credential providers
 * Lambda never reaches (shared/aws/unused-credential-providers.ts). For reference only: the
 * targets were set when the minimal handler carried them too, and the stand-ins cut the same
 * milliseconds from it as from every function, which raises every ratio. The verdicts stay
 * against the minimal handler built as the functions are.
 */
const STOCK_MINIMAL = 'minimal handler, stock SDK';
const MINIMAL_SOURCE = `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
export const handler = middy().handler(async () => ({ ok: Boolean(db) }));
`;

/** What Lambda sets that changes what the bundles do at load (the Tracer is on, X-Ray in Lambda mode). */
const dir = mkdtempSync(path.join(tmpdir(), 'laurel-cold-start-'));
const lambdaEnv = {
  ...LAMBDA_TEST_ENV,
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
  AWS_LAMBDA_FUNCTION_NAME: 'laurel-bench',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
  LAMBDA_TASK_ROOT: dir,
  POWERTOOLS_SERVICE_NAME: 'laurel-bench',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  POWERTOOLS_METRICS_NAMESPACE: 'Laurel',
};

interface Bundle {
  name: string;
  file: string;
  bytes: number;
  gzip: number;
  mapBytes: number;
  /** Bytes in the output per package (node_modules/<name>) or, for our code, per top folder. */
  packages: Map<string, number>;
  metafile: Metafile;
}

const packageOf = (input: string) => {
  const m = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return m ? m[1]! : input.split('/').slice(0, 2).join('/');
};

function packagesOf(output: Metafile['outputs'][string]) {
  const packages = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) packages.set(packageOf(input), (packages.get(packageOf(input)) ?? 0) + bytesInOutput);
  return packages;
}

/** The bundle's own entry in the metafile's outputs (the other is its source map). */
const outputOf = (metafile: Metafile) => Object.entries(metafile.outputs).find(([file]) => file.endsWith('.mjs'))![1];

async function bundle(name: string, source: { entry: string } | { contents: string }, sourcemap: boolean = LAMBDA_BUNDLING.sourceMap, options: BuildOptions = {}): Promise<Bundle> {
  const file = path.join(dir, `${name.replace(/[^a-z0-9-]+/gi, '_')}.mjs`);
  const result = await build({
    ...lambdaEsbuildOptions,
    ...options,
    sourcemap,
    outfile: file,
    metafile: true,
    absWorkingDir: PROJECT_ROOT,
    ...('entry' in source
      ? { entryPoints: [source.entry] }
      : { stdin: { contents: source.contents, resolveDir: PROJECT_ROOT, loader: 'ts' as const, sourcefile: `${name.replace(/\W+/g, '-')}.ts` } }),
  });
  const code = readFileSync(file);
  const mapBytes = sourcemap ? statSync(`${file}.map`).size : 0;
  return { name, file, bytes: code.length, gzip: gzipSync(code).length, mapBytes, packages: packagesOf(outputOf(result.metafile)), metafile: result.metafile };
}

const entryOf = (name: string) => path.join(PROJECT_ROOT, 'functions', `${name}.ts`);

/** Runs `code` (an ES module body; `url` is the bundle) in a fresh node; returns what it printed as JSON. */
function inFreshNode<T>(url: string, code: string, nodeOptions: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', code, url], { env: { ...lambdaEnv, NODE_OPTIONS: nodeOptions }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', () => {
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as T);
      } catch {
        reject(new Error(`${url}: ${err.trim() || out.trim() || 'no output'}`));
      }
    });
  });
}

/** Wall time of the import, and the process's CPU time over it (all threads; what other load on the machine disturbs least). */
const IMPORT_PROBE = `const c0 = process.cpuUsage();
const t0 = performance.now();
const m = await import(process.argv[1]);
const ms = performance.now() - t0;
const c = process.cpuUsage(c0);
process.stdout.write('\\n' + JSON.stringify({ ms, cpu: (c.user + c.system) / 1000, handler: typeof m.handler }) + '\\n');
process.exit(0);`;

async function importTimes(b: Bundle, nodeOptions = LAMBDA_NODE_OPTIONS): Promise<{ ms: number; cpu: number }> {
  const r = await inFreshNode<{ ms: number; cpu: number; handler: string }>(pathToFileURL(b.file).href, IMPORT_PROBE, nodeOptions);
  if (r.handler !== 'function') throw new Error(`${b.name}: the bundle exports no handler (${r.handler})`);
  return r;
}
const importMs = async (b: Bundle, nodeOptions?: string) => (await importTimes(b, nodeOptions)).ms;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const kb = (bytes: number) => `${(bytes / 1000).toFixed(0)} KB`;
const ms = (x: number) => `${x.toFixed(0)} ms`;

/**
 * Builds every function in one esbuild run (each output a whole bundle of its own, as CDK's one
 * run per function writes it; the run only shares the parsing), with its metafile.
 */
async function buildAll(names: string[]): Promise<Bundle[]> {
  const outdir = path.join(dir, 'functions');
  const result = await build({
    ...lambdaEsbuildOptions,
    sourcemap: LAMBDA_BUNDLING.sourceMap,
    entryPoints: names.map(entryOf),
    outdir,
    outbase: path.join(PROJECT_ROOT, 'functions'),
    outExtension: { '.js': '.mjs' },
    metafile: true,
    absWorkingDir: PROJECT_ROOT,
  });
  return names.map((name) => {
    const file = path.join(outdir, `${name}.mjs`);
    const key = path.relative(PROJECT_ROOT, file);
    const output = result.metafile.outputs[key];
    if (!output) throw new Error(`no output ${key} in the metafile`);
    const code = readFileSync(file);
    const metafile: Metafile = { inputs: result.metafile.inputs, outputs: { [key]: output } };
    const mapBytes = LAMBDA_BUNDLING.sourceMap ? statSync(`${file}.map`).size : 0;
    return { name, file, bytes: code.length, gzip: gzipSync(code).length, mapBytes, packages: packagesOf(output), metafile };
  });
}

function why(b: Bundle) {
  const output = outputOf(b.metafile);
  console.log(`## ${b.name}: ${kb(b.bytes)} minified, ${kb(b.gzip)} gzip\n`);
  console.log('| package (or our folder) | bytes in output | share |\n|---|---:|---:|');
  for (const [p, bytes] of [...b.packages].sort((x, y) => y[1] - x[1]).slice(0, TOP)) console.log(`| ${p} | ${bytes.toLocaleString('en')} | ${((100 * bytes) / b.bytes).toFixed(1)}% |`);
  console.log('\n| input module | bytes in output |\n|---|---:|');
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs).sort((x, y) => y[1].bytesInOutput - x[1].bytesInOutput).slice(0, TOP)) {
    console.log(`| ${input} | ${bytesInOutput.toLocaleString('en')} |`);
  }
  if (CHAIN) {
    // Breadth-first from the entry over the metafile's import graph: the shortest path to CHAIN.
    const inputs = b.metafile.inputs;
    const start = Object.keys(inputs).find((k) => path.resolve(PROJECT_ROOT, k) === entryOf(b.name))!;
    const from = new Map<string, string | null>([[start, null]]);
    const queue = [start];
    let found: string | undefined;
    while (queue.length && !found) {
      const at = queue.shift()!;
      for (const { path: to } of inputs[at]?.imports ?? []) {
        if (from.has(to) || !inputs[to]) continue;
        from.set(to, at);
        if (to.includes(CHAIN)) {
          found = to;
          break;
        }
        queue.push(to);
      }
    }
    console.log(`\nImport chain to ${CHAIN}:`);
    if (!found) console.log('  (not in the bundle)');
    const chain: string[] = [];
    for (let at: string | null | undefined = found; at; at = from.get(at)) chain.unshift(at);
    for (const step of chain) console.log(`  → ${step}`);
  }
}

async function main() {
  const started = Date.now();
  if (WHY) {
    why(await bundle(WHY, { entry: entryOf(WHY) }));
    return;
  }
  const names = functionEntries()
    .map((f) => f.replace(/\.ts$/, ''))
    .filter((n) => !ONLY || ONLY.split(',').some((o) => n.includes(o)));
  console.error(`building ${names.length} functions and the minimal handler…`);
  const minimal = await bundle(MINIMAL, { contents: MINIMAL_SOURCE });
  const stockMinimal = await bundle(STOCK_MINIMAL, { contents: MINIMAL_SOURCE }, LAMBDA_BUNDLING.sourceMap, { alias: {} });
  const bundles = await buildAll(names);
  console.error(`built in ${((Date.now() - started) / 1000).toFixed(0)} s; importing each ${RUNS} times in fresh processes…`);

  // Rounds, each over every bundle: drift on the machine falls on all of them alike.
  const loadBefore = loadavg()[0]!;
  const times = new Map<string, number[]>([minimal, stockMinimal, ...bundles].map((b) => [b.name, []]));
  const cpus = new Map<string, number[]>([minimal, stockMinimal, ...bundles].map((b) => [b.name, []]));
  for (let round = 0; round < RUNS; round++) {
    for (const b of [minimal, stockMinimal, ...bundles]) {
      const t = await importTimes(b);
      times.get(b.name)!.push(t.ms);
      cpus.get(b.name)!.push(t.cpu);
    }
    console.error(`round ${round + 1}/${RUNS} done (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  const base = median(times.get(MINIMAL)!);
  const baseCpu = median(cpus.get(MINIMAL)!);
  const stock = median(times.get(STOCK_MINIMAL)!);
  const stockCpu = median(cpus.get(STOCK_MINIMAL)!);
  const rows = bundles.map((b) => ({ b, ms: median(times.get(b.name)!), cpu: median(cpus.get(b.name)!) }));

  console.log(
    `## Cold start: import time of each bundle (median of ${RUNS} fresh processes; source map ${LAMBDA_BUNDLING.sourceMap ? 'written' : 'not written'}, NODE_OPTIONS='${LAMBDA_NODE_OPTIONS}', as deployed; Node ${process.version}, ${cpuCount()} CPUs, load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after)\n`,
  );
  console.log('| function | minified | gzip | import (median) | × minimal | CPU (median) | × minimal, CPU |\n|---|---:|---:|---:|---:|---:|---:|');
  console.log(`| _${MINIMAL}: DynamoDB document client + middy core_ | ${kb(minimal.bytes)} | ${kb(minimal.gzip)} | ${ms(base)} | 1.00 | ${ms(baseCpu)} | 1.00 |`);
  console.log(`| _${STOCK_MINIMAL} (without LAMBDA_ALIASES; reference)_ | ${kb(stockMinimal.bytes)} | ${kb(stockMinimal.gzip)} | ${ms(stock)} | ${(stock / base).toFixed(2)} | ${ms(stockCpu)} | ${(stockCpu / baseCpu).toFixed(2)} |`);
  for (const { b, ms: m, cpu } of rows) console.log(`| ${b.name} | ${kb(b.bytes)} | ${kb(b.gzip)} | ${ms(m)} | ${(m / base).toFixed(2)} | ${ms(cpu)} | ${(cpu / baseCpu).toFixed(2)} |`);

  const ratios = rows.map((r) => r.ms / base);
  const medianRatio = median(ratios);
  const worst = rows.reduce((w, r) => (r.ms > w.ms ? r : w), rows[0]!);
  const largest = (group: string) => bundles.filter((b) => b.name.startsWith(`${group}/`)).reduce<Bundle | undefined>((l, b) => (!l || b.bytes > l.bytes ? b : l), undefined);
  const admin = largest('admin');
  const verdict = (ok: boolean) => (ok ? 'met' : '**not met**');
  console.log('\n| measure | value | target | |\n|---|---:|---:|---|');
  console.log(`| median import, all functions | ${ms(median(rows.map((r) => r.ms)))} (minimal ${ms(base)}) | | |`);
  console.log(`| median ratio to the minimal handler | ${medianRatio.toFixed(2)} | ≤ ${TARGETS.medianRatio} | ${verdict(medianRatio <= TARGETS.medianRatio)} |`);
  console.log(`| worst ratio (${worst.b.name}, ${ms(worst.ms)}) | ${(worst.ms / base).toFixed(2)} | ≤ ${TARGETS.worstRatio} | ${verdict(worst.ms / base <= TARGETS.worstRatio)} |`);
  // The same ratios in CPU time: a cross-check that other load on the machine moves less.
  const worstCpu = rows.reduce((w, r) => (r.cpu > w.cpu ? r : w), rows[0]!);
  console.log(`| median ratio, CPU time (minimal ${ms(baseCpu)}) | ${median(rows.map((r) => r.cpu / baseCpu)).toFixed(2)} | | |`);
  console.log(`| worst ratio, CPU time (${worstCpu.b.name}) | ${(worstCpu.cpu / baseCpu).toFixed(2)} | | |`);
  console.log(
    `| for reference: median ratio to the ${STOCK_MINIMAL} (${ms(stock)}; CPU ${ms(stockCpu)}), as before the credential stand-ins | ${median(rows.map((r) => r.ms / stock)).toFixed(2)} (CPU ${median(rows.map((r) => r.cpu / stockCpu)).toFixed(2)}) | | |`,
  );
  if (admin) console.log(`| largest admin bundle (${admin.name}) | ${kb(admin.bytes)} | ≤ ${kb(TARGETS.adminBytes)} | ${verdict(admin.bytes <= TARGETS.adminBytes)} |`);
  for (const group of ['public', 'workflow', 'batch']) {
    const l = largest(group);
    if (l) console.log(`| largest ${group} bundle (${l.name}) | ${kb(l.bytes)} | | |`);
  }

  // Which packages the functions carry, heaviest first: the levers.
  const carried = new Map<string, { functions: number; max: number }>();
  for (const b of bundles) {
    for (const [p, bytes] of b.packages) {
      if (bytes < 20_000) continue;
      const c = carried.get(p) ?? { functions: 0, max: 0 };
      carried.set(p, { functions: c.functions + 1, max: Math.max(c.max, bytes) });
    }
  }
  console.log(`\n| package (≥ 20 KB in a bundle) | functions carrying it (of ${bundles.length}) | largest share |\n|---|---:|---:|`);
  for (const [p, c] of [...carried].sort((x, y) => y[1].max * y[1].functions - x[1].max * x[1].functions).slice(0, 25)) console.log(`| ${p} | ${c.functions} | ${kb(c.max)} |`);

  // zod's index exports `z` as a namespace bound to a name, which esbuild cannot tree-shake: one
  // module with `import { z } from 'zod'` puts zod's whole build in its bundle (`import * as z`
  // lets esbuild keep what is used).
  const ours = new Set(bundles.flatMap((b) => Object.keys(outputOf(b.metafile).inputs)).filter((i) => !i.includes('node_modules/') && i.endsWith('.ts')));
  // (A module renamed or deleted since the build, by someone editing alongside, is skipped.)
  const named = [...ours]
    .filter((i) => existsSync(path.join(PROJECT_ROOT, i)) && /^import \{[^}]*\bz\b[^}]*\} from 'zod';/m.test(readFileSync(path.join(PROJECT_ROOT, i), 'utf8')))
    .sort();
  console.log(`\nModules importing \`{ z }\` from zod (each puts zod's whole build in its bundles): ${named.length ? named.join(', ') : 'none'}.`);

  if (SOURCE_MAPS_SECTION) await sourceMaps(bundles);
  console.error(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/**
 * What `--enable-source-maps` costs, whatever the deployment does: the minimal handler and the
 * three largest bundles built with a source map (as CDK's `sourceMap: true` writes it), imported
 * with and without the flag; and the stack of an Error made inside the largest bundle (ten frames
 * deep) — the first one in the process (the map is read and decoded then) and the next ones.
 */
async function sourceMaps(bundles: Bundle[]) {
  const names = [...bundles].sort((a, b) => b.bytes - a.bytes).slice(0, 3).map((b) => b.name);
  const minimal = await bundle(`${MINIMAL} (mapped)`, { contents: MINIMAL_SOURCE }, true);
  const largest: Bundle[] = [];
  for (const name of names) largest.push({ ...(await bundle(`${name} (mapped)`, { entry: entryOf(name) }, true)), name });
  const options = ['--enable-source-maps', ''];
  const times = new Map<string, number[]>();
  for (let round = 0; round < RUNS; round++) {
    for (const b of [minimal, ...largest]) {
      for (const o of options) {
        const key = `${b.name}|${o}`;
        times.set(key, [...(times.get(key) ?? []), await importMs(b, o)]);
      }
    }
  }
  console.log(`\n## \`--enable-source-maps\`: import (median of ${RUNS}) with and without\n`);
  console.log('| bundle | minified | source map | import, with | import, without | cost |\n|---|---:|---:|---:|---:|---:|');
  for (const b of [minimal, ...largest]) {
    const [on, off] = options.map((o) => median(times.get(`${b.name}|${o}`)!)) as [number, number];
    console.log(`| ${b.name.replace(' (mapped)', '')} | ${kb(b.bytes)} | ${kb(b.mapBytes)} | ${ms(on)} | ${ms(off)} | ${ms(on - off)} |`);
  }

  // The error path: the largest function's bundle plus a function that makes a stack inside it.
  const target = largest[0]!;
  const withThrower = await bundle(`${target.name} with thrower`, {
    contents: `export * from ${JSON.stringify(entryOf(target.name))};
export function benchStack(depth: number): string | undefined { return depth > 0 ? [depth - 1].map(benchStack)[0] : new Error('bench').stack; }`,
  }, true);
  const probe = `const m = await import(process.argv[1]);
let t = performance.now();
const first = m.benchStack(10);
const firstMs = performance.now() - t;
t = performance.now();
for (let i = 0; i < ${STACKS}; i++) m.benchStack(10);
const eachUs = ((performance.now() - t) / ${STACKS}) * 1000;
const mapped = /\\.ts:\\d+/.test(first);
process.stdout.write('\\n' + JSON.stringify({ firstMs, eachUs, mapped }) + '\\n');
process.exit(0);`;
  const stack = new Map<string, { firstMs: number[]; eachUs: number[]; mapped: boolean }>();
  for (let round = 0; round < RUNS; round++) {
    for (const o of options) {
      const r = await inFreshNode<{ firstMs: number; eachUs: number; mapped: boolean }>(pathToFileURL(withThrower.file).href, probe, o);
      const s = stack.get(o) ?? { firstMs: [], eachUs: [], mapped: r.mapped };
      s.firstMs.push(r.firstMs);
      s.eachUs.push(r.eachUs);
      stack.set(o, s);
    }
  }
  console.log(`\nAn Error's \`.stack\` made inside ${target.name}'s bundle, 10 frames deep (median of ${RUNS} processes):\n`);
  console.log(`| NODE_OPTIONS | first stack in the process | each next one (mean of ${STACKS}) | frames name .ts sources |\n|---|---:|---:|---|`);
  for (const o of options) {
    const s = stack.get(o)!;
    console.log(`| ${o || '(none)'} | ${median(s.firstMs).toFixed(1)} ms | ${median(s.eachUs).toFixed(0)} µs | ${s.mapped ? 'yes' : 'no'} |`);
  }
}

try {
  await main();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
