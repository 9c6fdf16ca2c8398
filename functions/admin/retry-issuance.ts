import { z } from 'zod';
import { repositories } from '../../shared/admin-deps';
import { idPath } from '../../shared/api/schemas';
import { issuanceView } from '../../shared/api/views';
import { env, loadConfig } from '../../shared/config';
import { httpHandler } from '../../shared/http/http-handler';
import { retryIssuance } from '../../shared/use-cases/issuances';

const config = loadConfig(z.object({ TABLE_NAME: env.name, STATE_MACHINE_ARN: env.name }));
const deps = { ...repositories(config.TABLE_NAME), stateMachineArn: config.STATE_MACHINE_ARN };

export const handler = httpHandler({ path: idPath, roles: ['issuer', 'registrar'] }, async ({ path, principal }) => ({
  status: 202,
  body: issuanceView(await retryIssuance(deps, path.id, principal!), principal!),
}));
