import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { batchAdminDeps } from '../../shared/admin-deps';
import { httpHandler } from '../../shared/http/http-handler';
import { listBatches } from '../../shared/use-cases/batches';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const deps = batchAdminDeps(ADMIN_FUNCTIONS.ListBatches);

// No caching: the console's Cohorts list and Home poll it for live progress.
export const handler = httpHandler(ADMIN_ROUTES.listBatches, async ({ query }) => ({ status: 200, body: await listBatches(deps, query), headers: { 'cache-control': 'no-store' } }));
