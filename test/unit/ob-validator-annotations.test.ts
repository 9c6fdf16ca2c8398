import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import compiled from '../../shared/credentials/schemas/ob-credential-validator.generated.js';
import schema from '../../shared/credentials/schemas/ob_v3p0_achievementcredential_schema.json';
import { obFormats } from '../../shared/credentials/schemas/ob-formats';
import { withoutAnnotations } from '../../shared/credentials/schemas/validator-source';
import { standardsFixture } from '../support/standards-kit';

// The generated validator is compiled from the schema without its annotations (titles,
// descriptions, comments): it must still answer, errors included, as Ajv compiling the official
// schema whole does — here over a thousand random changes to a complete credential.
const ajv = new Ajv2019({ strict: false, allErrors: true });
addFormats(ajv);
const official = ajv.compile(schema);
const complete = JSON.parse(standardsFixture('spec/02_spec_complete_openbadgecredential_unsigned.json')) as Record<string, unknown>;

/** Every path to a value in a JSON document. */
function paths(node: unknown, at: (string | number)[] = []): (string | number)[][] {
  const here = at.length ? [at] : [];
  if (Array.isArray(node)) return [...here, ...node.flatMap((v, i) => paths(v, [...at, i]))];
  if (node && typeof node === 'object') return [...here, ...Object.entries(node).flatMap(([k, v]) => paths(v, [...at, k]))];
  return here;
}
const PATHS = paths(complete);

function changed(path: (string | number)[], value: unknown, remove: boolean) {
  const copy = structuredClone(complete) as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (remove) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = value;
  return copy;
}

describe('the OB validator compiled without the schema annotations', () => {
  it('drops titles, descriptions and comments, and keeps properties so named', () => {
    const stripped = JSON.stringify(withoutAnnotations(schema));
    expect(stripped).not.toContain('"$comment"');
    expect(stripped.length).toBeLessThan(JSON.stringify(schema).length * 0.6);
    // `description` is also a property of an Achievement: its schema stays.
    const achievement = (withoutAnnotations(schema) as { $defs: Record<string, { properties: Record<string, unknown> }> }).$defs.Achievement!;
    expect(achievement.properties.description).toEqual({ type: 'string' });
  });

  it('answers as Ajv compiling the official schema does, errors included', () => {
    const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('2026-02-30T00:00:00Z', '2024-02-29T23:59:60Z', '2026-01-01', 'https://example.org', 'Achievement', ['VerifiableCredential']));
    let invalid = 0;
    fc.assert(
      fc.property(fc.constantFrom(...PATHS), value, fc.boolean(), (path, v, remove) => {
        const document = changed(path, v, remove);
        const expected = official(document);
        expect(compiled(document)).toBe(expected);
        expect(compiled.errors ?? null).toEqual(official.errors ?? null);
        if (!expected) invalid++;
      }),
      { numRuns: 1000 },
    );
    expect(invalid).toBeGreaterThan(200);
  });

  it("checks date and date-time as ajv-formats' full formats do", () => {
    const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
    const dates = fc.tuple(fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')), two(19), two(39)).map(([y, m, d]) => `${y}-${m}-${d}`);
    const zones = fc.oneof(fc.constantFrom('', 'Z', 'z'), fc.tuple(fc.constantFrom('+', '-'), two(29), fc.constantFrom('', ':'), fc.oneof(fc.constant(''), two(69))).map((p) => p.join('')));
    const times = fc.tuple(two(29), two(69), two(69), fc.constantFrom('', '.5', '.123456'), zones).map(([h, m, s, f, z]) => `${h}:${m}:${s}${f}${z}`);
    const dateTimes = fc.tuple(dates, fc.constantFrom('T', 't', ' ', '_', 'TT'), times).map(([d, sep, t]) => `${d}${sep}${t}`);
    fc.assert(
      fc.property(fc.oneof(dates, dateTimes, times, fc.string()), (text) => {
        expect(obFormats.date.validate(text), text).toBe((fullFormats.date as { validate(s: string): boolean }).validate(text));
        expect(obFormats['date-time'].validate(text), text).toBe((fullFormats['date-time'] as { validate(s: string): boolean }).validate(text));
      }),
      { numRuns: 20_000 },
    );
    for (const leap of ['2016-12-31T23:59:60Z', '2016-12-31T15:59:60-08:00', '2016-12-31T23:59:60+01:00', '2024-02-29T00:00:00Z', '2023-02-29T00:00:00Z']) {
      expect(obFormats['date-time'].validate(leap), leap).toBe((fullFormats['date-time'] as { validate(s: string): boolean }).validate(leap));
    }
  });
});
