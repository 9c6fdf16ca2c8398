import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { dynamo } from '../../shared/aws/dynamo';
import { issuerRepository } from '../../shared/entities/issuer';
import { httpHandler } from '../../shared/http/http-handler';
import { loadIssuerSettings } from '../../shared/wiring/variables';
import { updateIssuer } from '../../shared/use-cases/issuers';
import { systemClock } from '../../shared/clock';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.UpdateIssuer);
const deps = { issuers: issuerRepository(dynamo(), config.TABLE_NAME), defaultIssuer: loadIssuerSettings(config), clock: systemClock };

export const handler = httpHandler(ADMIN_ROUTES.updateIssuer, async ({ params, body, principal }) => ({
  status: 200,
  body: await updateIssuer(deps, params.issuerId, body, principal!),
}));
