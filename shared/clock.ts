/**
 * The time, injected into every use case and repository: tests (and retries that must repeat
 * a time) control it, and nothing reads the system clock but `systemClock`.
 */
export interface Clock {
  now(): Date;
}

/**
 * The local cloud moves every function's clock together (`npm run clock -- advance 30d`, so a
 * reminder, an expiry and a renewal happen without waiting): its Lambda runtime sets this offset
 * in each execution environment before an invocation (local/lambda-worker.mjs). Nothing sets it
 * in AWS, where it reads as 0.
 */
export const LOCAL_CLOCK_OFFSET = '__laurelLocalClockOffsetMs';
const localOffset = () => ((globalThis as Record<string, unknown>)[LOCAL_CLOCK_OFFSET] as number | undefined) ?? 0;

export const systemClock: Clock = { now: () => new Date(Date.now() + localOffset()) };
