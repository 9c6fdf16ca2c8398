/**
 * Pacing for calls whose quota is per account (KMS Sign, SES sending): a token bucket per
 * execution environment, so N environments at rate/N each never exceed the account's rate.
 */
export function tokenBucket(ratePerSecond: number, burst = Math.max(1, Math.ceil(ratePerSecond / 10))) {
  let tokens = burst;
  let last = Date.now();
  let queue = Promise.resolve();
  const refill = () => {
    const now = Date.now();
    tokens = Math.min(burst, tokens + ((now - last) / 1000) * ratePerSecond);
    last = now;
  };
  return {
    /** Resolves when one call may go. Calls are served in order. */
    take(): Promise<void> {
      const turn = queue.then(async () => {
        refill();
        while (tokens < 1) {
          await new Promise((r) => setTimeout(r, Math.ceil(((1 - tokens) / ratePerSecond) * 1000)));
          refill();
        }
        tokens -= 1;
      });
      queue = turn;
      return turn;
    },
  };
}

/** Runs `fn` over the items, at most `limit` at once; results in the items' order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
