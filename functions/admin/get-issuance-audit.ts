import { ADMIN_ROUTES } from '../../shared/api/routes';
import * as z from 'zod';
import { repositories } from '../../shared/admin-deps';
import { env, loadConfig } from '../../shared/config';
import { httpHandler } from '../../shared/http/http-handler';
import { auditTrail } from '../../shared/use-cases/audit';

const config = loadConfig(z.object({ TABLE_NAME: env.name }));
// The audit items, and the issuance (or credential) naming the chunk a cohort row's trail starts in.
const deps = repositories(config.TABLE_NAME);

/** Who did what to this issuance, when and why, with the hash chain checked. */
export const handler = httpHandler(ADMIN_ROUTES.getIssuanceAudit, async ({ params }) => ({
  status: 200,
  body: await auditTrail(deps, { type: 'issuance', id: params.id }),
}));
