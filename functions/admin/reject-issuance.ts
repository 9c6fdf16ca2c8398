import { z } from 'zod';
import { repositories } from '../../shared/admin-deps';
import { idPath, rejectionBody } from '../../shared/api/schemas';
import { issuanceView } from '../../shared/api/views';
import { env, loadConfig } from '../../shared/config';
import { httpHandler } from '../../shared/http/http-handler';
import { decideApproval } from '../../shared/use-cases/issuances';

const config = loadConfig(z.object({ TABLE_NAME: env.name }));
const deps = repositories(config.TABLE_NAME);

export const handler = httpHandler({ path: idPath, body: rejectionBody, roles: ['approver'] }, async ({ path, body, principal }) => ({
  status: 200,
  body: issuanceView(await decideApproval(deps, path.id, principal!, { approve: false, reason: body.reason }), principal!),
}));
