import { z } from 'zod';
import { ADMIN_ROUTES } from '../../shared/api/routes';
import { dynamo } from '../../shared/aws/clients';
import { env, loadConfig } from '../../shared/config';
import { auditRepository } from '../../shared/entities/audit';
import { credentialRepository } from '../../shared/entities/credential';
import { issuanceRepository } from '../../shared/entities/issuance';
import { httpHandler } from '../../shared/http/http-handler';
import { changeDeliveryAddress } from '../../shared/use-cases/credentials';

const config = loadConfig(z.object({ TABLE_NAME: env.name }));
const db = dynamo();
const deps = {
  credentials: credentialRepository(db, config.TABLE_NAME),
  issuances: issuanceRepository(db, config.TABLE_NAME),
  audit: auditRepository(db, config.TABLE_NAME),
};

export const handler = httpHandler(ADMIN_ROUTES.changeDeliveryAddress, async ({ params, body, principal }) => ({
  status: 200,
  body: await changeDeliveryAddress(deps, params.id, body.email, principal!),
}));
