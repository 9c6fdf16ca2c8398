import { issuanceWorkflow, learnerRecords, repositories } from '../../shared/admin-deps';
import { eventBridgeBus } from '../../shared/adapters/eventbridge-bus';
import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { issuanceView } from '../../shared/api/views';
import { eventBridge } from '../../shared/aws/event-bridge';
import { httpHandler } from '../../shared/http/http-handler';
import { cancelIssuance } from '../../shared/use-cases/issuances';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.CancelIssuance);
const deps = { ...repositories(config.TABLE_NAME, config.AUDIT_WRITER_FUNCTION), ...learnerRecords(config), workflow: issuanceWorkflow(), eventBus: eventBridgeBus(eventBridge(), config.EVENT_BUS_NAME) };

export const handler = httpHandler(ADMIN_ROUTES.cancelIssuance, async ({ params, body, principal }) => ({
  status: 200,
  body: issuanceView(await cancelIssuance(deps, params.id, principal!, body.reason), principal!),
}));
