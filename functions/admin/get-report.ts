import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { dynamo } from '../../shared/aws/dynamo';
import { issuanceRepository } from '../../shared/entities/issuance';
import { httpHandler, type HttpResult } from '../../shared/http/http-handler';
import { buildReport, toCsv } from '../../shared/use-cases/reports';
import { systemClock } from '../../shared/clock';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.GetReport);
const deps = { issuances: issuanceRepository(dynamo(), config.TABLE_NAME), clock: systemClock };

/** CSV when asked for by `?format=csv` or an Accept header that prefers text/csv to JSON. */
const wantsCsv = (format: string | undefined, accept: string | undefined) =>
  format ? format === 'csv' : /^\s*text\/csv/i.test(accept ?? '') || (/text\/csv/i.test(accept ?? '') && !/json/i.test(accept ?? ''));

export const handler = httpHandler(ADMIN_ROUTES.getReport, async ({ params, query, headers }): Promise<HttpResult> => {
  const report = await buildReport(deps, params.report, query);
  if (!wantsCsv(query.format, headers.accept)) return { status: 200, body: report, headers: { vary: 'Accept' } };
  const name = `laurel-${report.report}-${report.from.slice(0, 10)}-${report.to.slice(0, 10)}.csv`;
  return {
    status: 200,
    raw: true,
    body: toCsv(report.rows, report.columns),
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, vary: 'Accept' },
  };
});
