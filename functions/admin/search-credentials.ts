import { z } from 'zod';
import { ADMIN_ROUTES } from '../../shared/api/routes';
import { dynamo } from '../../shared/aws/clients';
import { env, loadConfig } from '../../shared/config';
import { credentialRepository } from '../../shared/entities/credential';
import { learnerRepository } from '../../shared/entities/learner';
import { httpHandler } from '../../shared/http/http-handler';
import { searchCredentials } from '../../shared/use-cases/credentials';

const config = loadConfig(z.object({ TABLE_NAME: env.name, PUBLIC_BASE_URL: env.baseUrl }));
const db = dynamo();
const deps = { credentials: credentialRepository(db, config.TABLE_NAME), learners: learnerRepository(db, config.TABLE_NAME), publicBaseUrl: config.PUBLIC_BASE_URL };

export const handler = httpHandler(ADMIN_ROUTES.searchCredentials, async ({ body }) => ({ status: 200, body: await searchCredentials(deps, body) }));
