import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { batchAdminDeps, batchFiles, batchWorkflow } from '../../shared/admin-deps';
import { httpHandler } from '../../shared/http/http-handler';
import { batchView, retryBatchFailures } from '../../shared/use-cases/batches';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const base = batchAdminDeps(ADMIN_FUNCTIONS.RetryBatch);
const deps = { ...base, ...batchFiles(base.config), ...batchWorkflow(base.config) };

export const handler = httpHandler(ADMIN_ROUTES.retryBatch, async ({ params, principal }) => ({ status: 202, body: batchView(await retryBatchFailures(deps, params.id, principal!), deps.clock.now()) }));
