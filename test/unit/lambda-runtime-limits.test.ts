import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { LambdaRuntime, type LocalFunction } from '../../local/lambda-runtime';

const fn = (logicalId: string, initMs = 0): LocalFunction => ({
  logicalId,
  entry: 'test/fixtures/functions/slow-start-handler.mjs',
  environment: { INIT_MS: String(initMs) },
  timeoutSeconds: 10,
  memorySize: 128,
});
const runtimes: LambdaRuntime[] = [];
function runtime(functions: LocalFunction[], limits: { starts: number; live: number }) {
  const r = new LambdaRuntime(new Map(functions.map((f) => [f.logicalId, f])), process.cwd(), new PassThrough(), 10, limits.starts, limits.live);
  runtimes.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((r) => r.stop()));
});

type Init = { initStarted: number; initEnded: number };

describe('the local Lambda runtime under a burst of cold starts', () => {
  it('initialises at most maxConcurrentStarts environments at once; the rest queue and still answer', async () => {
    const names = ['A', 'B', 'C', 'D'];
    const r = runtime(names.map((n) => fn(n, 300)), { starts: 2, live: 64 });
    const inits = (await Promise.all(names.map((n) => r.invoke(n, {})))) as Init[];
    // At every init's start, fewer than two others were mid-init.
    for (const a of inits) {
      const overlapping = inits.filter((b) => b !== a && b.initStarted <= a.initStarted && b.initEnded > a.initStarted);
      expect(overlapping.length).toBeLessThan(2);
    }
    expect([...r.coldStarts.values()]).toEqual([1, 1, 1, 1]);
  });

  it('reclaims the least recently used idle environment beyond maxLiveEnvironments, and starts it again when called', async () => {
    const r = runtime([fn('A'), fn('B'), fn('C')], { starts: 2, live: 2 });
    await r.invoke('A', {});
    await r.invoke('B', {});
    await r.invoke('C', {}); // A, the least recently used, goes
    await r.invoke('B', {}); // still warm
    expect(Object.fromEntries(r.coldStarts)).toEqual({ A: 1, B: 1, C: 1 });
    await r.invoke('A', {});
    expect(Object.fromEntries(r.coldStarts)).toEqual({ A: 2, B: 1, C: 1 });
  });

  it('never reclaims a busy environment: concurrent calls beyond the live limit all answer', async () => {
    const r = runtime([fn('A', 100)], { starts: 2, live: 1 });
    const results = await Promise.all([1, 2, 3].map(() => r.invoke('A', {})));
    expect(results).toHaveLength(3);
  });
});
