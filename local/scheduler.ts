import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from './http-util';

/**
 * The local cloud's clock and its EventBridge Scheduler stand-in. Every function runs at the
 * clock's time (shared/clock.ts: the Lambda runtime passes the offset into each invocation), and
 * the template's schedules fire when the clock passes one of their times — so a reminder 30 days
 * ahead, an expiry and a renewal happen in seconds (`npm run clock -- advance 30d`).
 *
 * Like a scheduler that was down for the span, it fires a schedule once however many of its
 * times the clock jumped over (Laurel's sweep catches up on every due item). `fire` fires one at
 * will, twice if asked: what "the scheduler fires twice" looks like.
 *
 * Routes (on the EventBridge stand-in's port; `npm run clock` and the tests call them):
 *   GET  /clock                         → { now, offsetMs }
 *   POST /clock  { advance: "30d" } | { set: "-40d" } | { reset: true }  → clock, and what fired
 *   GET  /schedules                     → the schedules and when each last fired
 *   POST /schedules/fire { name? }      → fires one (or every) schedule now, awaiting each target
 */

export interface LocalSchedule {
  /** The schedule's logical id in the template. */
  name: string;
  expression: string;
  /** The function logical id its target invokes, and the input it sends. */
  functionId: string;
  input: unknown;
  enabled: boolean;
}

export class LocalClock {
  private offset = 0;
  get offsetMs() {
    return this.offset;
  }
  now(): Date {
    return new Date(Date.now() + this.offset);
  }
  setOffset(ms: number) {
    this.offset = ms;
  }
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** "30d", "-40d", "12h", "1w": a span in milliseconds. */
export function parseSpan(span: string): number {
  const m = /^(-?\d{1,6})([smhdw])$/.exec(span.trim());
  if (!m) throw new Error(`'${span}' is not a span like 30d, -40d, 12h, 90m or 1w`);
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}

/**
 * The first time after `after` at which `expression` fires: `rate(n unit)` counted from the epoch,
 * or a daily `cron(M H * * ? *)` (evaluated in UTC; the stand-in knows no other form).
 */
export function nextFiring(expression: string, after: number): number {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (rate) {
    const period = Number(rate[1]) * { minute: 60_000, hour: 3_600_000, day: 86_400_000 }[rate[2]!.replace(/s$/, '') as 'minute']!;
    return (Math.floor(after / period) + 1) * period;
  }
  const cron = /^cron\((\d{1,2}) (\d{1,2}) \* \* \? \*\)$/.exec(expression);
  if (cron) {
    const day = new Date(after);
    const today = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), Number(cron[2]), Number(cron[1]));
    return today > after ? today : today + 86_400_000;
  }
  throw new Error(`the local scheduler does not understand '${expression}' (rate(n unit) or a daily cron(M H * * ? *))`);
}

export function schedulerRoutes(clock: LocalClock, options: { schedules: () => LocalSchedule[]; invoke: (functionId: string, input: unknown) => Promise<unknown> }) {
  const lastFired = new Map<string, string>();
  const fire = async (s: LocalSchedule) => {
    lastFired.set(s.name, clock.now().toISOString());
    try {
      return { schedule: s.name, result: await options.invoke(s.functionId, s.input) };
    } catch (e) {
      return { schedule: s.name, error: (e as Error).message };
    }
  };
  /** Moves the clock, then fires (in turn) each schedule with a time in the span it crossed. */
  const move = async (to: number) => {
    const from = clock.now().getTime();
    clock.setOffset(to);
    const until = clock.now().getTime();
    const due = until > from ? options.schedules().filter((s) => s.enabled && nextFiring(s.expression, from) <= until) : [];
    const fired = [];
    for (const s of due) fired.push(await fire(s));
    return fired;
  };
  const state = () => ({ now: clock.now().toISOString(), offsetMs: clock.offsetMs });

  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://local');
    try {
      if (url.pathname === '/clock' && req.method === 'GET') return (sendJson(res, 200, state()), true);
      if (url.pathname === '/clock' && req.method === 'POST') {
        const body = JSON.parse((await readBody(req)).toString() || '{}') as { advance?: string; set?: string; reset?: boolean };
        const to = body.reset ? 0 : body.set !== undefined ? parseSpan(body.set) : body.advance !== undefined ? clock.offsetMs + parseSpan(body.advance) : undefined;
        if (to === undefined) return (sendJson(res, 400, { message: 'send { advance: "30d" }, { set: "-40d" } or { reset: true }' }), true);
        const fired = await move(to);
        return (sendJson(res, 200, { ...state(), fired }), true);
      }
      if (url.pathname === '/schedules' && req.method === 'GET') {
        return (sendJson(res, 200, options.schedules().map((s) => ({ ...s, lastFired: lastFired.get(s.name) ?? null, next: new Date(nextFiring(s.expression, clock.now().getTime())).toISOString() }))), true);
      }
      if (url.pathname === '/schedules/fire' && req.method === 'POST') {
        const body = JSON.parse((await readBody(req)).toString() || '{}') as { name?: string };
        const chosen = options.schedules().filter((s) => body.name === undefined || s.name === body.name || s.name.startsWith(body.name));
        if (!chosen.length) return (sendJson(res, 404, { message: `no schedule named '${body.name}'` }), true);
        const fired = [];
        for (const s of chosen) fired.push(await fire(s));
        return (sendJson(res, 200, { ...state(), fired }), true);
      }
    } catch (e) {
      return (sendJson(res, 400, { message: (e as Error).message }), true);
    }
    return false;
  };
}
