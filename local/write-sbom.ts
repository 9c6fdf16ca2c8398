import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm run sbom`: a CycloneDX 1.5 SBOM of the production dependencies, from package-lock.json.
 *
 * Why not `npm sbom --omit dev`: npm 11 leaves out every production package that a dev dependency
 * also reaches (zod, jsonld, ajv, aws-cdk-lib, the SDK's credential provider…: 66 components of
 * 144), so its SBOM misses what the functions run. This walks the lockfile the way Node resolves
 * modules, from package.json's `dependencies` (and their optional ones), and lists each package
 * once, with its version, license, integrity hash and purl.
 */

interface LockPackage {
  version?: string;
  license?: string;
  integrity?: string;
  resolved?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}
interface Lockfile {
  packages: Record<string, LockPackage>;
}

export interface SbomComponent {
  name: string;
  version: string;
  license?: string;
  integrity?: string;
  /** The lockfile paths it is installed at (a package may be installed at several versions). */
  path: string;
}

/** Where Node finds `name` from the package at `from`: the nearest node_modules up the tree. */
function resolveFrom(lock: Lockfile, from: string, name: string): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!dir) return undefined;
    const up = dir.lastIndexOf('/node_modules/');
    dir = up < 0 ? '' : dir.slice(0, up);
  }
}

/** Every package the production dependencies reach, each lockfile path once. */
export function productionPackages(lock: Lockfile, rootDependencies: string[]): SbomComponent[] {
  const seen = new Map<string, SbomComponent>();
  const queue = rootDependencies.map((name) => ({ from: '', name, optional: false }));
  while (queue.length) {
    const { from, name, optional } = queue.shift()!;
    const at = resolveFrom(lock, from, name);
    if (!at) {
      if (optional) continue;
      throw new Error(`package-lock.json has no ${name} for ${from || 'the project'}: run npm install`);
    }
    if (seen.has(at)) continue;
    const pkg = lock.packages[at]!;
    const packageName = at.slice(at.lastIndexOf('node_modules/') + 'node_modules/'.length);
    seen.set(at, { name: packageName, version: pkg.version ?? '0.0.0', ...(pkg.license ? { license: pkg.license } : {}), ...(pkg.integrity ? { integrity: pkg.integrity } : {}), path: at });
    for (const dep of Object.keys(pkg.dependencies ?? {})) queue.push({ from: at, name: dep, optional: false });
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) queue.push({ from: at, name: dep, optional: true });
  }
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}

const purl = (c: SbomComponent) => `pkg:npm/${c.name.startsWith('@') ? `%40${c.name.slice(1)}` : c.name}@${c.version}`;

/** The CycloneDX document: one component per package and version. */
export function cycloneDx(project: { name: string; version: string }, components: SbomComponent[], timestamp: string) {
  const unique = new Map(components.map((c) => [purl(c), c]));
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    version: 1,
    metadata: { timestamp, component: { type: 'application', name: project.name, version: project.version, 'bom-ref': `pkg:npm/${project.name}@${project.version}` } },
    components: [...unique.entries()].map(([ref, c]) => ({
      type: 'library',
      'bom-ref': ref,
      name: c.name,
      version: c.version,
      purl: ref,
      scope: 'required',
      ...(c.license ? { licenses: [{ expression: c.license }] } : {}),
      ...(c.integrity ? { hashes: [integrityHash(c.integrity)] } : {}),
    })),
  };
}

/** npm's integrity (`sha512-<base64>`) as a CycloneDX hash (hex). */
function integrityHash(integrity: string) {
  const [algorithm, base64] = integrity.split('-', 2) as [string, string];
  return { alg: algorithm.toUpperCase().replace('SHA', 'SHA-'), content: Buffer.from(base64, 'base64').toString('hex') };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string; dependencies: Record<string, string> };
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as Lockfile;
  const components = productionPackages(lock, Object.keys(pkg.dependencies));
  const out = process.argv[2] ?? 'sbom.cdx.json';
  writeFileSync(out, `${JSON.stringify(cycloneDx(pkg, components, new Date().toISOString()), null, 2)}\n`);
  console.log(`${out}: ${new Set(components.map(purl)).size} production packages (CycloneDX 1.5)`);
}
