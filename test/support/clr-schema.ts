import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
// The 1EdTech ClrCredential schema ("JSON-LD adaptation" variant, as purl.imsglobal.org serves it),
// copied verbatim from the standards kit (schemas/clr_v2p0_clrcredential_schema.json).
import clrSchema from '../../shared/credentials/schemas/clr_v2p0_clrcredential_schema.json';

/**
 * Errors of the official CLR 2.0 ClrCredential schema, as `path: message` strings. Compiled here,
 * at test time: a transcript has one fixed shape (shared/use-cases/clr-transcripts.ts) around
 * credentials that each passed the OB schema when signed, so the tests hold that shape to the CLR
 * schema, and no function pays Ajv's compile at cold start (about 300 ms for the OB schema before
 * its validator was generated ahead of time).
 */
let validate: ReturnType<Ajv2019['compile']> | undefined;
export function clrSchemaErrors(document: unknown): string[] {
  if (!validate) {
    // strict: false — the official schemas use tuple keywords Ajv's strict mode only warns about.
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    addFormats(ajv);
    validate = ajv.compile(clrSchema);
  }
  if (validate(document)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}`);
}

export { clrSchema };
