import { checkSync } from 'recheck';
import { regexes } from 'zod/v4/core';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import schema from '../../shared/credentials/schemas/ob_v3p0_achievementcredential_schema.json';
import { looksDeliverable } from '../../shared/use-cases/evidence-rules';
import { namedRegex, regexSites, sourceFiles, type RegexSite } from '../support/regex-literals';

/**
 * A static ReDoS check (recheck) over every regular expression request input can reach: all of
 * ours in shared/ and functions/, the zod formats our request schemas use, the Open Badges
 * schema's patterns with the ajv-formats formats it names, and the JSON-LD, canonicalization
 * and multipart libraries that read a presented credential. A pattern recheck calls vulnerable,
 * or cannot decide, fails the test; so does a RegExp built from something other than a literal
 * (it cannot be checked). Not a timed test: recheck proves the complexity from the pattern.
 */
const root = process.cwd();

/** Third-party patterns reviewed and kept, with why request input never reaches them. */
const REVIEWED: Record<string, string> = {
  'node_modules/jsonld/lib/toRdf.js:305': 'applied to Number#toExponential(15) output (at most 23 characters), never to input text',
  'node_modules/jsonld/lib/util.js:14': 'parses HTTP Link headers for remote document loaders; ours serves bundled contexts and reads no headers',
  'node_modules/jsonld/lib/util.js:15': 'parses HTTP Link headers (as above)',
  'node_modules/jsonld/lib/util.js:17': 'parses HTTP Link headers (as above)',
  'node_modules/rdf-canonize/lib/NQuads.js:76': 'N-Quads parsing; canonicalization here only serializes',
  'node_modules/rdf-canonize/lib/NQuads.js:79': 'N-Quads parsing (as above)',
};

function verdict(site: RegexSite): string | undefined {
  const result = checkSync(site.source, site.flags, { timeout: 20_000 });
  if (result.status === 'safe') return undefined;
  if (result.status === 'vulnerable') return `${site.where}: /${site.source}/${site.flags} is vulnerable (${result.complexity.type}); attack: ${result.attack.pattern}`;
  return `${site.where}: /${site.source}/${site.flags} could not be checked (${result.error.kind})`;
}

function check(sites: ReturnType<typeof regexSites>) {
  const problems: string[] = [];
  for (const site of sites) {
    if (REVIEWED[site.where]) continue;
    if (site.source === undefined) problems.push(`${site.where}: a RegExp built at run time cannot be checked; write a literal`);
    else {
      const problem = verdict(site as RegexSite);
      if (problem) problems.push(problem);
    }
  }
  return problems;
}

describe('regular expressions that request input reaches run in linear time', () => {
  it('every pattern in shared/ and functions/', () => {
    const sites = ['shared', 'functions'].flatMap((dir) => sourceFiles(dir).flatMap((f) => regexSites(f, root)));
    expect(sites.length).toBeGreaterThan(50);
    expect(check(sites)).toEqual([]);
  }, 120_000);

  it('the zod formats, Open Badges schema patterns and ajv-formats formats that validate requests', () => {
    const patterns = new Set<string>();
    JSON.stringify(schema, (key, value: unknown) => {
      if (key === 'pattern' && typeof value === 'string') patterns.add(value);
      return value;
    });
    expect(patterns.size).toBeGreaterThan(0);
    const sites: RegexSite[] = [
      ...Object.entries({ email: regexes.email, uuid: regexes.uuid(), date: regexes.date, datetime: regexes.datetime({ offset: true } as never), datetimeUtc: regexes.datetime({} as never) }).map(
        ([name, r]) => ({ source: r.source, flags: r.flags, where: `zod ${name}` }),
      ),
      // ajv compiles schema patterns with the u flag.
      ...[...patterns].map((p) => ({ source: p, flags: 'u', where: `OB schema pattern ${p}` })),
      // date and date-time, the formats the schema names.
      ...['DATE', 'TIME', 'DATE_TIME_SEPARATOR'].map((name) => namedRegex('node_modules/ajv-formats/dist/formats.js', name, root)),
    ];
    expect(check(sites)).toEqual([]);
  }, 120_000);

  it('the JSON-LD, canonicalization and multipart libraries (reviewed exceptions named)', () => {
    const sites = ['node_modules/jsonld/lib', 'node_modules/rdf-canonize/lib', 'node_modules/@fastify/busboy/lib'].flatMap((dir) => sourceFiles(dir).flatMap((f) => regexSites(f, root)));
    expect(check(sites)).toEqual([]);
    // A reviewed exception that no longer exists is stale: the library changed, review it again.
    const present = new Set(sites.map((s) => s.where));
    expect(Object.keys(REVIEWED).filter((where) => !present.has(where))).toEqual([]);
  }, 120_000);

  it('finds the patterns that used to hang POST /verify', () => {
    const old = { source: String.raw`^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?<svg[\s>]`, flags: 'i', where: 'baking.ts isSvg (before)' };
    expect(verdict(old)).toMatch(/vulnerable \(exponential\)/);
    expect(verdict({ source: String.raw`^[^@\s]+@[^@\s]+\.[^@\s]+$`, flags: '', where: 'workflow.ts recipient-email (before)' })).toMatch(/vulnerable \(polynomial\)/);
  }, 60_000);
});

describe('the recipient-email rule, as a scan', () => {
  it('agrees with the pattern it replaced', () => {
    const pattern = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
    const chars = fc.constantFrom('a', 'b', '@', '.', ' ', '\t', '-');
    fc.assert(fc.property(fc.array(chars, { maxLength: 12 }).map((c) => c.join('')), (s) => looksDeliverable(s) === pattern.test(s)), { numRuns: 5_000 });
    expect(looksDeliverable('learner@example.edu')).toBe(true);
    expect(looksDeliverable('learner@localhost')).toBe(false);
  });
});
