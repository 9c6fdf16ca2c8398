import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { EVENT_SOURCE } from '../../events/schemas';
import { TransientError } from '../errors';
import type { EventBus } from '../ports';

/** The EventBus port on one EventBridge bus: PutEvents ten at a time, a refused entry a retryable error. */
export function eventBridgeBus(events: Pick<EventBridgeClient, 'send'>, busName: string): EventBus {
  return {
    async publish(list) {
      for (let i = 0; i < list.length; i += 10) {
        const entries = list.slice(i, i + 10).map((e) => ({
          EventBusName: busName,
          Source: EVENT_SOURCE,
          DetailType: e.detailType,
          Detail: JSON.stringify(e.detail),
          ...(e.resources ? { Resources: e.resources } : {}),
        }));
        const out = await events.send(new PutEventsCommand({ Entries: entries }));
        if (out.FailedEntryCount) throw new TransientError(`EventBridge refused ${out.FailedEntryCount} events: ${out.Entries?.find((x) => x.ErrorMessage)?.ErrorMessage ?? 'unknown'}`);
      }
    },
  };
}
