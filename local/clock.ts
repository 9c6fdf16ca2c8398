import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from './cloud';

/**
 * `npm run clock -- <command>` moves the running local cloud's clock (local/scheduler.ts):
 *   show                 the local time and its offset from the real one
 *   advance 30d          move it on (s, m, h, d, w), firing each schedule whose time it passes
 *   set -40d             put it at an offset from the real time (back, to issue in the past)
 *   reset                back to the real time
 *   fire [schedule]      fire a schedule (every one without a name) now, as a scheduler would
 *   schedules            list the schedules, when each last fired and fires next
 * Signing uses this time too: stay at or before the real time when issuing what a verifier
 * checks without a `now` of its own (a `validFrom` in the real future is rejected).
 */
const USAGE = 'usage: npm run clock -- show | advance 30d | set -40d | reset | fire [schedule] | schedules';

export function clockUrl(stateDir = '.local'): string {
  const outputs = JSON.parse(readFileSync(path.resolve(PROJECT_ROOT, stateDir, 'outputs.json'), 'utf8')) as Record<string, { ClockUrl?: string }>;
  const url = Object.values(outputs)[0]?.ClockUrl;
  if (!url) throw new Error('the outputs name no ClockUrl: restart the local cloud');
  return url;
}

/** One call to the clock's routes; the answer's JSON. */
export async function callClock(base: string, method: 'GET' | 'POST', route: string, body?: unknown): Promise<any> {
  const res = await fetch(`${base}${route}`, { method, ...(body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}) });
  const answer = await res.json();
  if (!res.ok) throw new Error((answer as { message?: string }).message ?? `HTTP ${res.status}`);
  return answer;
}

if (import.meta.url.endsWith(process.argv[1]!.split('/').pop()!)) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { state: { type: 'string', default: '.local' } } });
  const [command = 'show', arg] = positionals;
  try {
    const base = clockUrl(values.state);
    const routes: Record<string, () => Promise<unknown>> = {
      show: () => callClock(base, 'GET', '/clock'),
      advance: () => callClock(base, 'POST', '/clock', { advance: arg ?? '1d' }),
      set: () => callClock(base, 'POST', '/clock', { set: arg ?? '0d' }),
      reset: () => callClock(base, 'POST', '/clock', { reset: true }),
      fire: () => callClock(base, 'POST', '/schedules/fire', arg ? { name: arg } : {}),
      schedules: () => callClock(base, 'GET', '/schedules'),
    };
    const run = routes[command];
    if (!run) throw new Error(USAGE);
    console.log(JSON.stringify(await run(), null, 2));
  } catch (e) {
    console.error(`clock: ${(e as Error).message}${(e as NodeJS.ErrnoException).code === 'ENOENT' || /fetch failed/.test((e as Error).message) ? ' (is `npm start` running?)' : ''}`);
    process.exit(2);
  }
}
