import { repositories } from '../../shared/admin-deps';
import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { httpHandler } from '../../shared/http/http-handler';
import { changeDeliveryAddress } from '../../shared/use-cases/credentials';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.ChangeDeliveryAddress);
const deps = repositories(config.TABLE_NAME, config.AUDIT_WRITER_FUNCTION);

export const handler = httpHandler(ADMIN_ROUTES.changeDeliveryAddress, async ({ params, body, principal }) => ({
  status: 200,
  body: await changeDeliveryAddress(deps, params.id, body.email, principal!),
}));
