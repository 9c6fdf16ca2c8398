import validate from './schemas/ob-credential-validator.generated.js';

export { OB_CREDENTIAL_SCHEMA_ID } from './open-badge';

/**
 * Errors of the official 1EdTech OpenBadgeCredential schema, as `path: message` strings. The
 * validator is Ajv's, compiled ahead of time (schemas/validator-source.ts) instead of at cold
 * start.
 */
export function openBadgeSchemaErrors(credential: unknown): string[] {
  if (validate(credential)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}`);
}
