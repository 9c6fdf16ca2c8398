import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { repositories } from '../../shared/admin-deps';
import { httpHandler } from '../../shared/http/http-handler';
import { auditTrail } from '../../shared/use-cases/audit';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.GetIssuanceAudit);
// The audit items, and the issuance (or credential) naming the chunk a cohort row's trail starts in.
const deps = repositories(config.TABLE_NAME);

/** Who did what to this issuance, when and why, with the hash chain checked. */
export const handler = httpHandler(ADMIN_ROUTES.getIssuanceAudit, async ({ params }) => ({
  status: 200,
  body: await auditTrail(deps, { type: 'issuance', id: params.id }),
}));
