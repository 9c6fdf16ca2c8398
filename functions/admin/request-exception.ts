import { issuanceWorkflow, learnerRecords, repositories } from '../../shared/admin-deps';
import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { issuanceView } from '../../shared/api/views';
import { httpHandler } from '../../shared/http/http-handler';
import { requestException } from '../../shared/use-cases/issuances';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.RequestException);
const deps = { ...repositories(config.TABLE_NAME, config.AUDIT_WRITER_FUNCTION), ...learnerRecords(config), workflow: issuanceWorkflow(config.STATE_MACHINE_ARN) };

export const handler = httpHandler(ADMIN_ROUTES.requestException, async ({ params, body, principal }) => ({
  status: 202,
  body: issuanceView(await requestException(deps, params.id, principal!, body.justification), principal!),
  headers: { location: `/issuances/${params.id}` },
}));
