import { createHash } from 'node:crypto';

/**
 * A UUID-shaped id fixed by its inputs (the SHA-256 of them, joined by newlines), so that a retry
 * names the same thing: a wallet copy by its offer and holder, a reissue by its original and change.
 * `version` and `variant` are the two hex digits UUIDs carry in those places.
 */
export function derivedUuid(parts: readonly string[], marks: { version: string; variant: string }): string {
  const hex = createHash('sha256').update(parts.join('\n')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${marks.version}${hex.slice(13, 16)}-${marks.variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
