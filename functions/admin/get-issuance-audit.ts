import { ADMIN_ROUTES } from '../../shared/api/routes';
import { z } from 'zod';
import { dynamo } from '../../shared/aws/clients';
import { env, loadConfig } from '../../shared/config';
import { auditRepository } from '../../shared/entities/audit';
import { httpHandler } from '../../shared/http/http-handler';
import { auditTrail } from '../../shared/use-cases/audit';

const config = loadConfig(z.object({ TABLE_NAME: env.name }));
const deps = { audit: auditRepository(dynamo(), config.TABLE_NAME) };

/** Who did what to this issuance, when and why, with the hash chain checked. */
export const handler = httpHandler(ADMIN_ROUTES.getIssuanceAudit, async ({ params }) => ({
  status: 200,
  body: await auditTrail(deps, { type: 'issuance', id: params.id }),
}));
