/**
 * A small in-memory cache for one execution environment: entries live `ttlMs` (Infinity for
 * immutable things), at most `max` of them (oldest evicted first). Concurrent misses for one key
 * share a single load; a failed load is not cached.
 */
export function memoize<T>(load: (key: string) => Promise<T>, options: { ttlMs: number; max: number; now?: () => number }) {
  const entries = new Map<string, { at: number; value: Promise<T> }>();
  const now = options.now ?? Date.now;
  return (key: string): Promise<T> => {
    const hit = entries.get(key);
    if (hit && now() - hit.at < options.ttlMs) return hit.value;
    entries.delete(key);
    const value = load(key);
    entries.set(key, { at: now(), value });
    value.catch(() => entries.delete(key));
    while (entries.size > options.max) entries.delete(entries.keys().next().value!);
    return value;
  };
}
