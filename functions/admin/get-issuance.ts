import { z } from 'zod';
import { repositories } from '../../shared/admin-deps';
import { idPath } from '../../shared/api/schemas';
import { issuanceView } from '../../shared/api/views';
import { env, loadConfig } from '../../shared/config';
import { httpHandler } from '../../shared/http/http-handler';
import { getIssuance } from '../../shared/use-cases/issuances';

const config = loadConfig(z.object({ TABLE_NAME: env.name }));
const deps = repositories(config.TABLE_NAME);

export const handler = httpHandler({ path: idPath, roles: ['issuer', 'approver', 'registrar', 'auditor'] }, async ({ path, principal }) => ({
  status: 200,
  body: issuanceView(await getIssuance(deps, path.id), principal!),
}));
