import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { issuanceWorkflow, repositories } from '../../shared/admin-deps';
import { issuanceView } from '../../shared/api/views';
import { httpHandler } from '../../shared/http/http-handler';
import { decideApproval } from '../../shared/use-cases/issuances';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.ApproveIssuance);
const deps = { ...repositories(config.TABLE_NAME, config.AUDIT_WRITER_FUNCTION), workflow: issuanceWorkflow() };

// The role the approval step asks for is checked in the use case; 'approver' gates the route.
export const handler = httpHandler(ADMIN_ROUTES.approveIssuance, async ({ params, body, principal }) => ({
  status: 200,
  body: issuanceView(await decideApproval(deps, params.id, principal!, { approve: true, ...(body.comment ? { comment: body.comment } : {}) }), principal!),
}));
