import { ADMIN_ROUTES } from '../../shared/api/routes';
import { batchAdminDeps } from '../../shared/admin-deps';
import { httpHandler } from '../../shared/http/http-handler';
import { batchView, cancelBatch } from '../../shared/use-cases/batches';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const deps = batchAdminDeps(ADMIN_FUNCTIONS.CancelBatch);

export const handler = httpHandler(ADMIN_ROUTES.cancelBatch, async ({ params, body, principal }) => ({ status: 200, body: batchView(await cancelBatch(deps, params.id, principal!, body.reason), deps.clock.now()) }));
