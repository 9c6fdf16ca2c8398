import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/constructs/laurel-function';
import { cycloneDx, productionPackages } from '../../local/write-sbom';

/** Issue #17, section 6: an SBOM of the production dependencies, complete (npm sbom --omit dev is not). */
describe('the SBOM', () => {
  const pkg = JSON.parse(readFileSync(`${PROJECT_ROOT}/package.json`, 'utf8'));
  const lock = JSON.parse(readFileSync(`${PROJECT_ROOT}/package-lock.json`, 'utf8'));

  it('lists every production dependency and what it reaches, and no dev-only package', () => {
    const names = new Set(productionPackages(lock, Object.keys(pkg.dependencies)).map((c) => c.name));
    for (const direct of Object.keys(pkg.dependencies)) expect(names.has(direct), direct).toBe(true);
    // Reached from production and from dev dependencies alike: what npm sbom --omit dev leaves out.
    for (const shared of ['zod', 'jsonld', 'ajv', 'canonicalize', '@digitalbazaar/http-client']) expect(names.has(shared), shared).toBe(true);
    for (const devOnly of ['vitest', '@digitalbazaar/vc', 'playwright-core', 'cdk-nag', 'aws-cdk']) expect(names.has(devOnly), devOnly).toBe(false);
  });

  it('resolves each dependency as Node does: the nearest node_modules, each installed version once', () => {
    const fake = {
      packages: {
        '': {},
        'node_modules/a': { version: '1.0.0', dependencies: { b: '^2' } },
        'node_modules/a/node_modules/b': { version: '2.0.0', integrity: 'sha512-AAAA' },
        'node_modules/b': { version: '1.0.0', license: 'MIT', dependencies: { c: '*' }, optionalDependencies: { fsevents: '*' } },
        'node_modules/c': { version: '3.1.0' },
      },
    };
    const found = productionPackages(fake, ['a', 'b']).map((c) => `${c.name}@${c.version}`);
    expect(found).toEqual(['a@1.0.0', 'b@1.0.0', 'b@2.0.0', 'c@3.1.0']);
    expect(() => productionPackages(fake, ['missing'])).toThrow(/package-lock.json has no missing/);
    const bom = cycloneDx({ name: 'laurel', version: '0.1.0' }, productionPackages(fake, ['a']), '2026-12-05T00:00:00.000Z');
    expect(bom.components.find((c) => c.name === 'b')).toMatchObject({ purl: 'pkg:npm/b@2.0.0', hashes: [{ alg: 'SHA-512', content: '000000' }] });
  });
});
