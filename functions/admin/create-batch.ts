import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { batchAdminDeps, batchLinks } from '../../shared/admin-deps';
import { httpHandler } from '../../shared/http/http-handler';
import { batchView, createBatch } from '../../shared/use-cases/batches';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const base = batchAdminDeps(ADMIN_FUNCTIONS.CreateBatch);
const deps = { ...base, ...batchLinks(base.config) };

/** POST /batches: the batch and a presigned PUT; the same file again answers 200 with the batch it made. */
export const handler = httpHandler(ADMIN_ROUTES.createBatch, async ({ body, principal }) => {
  const { batch, resubmitted, upload } = await createBatch(deps, body, principal!);
  return { status: resubmitted ? 200 : 201, body: { batch: batchView(batch, deps.clock.now()), resubmitted, ...(upload ? { upload } : {}) }, headers: { location: `/batches/${batch.id}` } };
});
