import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { AwsError, awsJsonServer, sendJson } from './http-util';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './template';

export interface StoredEvent {
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
  eventBusName: string;
}

export interface LocalRule {
  eventBusName: string;
  pattern: Record<string, unknown>;
  /** Function logical ids to invoke with the matching event. */
  targets: string[];
  /** A target's dead-letter queue (its ARN), by function id: where an event goes once every retry failed. */
  deadLetterQueues?: Record<string, string>;
}

/** One value of a pattern's array: an exact value, or `{"anything-but": v | [v…]}` (which a missing field does not match). */
function matchesValue(expected: unknown, actual: unknown): boolean {
  if (expected && typeof expected === 'object' && 'anything-but' in expected) return actual !== undefined && ![(expected as Record<string, unknown>)['anything-but']].flat().includes(actual);
  return expected === actual;
}

/**
 * The subset of EventBridge patterns Laurel's rules use: arrays of exact values or anything-but,
 * nested objects. An event field that is an array matches when any of its values is listed.
 */
export function matchesPattern(pattern: Record<string, unknown>, event: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    const actual = event[key];
    if (Array.isArray(expected)) return [actual].flat().some((v) => expected.some((e) => matchesValue(e, v)));
    if (expected && typeof expected === 'object') return actual !== null && typeof actual === 'object' && matchesPattern(expected as Record<string, unknown>, actual as Record<string, unknown>);
    return false;
  });
}

/**
 * An EventBridge stand-in (X-Amz-Target: AWSEvents.PutEvents) that keeps every event in the
 * envelope EventBridge delivers, readable at GET /events for tests and the demo, and delivers
 * it to the template's rules' Lambda targets, retrying a failed delivery with backoff.
 */
export function createEventBridgeServer(
  options: {
    rules?: () => LocalRule[];
    invoke?: (functionId: string, event: unknown) => Promise<unknown>;
    /** Every retry failed: `deadLetterQueue` is the target's (its ARN), when it has one. */
    onDeliveryFailure?: (e: Error, failed: { functionId: string; event: unknown; deadLetterQueue?: string | undefined }) => void;
    /** More routes on this port: the clock and the Scheduler stand-in (local/scheduler.ts). */
    extra?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
  } = {},
): { server: Server; events: StoredEvent[] } {
  const events: StoredEvent[] = [];
  const deliver = async (functionId: string, event: unknown, deadLetterQueue?: string) => {
    for (let attempt = 0; attempt < 8; attempt++) {
      try {
        await options.invoke!(functionId, event);
        return;
      } catch (e) {
        if (attempt === 7) options.onDeliveryFailure?.(e as Error, { functionId, event, deadLetterQueue });
        await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      }
    }
  };
  const server = awsJsonServer(
    'AWSEvents',
    'application/x-amz-json-1.1',
    {
      PutEvents: (input: { Entries?: Record<string, any>[] }) => {
        const entries = input.Entries ?? [];
        if (entries.length === 0 || entries.length > 10) throw new AwsError('ValidationException', 'Entries must hold 1 to 10 events');
        return {
          FailedEntryCount: 0,
          Entries: entries.map((e) => {
            const id = randomUUID();
            const stored: StoredEvent = {
              id,
              'detail-type': e.DetailType,
              source: e.Source,
              account: LOCAL_ACCOUNT,
              time: e.Time ? new Date(typeof e.Time === 'number' ? e.Time * 1000 : e.Time).toISOString().replace(/\.\d{3}Z$/, 'Z') : new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
              region: LOCAL_REGION,
              resources: e.Resources ?? [],
              detail: JSON.parse(e.Detail ?? '{}'),
              eventBusName: e.EventBusName ?? 'default',
            };
            events.push(stored);
            const { eventBusName: _bus, ...envelope } = stored;
            for (const rule of options.rules?.() ?? []) {
              if (rule.eventBusName !== stored.eventBusName || !matchesPattern(rule.pattern, envelope as Record<string, unknown>)) continue;
              for (const target of rule.targets) void deliver(target, { version: "0", ...envelope }, rule.deadLetterQueues?.[target]);
            }
            return { EventId: id };
          }),
        };
      },
    },
    async (req, res) => {
      if (req.method === 'GET' && req.url?.startsWith('/events')) {
        sendJson(res, 200, events);
        return true;
      }
      return (await options.extra?.(req, res)) ?? false;
    },
  );
  return { server, events };
}
