import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { credentialStatusDeps } from '../../shared/credential-status-deps';
import { batchRepository } from '../../shared/entities/batch';
import { httpHandler } from '../../shared/http/http-handler';
import { bulkStatusChange } from '../../shared/use-cases/bulk-credential-status';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.ChangeCredentialStatuses);
const statusDeps = credentialStatusDeps(config);
const deps = { ...statusDeps, batches: batchRepository(statusDeps.db, config.TABLE_NAME) };

/** POST /credentials/status-changes — many credentials, one reason, a preview first. */
export const handler = httpHandler(ADMIN_ROUTES.changeCredentialStatuses, async ({ body, principal }) => ({
  status: 200,
  body: await bulkStatusChange(deps, body, principal!),
}));
