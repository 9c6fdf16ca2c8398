/**
 * A small in-memory cache for one execution environment: entries live `ttlMs` (Infinity for
 * immutable things), at most `max` of them (oldest evicted first). Concurrent misses for one key
 * share a single load. A failed load is forgotten at once, or kept `failureTtlMs` when given
 * (so a dependency that hangs costs one timeout per period, not one per request).
 */
export function memoize<T>(load: (key: string) => Promise<T>, options: { ttlMs: number; max: number; failureTtlMs?: number; now?: () => number }) {
  const entries = new Map<string, { at: number; ttl: number; value: Promise<T> }>();
  const now = options.now ?? Date.now;
  return (key: string): Promise<T> => {
    const hit = entries.get(key);
    if (hit && now() - hit.at < hit.ttl) return hit.value;
    entries.delete(key);
    const value = load(key);
    const entry = { at: now(), ttl: options.ttlMs, value };
    entries.set(key, entry);
    value.catch(() => {
      if (options.failureTtlMs && entries.get(key) === entry) {
        entry.at = now();
        entry.ttl = options.failureTtlMs;
      } else if (entries.get(key) === entry) entries.delete(key);
    });
    while (entries.size > options.max) entries.delete(entries.keys().next().value!);
    return value;
  };
}
