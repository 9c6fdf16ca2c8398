import { ValidationError } from '../errors';

/**
 * Opaque page cursors: DynamoDB's LastEvaluatedKey, base64url-encoded. A cursor is checked
 * against the partition it must continue, so a crafted one is a 400, never a query elsewhere.
 */
export const encodeCursor = (key: Record<string, unknown> | undefined) =>
  key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : undefined;

export function decodeCursor(cursor: string | undefined, expected: Record<string, string>): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const valid =
    typeof key === 'object' &&
    key !== null &&
    Object.values(key).every((v) => typeof v === 'string') &&
    Object.entries(expected).every(([k, v]) => (key as Record<string, unknown>)[k] === v);
  if (!valid) throw new ValidationError('The cursor is not one this list handed out.', [{ path: 'query.cursor', message: 'invalid cursor' }]);
  return key as Record<string, unknown>;
}
