import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { dynamo } from '../../shared/aws/dynamo';
import { issuerRepository } from '../../shared/entities/issuer';
import { httpHandler } from '../../shared/http/http-handler';
import { loadIssuerSettings } from '../../shared/wiring/variables';
import { listIssuers } from '../../shared/use-cases/issuers';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.ListIssuers);
const deps = { issuers: issuerRepository(dynamo(), config.TABLE_NAME), defaultIssuer: loadIssuerSettings(config) };

export const handler = httpHandler(ADMIN_ROUTES.listIssuers, async ({ query }) => ({ status: 200, body: await listIssuers(deps, query) }));
