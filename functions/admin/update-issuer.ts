import { ADMIN_ROUTES } from '../../shared/api/routes';
import { dynamo } from '../../shared/aws/dynamo';
import { env, loadConfig } from '../../shared/config';
import { issuerRepository } from '../../shared/entities/issuer';
import { httpHandler } from '../../shared/http/http-handler';
import { issuerEnv, loadIssuerSettings } from '../../shared/settings';
import { updateIssuer } from '../../shared/use-cases/issuers';
import { systemClock } from '../../shared/clock';

const config = loadConfig(issuerEnv.extend({ TABLE_NAME: env.name }));
const deps = { issuers: issuerRepository(dynamo(), config.TABLE_NAME), defaultIssuer: loadIssuerSettings(config), clock: systemClock };

export const handler = httpHandler(ADMIN_ROUTES.updateIssuer, async ({ params, body, principal }) => ({
  status: 200,
  body: await updateIssuer(deps, params.issuerId, body, principal!),
}));
