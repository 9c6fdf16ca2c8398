import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { httpHandler } from '../../shared/http/http-handler';
import { createSubscription } from '../../shared/use-cases/webhook-subscriptions';
import { webhookAdminDeps } from '../../shared/webhook-admin-deps';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const deps = webhookAdminDeps(loadSettings(ADMIN_FUNCTIONS.CreateWebhookSubscription));

export const handler = httpHandler(ADMIN_ROUTES.createWebhookSubscription, async ({ body, principal }) => {
  const created = await createSubscription(deps, body, principal!);
  // The secret is in this answer alone: nothing between here and the admin may keep it.
  return { status: 201, body: created, headers: { location: `/webhooks/subscriptions/${created.subscription.id}`, 'cache-control': 'no-store' } };
});
