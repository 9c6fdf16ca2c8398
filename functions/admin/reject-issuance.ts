import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { issuanceWorkflow, learnerRecords, repositories } from '../../shared/admin-deps';
import { issuanceView } from '../../shared/api/views';
import { httpHandler } from '../../shared/http/http-handler';
import { decideApproval } from '../../shared/use-cases/issuances';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.RejectIssuance);
const deps = { ...repositories(config.TABLE_NAME, config.AUDIT_WRITER_FUNCTION), ...learnerRecords(config), workflow: issuanceWorkflow() };

export const handler = httpHandler(ADMIN_ROUTES.rejectIssuance, async ({ params, body, principal }) => ({
  status: 200,
  body: issuanceView(await decideApproval(deps, params.id, principal!, { approve: false, reason: body.reason }), principal!),
}));
