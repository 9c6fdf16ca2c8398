import type { DeliveryPage, WebhookDelivery, WebhookDeliveryStore } from '../../shared/entities/webhook-delivery';
import type { WebhookSubscription, WebhookSubscriptionStore } from '../../shared/entities/webhook-subscription';
import type { DeliveryMessage, WebhookQueue } from '../../shared/use-cases/webhook-deliveries';

/**
 * The webhook stores and queue in memory, with the DynamoDB repositories' conditions (an id taken,
 * a revision moved) as predicates: the use cases meet the same refusals here as in the table.
 */
export function memorySubscriptions(): WebhookSubscriptionStore & { items: Map<string, WebhookSubscription> } {
  const items = new Map<string, WebhookSubscription>();
  return {
    items,
    async create(s) {
      if (items.has(s.id)) return false;
      items.set(s.id, structuredClone(s));
      return true;
    },
    get: async (id) => structuredClone(items.get(id)),
    all: async () => [...items.values()].map((s) => structuredClone(s)),
    async replace(next, expectedRevision) {
      if (items.get(next.id)?.revision !== expectedRevision) return false;
      items.set(next.id, structuredClone(next));
      return true;
    },
  };
}

export function memoryDeliveries(): WebhookDeliveryStore & { items: Map<string, WebhookDelivery> } {
  const items = new Map<string, WebhookDelivery>();
  return {
    items,
    async create(d) {
      if (items.has(d.id)) return false;
      items.set(d.id, structuredClone(d));
      return true;
    },
    get: async (id) => structuredClone(items.get(id)),
    async replace(next) {
      if (items.get(next.id)?.revision !== next.revision - 1) return false;
      items.set(next.id, structuredClone(next));
      return true;
    },
    async list(subscriptionId, q): Promise<DeliveryPage> {
      const all = [...items.values()]
        .filter((d) => d.subscriptionId === subscriptionId && (!q.status || d.status === q.status))
        .sort((a, b) => `${b.createdAt}#${b.id}`.localeCompare(`${a.createdAt}#${a.id}`));
      const start = q.after ? all.findIndex((d) => `${d.createdAt}#${d.id}` === q.after!.sk) + 1 : 0;
      const page = all.slice(start, start + q.limit);
      const last = page.at(-1);
      return { items: page.map((d) => structuredClone(d)), ...(last && start + q.limit < all.length ? { next: { ...(q.status ? { GSI1PK: `WEBHOOKDELIVERIES#${subscriptionId}#${q.status}` } : { GSI2PK: `WEBHOOKDELIVERIES#${subscriptionId}` }), sk: `${last.createdAt}#${last.id}` } } : {}) };
    },
  };
}

/** The delivery queue: what was sent, with its delay, in order; `take` empties it. */
export function memoryQueue(): WebhookQueue & { sent: { message: DeliveryMessage; delaySeconds: number }[]; take(): { message: DeliveryMessage; delaySeconds: number }[] } {
  const sent: { message: DeliveryMessage; delaySeconds: number }[] = [];
  return {
    sent,
    async send(messages, delaySeconds) {
      for (const message of messages) sent.push({ message: structuredClone(message), delaySeconds });
    },
    take: () => sent.splice(0, sent.length),
  };
}
