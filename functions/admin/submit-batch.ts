import { ADMIN_ROUTES } from '../../shared/api/routes';
import { batchAdminDeps } from '../../shared/admin-deps';
import { httpHandler } from '../../shared/http/http-handler';
import { batchView, submitBatch } from '../../shared/use-cases/batches';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const deps = batchAdminDeps(ADMIN_FUNCTIONS.SubmitBatch);

export const handler = httpHandler(ADMIN_ROUTES.submitBatch, async ({ params, principal }) => ({ status: 202, body: batchView(await submitBatch(deps, params.id, principal!), deps.clock.now()) }));
