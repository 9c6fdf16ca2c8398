import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
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

/**
 * An EventBridge stand-in (X-Amz-Target: AWSEvents.PutEvents) that keeps every event in the
 * envelope EventBridge delivers, readable at GET /events for tests and the demo.
 */
export function createEventBridgeServer(): { server: Server; events: StoredEvent[] } {
  const events: StoredEvent[] = [];
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
            events.push({
              id,
              'detail-type': e.DetailType,
              source: e.Source,
              account: LOCAL_ACCOUNT,
              time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
              region: LOCAL_REGION,
              resources: e.Resources ?? [],
              detail: JSON.parse(e.Detail ?? '{}'),
              eventBusName: e.EventBusName ?? 'default',
            });
            return { EventId: id };
          }),
        };
      },
    },
    (req, res) => {
      if (req.method === 'GET' && req.url?.startsWith('/events')) {
        sendJson(res, 200, events);
        return true;
      }
      return false;
    },
  );
  return { server, events };
}
