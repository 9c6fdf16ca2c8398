import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import schema from './schemas/ob_v3p0_achievementcredential_schema.json';

export { OB_CREDENTIAL_SCHEMA_ID } from './open-badge';

// strict: false — the official schema uses tuple keywords Ajv's strict mode only warns about.
const ajv = new Ajv2019({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);

/** Errors of the official 1EdTech OpenBadgeCredential schema, as `path: message` strings. */
export function openBadgeSchemaErrors(credential: unknown): string[] {
  if (validate(credential)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}`);
}
