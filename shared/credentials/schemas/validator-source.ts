import Ajv2019 from 'ajv/dist/2019';
import standaloneCode from 'ajv/dist/standalone';
import addFormats from 'ajv-formats';
import { obFormats } from './ob-formats';
import schema from './ob_v3p0_achievementcredential_schema.json';

export const GENERATED_VALIDATOR = 'shared/credentials/schemas/ob-credential-validator.generated.js';

/** Keywords that annotate a schema and validate nothing (JSON Schema 2019-09, meta-data vocabulary and core). */
const ANNOTATIONS = new Set(['title', 'description', '$comment', 'examples']);
/** Keywords whose value is a map of schemas, an array of schemas, or a schema. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const SCHEMAS = new Set(['items', 'additionalItems', 'additionalProperties', 'contains', 'not', 'if', 'then', 'else', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties']);

/**
 * The schema without its annotations: they validate nothing, and Ajv's standalone code embeds
 * the schema objects its errors quote (enum values), descriptions and comments included — about
 * 70 KB of the 285 KB module, parsed in every function that validates. Errors do not change:
 * without Ajv's `verbose` they carry keyword paths and parameters, not the schema.
 */
export function withoutAnnotations(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutAnnotations);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(node)) {
    if (ANNOTATIONS.has(keyword)) continue;
    if (SCHEMA_MAPS.has(keyword) && value && typeof value === 'object') {
      out[keyword] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, withoutAnnotations(sub)]));
    } else if (SCHEMA_LISTS.has(keyword) || SCHEMAS.has(keyword)) {
      out[keyword] = withoutAnnotations(value);
    } else {
      out[keyword] = value; // enum, const, required, type, pattern, …: values, not schemas
    }
  }
  return out;
}

/**
 * The official OpenBadgeCredential schema compiled by Ajv into a standalone ES module: what
 * `ajv.compile(schema)` builds at run time, written once ahead of it. Compiling at cold start
 * took about 300 ms on this machine, in every function that validates a credential.
 * `npm run credentials:validator` writes it; a unit test checks the committed file is current.
 */
export function obValidatorSource(): string {
  // strict: false — the official schema uses tuple keywords Ajv's strict mode only warns about.
  const ajv = new Ajv2019({ strict: false, allErrors: true, code: { source: true, esm: true, lines: true } });
  addFormats(ajv);
  const formats = 'require("ajv-formats/dist/formats").fullFormats';
  const code = standaloneCode(ajv, ajv.compile(withoutAnnotations(schema) as typeof schema)).replaceAll(formats, 'obFormats');
  if (code.includes('require(')) throw new Error('the standalone validator requires a module this generator does not import');
  // The formats come from ob-formats.ts, which has only those the schema uses.
  const used = [...code.matchAll(/obFormats(?:\.([\w$]+)|\["([^"]+)"\])/g)].map((m) => m[1] ?? m[2]!);
  const missing = used.filter((name) => !(name in obFormats));
  if (missing.length) throw new Error(`the schema uses formats ob-formats.ts lacks: ${missing.join(', ')}`);
  // Ajv's module starts by exporting its root function; the rest declares the functions and the
  // schema fragments they report, then sets properties on them. All of it goes in one function
  // marked pure, so a bundle that imports this module but never validates drops it.
  const head = /^"use strict";\nexport const validate = (validate\d+);\nexport default \1;\n/.exec(code);
  if (!head) throw new Error("Ajv's standalone module no longer starts as this generator expects");
  return [
    '// Generated from ob_v3p0_achievementcredential_schema.json by `npm run credentials:validator`',
    '// (validator-source.ts): Ajv 2019-09, strict off, all errors, ajv-formats (ob-formats.ts), the',
    '// schema without annotations. Do not edit.',
    '// @ts-nocheck',
    '/* eslint-disable */',
    "import { obFormats } from './ob-formats';",
    '',
    'const validate = /* @__PURE__ */ (() => {',
    code.slice(head[0].length),
    `return ${head[1]};`,
    '})();',
    'export default validate;',
    'export { validate };',
    '',
  ].join('\n');
}
