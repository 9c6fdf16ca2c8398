import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { batchAdminDeps, batchWorkflow } from '../../shared/admin-deps';
import { httpHandler } from '../../shared/http/http-handler';
import { batchView, decideBatch } from '../../shared/use-cases/batches';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const base = batchAdminDeps(ADMIN_FUNCTIONS.DecideBatch);
const deps = { ...base, ...batchWorkflow(base.config) };

/** POST /batches/{id}/approve and /reject: one function, one approval per batch. */
export const approve = httpHandler(ADMIN_ROUTES.approveBatch, async ({ params, body, principal }) => ({
  status: 200,
  body: batchView(await decideBatch(deps, params.id, principal!, { approve: true, comment: body.comment }), deps.clock.now()),
}));
export const reject = httpHandler(ADMIN_ROUTES.rejectBatch, async ({ params, body, principal }) => ({
  status: 200,
  body: batchView(await decideBatch(deps, params.id, principal!, { approve: false, comment: body.reason }), deps.clock.now()),
}));
/** API Gateway calls one handler: dispatch on the route. */
export const handler = (event: { routeKey?: string; rawPath?: string }, context: never) =>
  (event.rawPath ?? '').endsWith('/reject') ? reject(event as never, context) : approve(event as never, context);
