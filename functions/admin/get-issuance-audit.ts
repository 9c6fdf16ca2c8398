import { z } from 'zod';
import { dynamo } from '../../shared/aws/clients';
import { idPath } from '../../shared/api/schemas';
import { env, loadConfig } from '../../shared/config';
import { auditRepository } from '../../shared/entities/audit';
import { httpHandler } from '../../shared/http/http-handler';
import { auditTrail } from '../../shared/use-cases/audit';

const config = loadConfig(z.object({ TABLE_NAME: env.name }));
const deps = { audit: auditRepository(dynamo(), config.TABLE_NAME) };

/** Who did what to this issuance, when and why, with the hash chain checked. */
export const handler = httpHandler({ path: idPath, roles: ['auditor', 'registrar', 'issuer'] }, async ({ path }) => ({
  status: 200,
  body: await auditTrail(deps, { type: 'issuance', id: path.id }),
}));
