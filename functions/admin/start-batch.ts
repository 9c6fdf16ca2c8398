import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { batchAdminDeps, batchWorkflow } from '../../shared/admin-deps';
import { httpHandler } from '../../shared/http/http-handler';
import { batchView, startBatch } from '../../shared/use-cases/batches';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const base = batchAdminDeps(ADMIN_FUNCTIONS.StartBatch);
const deps = { ...base, ...batchWorkflow(base.config) };

export const handler = httpHandler(ADMIN_ROUTES.startBatch, async ({ params, principal }) => ({ status: 202, body: batchView(await startBatch(deps, params.id, principal!), deps.clock.now()) }));
