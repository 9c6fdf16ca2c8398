import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { httpHandler } from '../../shared/http/http-handler';
import { listSubscriptions } from '../../shared/use-cases/webhook-subscriptions';
import { webhookAdminDeps } from '../../shared/webhook-admin-deps';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const deps = webhookAdminDeps(loadSettings(ADMIN_FUNCTIONS.ListWebhookSubscriptions));

export const handler = httpHandler(ADMIN_ROUTES.listWebhookSubscriptions, async () => ({ status: 200, body: await listSubscriptions(deps) }));
