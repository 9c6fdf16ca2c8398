import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { issuanceWorkflow, repositories } from '../../shared/admin-deps';
import { issuanceView } from '../../shared/api/views';
import { httpHandler } from '../../shared/http/http-handler';
import { retryIssuance } from '../../shared/use-cases/issuances';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.RetryIssuance);
const deps = { ...repositories(config.TABLE_NAME, config.AUDIT_WRITER_FUNCTION), workflow: issuanceWorkflow(config.STATE_MACHINE_ARN) };

export const handler = httpHandler(ADMIN_ROUTES.retryIssuance, async ({ params, principal }) => ({
  status: 202,
  body: issuanceView(await retryIssuance(deps, params.id, principal!), principal!),
}));
