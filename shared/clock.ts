/**
 * The time, injected into every use case and repository: tests (and retries that must repeat
 * a time) control it, and nothing reads the system clock but `systemClock`.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
