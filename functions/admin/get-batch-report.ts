import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { batchAdminDeps, batchFiles, batchLinks } from '../../shared/admin-deps';
import { httpHandler, type HttpResult } from '../../shared/http/http-handler';
import { batchReport } from '../../shared/use-cases/batches';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const base = batchAdminDeps(ADMIN_FUNCTIONS.GetBatchReport);
const deps = { ...base, ...batchFiles(base.config), ...batchLinks(base.config) };

/** CSV inline, or (past what Lambda can answer) a 303 to the report in S3. */
export const handler = httpHandler(ADMIN_ROUTES.getBatchReport, async ({ params, principal }): Promise<HttpResult> => {
  const report = await batchReport(deps, params.id, principal!);
  if ('url' in report) return { status: 303, headers: { location: report.url } };
  return { status: 200, raw: true, body: report.csv, headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="laurel-batch-${params.id}.csv"`, 'cache-control': 'no-store' } };
});
