import type { ErrorObject } from 'ajv';

/** The official OpenBadgeCredential schema's validator, compiled ahead of time (validator-source.ts). */
declare const validate: ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
export default validate;
export { validate };
