import { ValidationError } from '../errors';

/**
 * Opaque page cursors: base64url-encoded JSON — DynamoDB's LastEvaluatedKey, or a position
 * that holds one. A cursor is checked against the partition it must continue, so a crafted one
 * is a 400, never a query elsewhere.
 */
export const encodeCursor = (value: object | undefined) => (value ? Buffer.from(JSON.stringify(value), 'utf8').toString('base64url') : undefined);

export const invalidCursor = () =>
  new ValidationError('The cursor is not one this list handed out (with these filters).', [{ path: 'query.cursor', message: 'invalid cursor' }]);

/** The cursor's JSON; a 400 if it is not base64url JSON at all. */
export function parseCursor(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
}

/** Is `key` a DynamoDB key (string attributes only) with the `expected` attribute values? */
export const isKeyFor = (key: unknown, expected: Record<string, string>): key is Record<string, string> =>
  typeof key === 'object' &&
  key !== null &&
  Object.values(key).every((v) => typeof v === 'string') &&
  Object.entries(expected).every(([k, v]) => (key as Record<string, unknown>)[k] === v);

export function decodeCursor(cursor: string | undefined, expected: Record<string, string>): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  const key = parseCursor(cursor);
  if (!isKeyFor(key, expected)) throw invalidCursor();
  return key;
}
