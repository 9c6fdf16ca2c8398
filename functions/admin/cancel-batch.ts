import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { batchAdminDeps, batchWorkflow } from '../../shared/admin-deps';
import { httpHandler } from '../../shared/http/http-handler';
import { batchView, cancelBatch } from '../../shared/use-cases/batches';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const base = batchAdminDeps(ADMIN_FUNCTIONS.CancelBatch);
const deps = { ...base, ...batchWorkflow(base.config) };

export const handler = httpHandler(ADMIN_ROUTES.cancelBatch, async ({ params, body, principal }) => ({ status: 200, body: batchView(await cancelBatch(deps, params.id, principal!, body.reason), deps.clock.now()) }));
