import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { httpHandler } from '../../shared/http/http-handler';
import { rotateSubscriptionSecret } from '../../shared/use-cases/webhook-subscriptions';
import { webhookAdminDeps } from '../../shared/webhook-admin-deps';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const deps = webhookAdminDeps(loadSettings(ADMIN_FUNCTIONS.RotateWebhookSecret));

export const handler = httpHandler(ADMIN_ROUTES.rotateWebhookSecret, async ({ params, principal }) => ({
  status: 200,
  body: await rotateSubscriptionSecret(deps, params.id, principal!),
  headers: { 'cache-control': 'no-store' },
}));
