import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { httpHandler } from '../../shared/http/http-handler';
import { listDeliveries } from '../../shared/use-cases/webhook-subscriptions';
import { webhookAdminDeps } from '../../shared/webhook-admin-deps';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const deps = webhookAdminDeps(loadSettings(ADMIN_FUNCTIONS.ListWebhookDeliveries));

export const handler = httpHandler(ADMIN_ROUTES.listWebhookDeliveries, async ({ params, query }) => ({ status: 200, body: await listDeliveries(deps, params.id, query) }));
