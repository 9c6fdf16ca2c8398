import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { repositories } from '../../shared/admin-deps';
import { issuanceView } from '../../shared/api/views';
import { httpHandler } from '../../shared/http/http-handler';
import { getIssuance } from '../../shared/use-cases/issuances';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.GetIssuance);
const deps = repositories(config.TABLE_NAME);

export const handler = httpHandler(ADMIN_ROUTES.getIssuance, async ({ params, principal }) => ({
  status: 200,
  body: issuanceView(await getIssuance(deps, params.id), principal!),
}));
