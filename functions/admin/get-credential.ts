import * as z from 'zod';
import { ADMIN_ROUTES } from '../../shared/api/routes';
import { dynamo } from '../../shared/aws/dynamo';
import { env, loadConfig } from '../../shared/config';
import { credentialRepository } from '../../shared/entities/credential';
import { httpHandler } from '../../shared/http/http-handler';
import { getCredentialRecord } from '../../shared/use-cases/credentials';

const config = loadConfig(z.object({ TABLE_NAME: env.name, PUBLIC_BASE_URL: env.baseUrl }));
const deps = { credentials: credentialRepository(dynamo(), config.TABLE_NAME), publicBaseUrl: config.PUBLIC_BASE_URL };

export const handler = httpHandler(ADMIN_ROUTES.getCredential, async ({ params }) => ({ status: 200, body: await getCredentialRecord(deps, params.id) }));
