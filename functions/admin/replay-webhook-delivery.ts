import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { httpHandler } from '../../shared/http/http-handler';
import { replayDelivery } from '../../shared/use-cases/webhook-subscriptions';
import { webhookAdminDeps } from '../../shared/webhook-admin-deps';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const deps = webhookAdminDeps(loadSettings(ADMIN_FUNCTIONS.ReplayWebhookDelivery));

export const handler = httpHandler(ADMIN_ROUTES.replayWebhookDelivery, async ({ params, principal }) => ({ status: 202, body: await replayDelivery(deps, params.id, principal!) }));
