import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { dynamo } from '../../shared/aws/dynamo';
import { credentialRepository } from '../../shared/entities/credential';
import { httpHandler } from '../../shared/http/http-handler';
import { getCredentialRecord } from '../../shared/use-cases/credentials';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.GetCredentialRecord);
const deps = { credentials: credentialRepository(dynamo(), config.TABLE_NAME), publicBaseUrl: config.PUBLIC_BASE_URL };

export const handler = httpHandler(ADMIN_ROUTES.getCredential, async ({ params }) => ({ status: 200, body: await getCredentialRecord(deps, params.id) }));
