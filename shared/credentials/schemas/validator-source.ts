import Ajv2019 from 'ajv/dist/2019';
import standaloneCode from 'ajv/dist/standalone';
import addFormats from 'ajv-formats';
import schema from './ob_v3p0_achievementcredential_schema.json';

export const GENERATED_VALIDATOR = 'shared/credentials/schemas/ob-credential-validator.generated.js';

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
  const code = standaloneCode(ajv, ajv.compile(schema)).replaceAll(formats, 'fullFormats');
  if (code.includes('require(')) throw new Error('the standalone validator requires a module this generator does not import');
  // Ajv's module starts by exporting its root function; the rest declares the functions and the
  // schema fragments they report, then sets properties on them. All of it goes in one function
  // marked pure, so a bundle that imports this module but never validates drops it.
  const head = /^"use strict";\nexport const validate = (validate\d+);\nexport default \1;\n/.exec(code);
  if (!head) throw new Error("Ajv's standalone module no longer starts as this generator expects");
  return [
    '// Generated from ob_v3p0_achievementcredential_schema.json by `npm run credentials:validator`',
    '// (validator-source.ts): Ajv 2019-09, strict off, all errors, ajv-formats. Do not edit.',
    '// @ts-nocheck',
    '/* eslint-disable */',
    "import { fullFormats } from 'ajv-formats/dist/formats.js';",
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
