import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { batchAdminDeps } from '../../shared/admin-deps';
import { httpHandler } from '../../shared/http/http-handler';
import { batchView, getBatch } from '../../shared/use-cases/batches';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const deps = batchAdminDeps(ADMIN_FUNCTIONS.GetBatch);

// No caching: a progress bar polls this.
export const handler = httpHandler(ADMIN_ROUTES.getBatch, async ({ params }) => ({ status: 200, body: batchView(await getBatch(deps, params.id), deps.clock.now()), headers: { 'cache-control': 'no-store' } }));
