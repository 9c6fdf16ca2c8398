import * as z from 'zod';
import { issuanceWorkflow, repositories } from '../../shared/admin-deps';
import { ADMIN_ROUTES } from '../../shared/api/routes';
import { issuanceView } from '../../shared/api/views';
import { env, loadConfig } from '../../shared/config';
import { httpHandler } from '../../shared/http/http-handler';
import { requestException } from '../../shared/use-cases/issuances';

const config = loadConfig(z.object({ TABLE_NAME: env.name, STATE_MACHINE_ARN: env.name }));
const deps = { ...repositories(config.TABLE_NAME), workflow: issuanceWorkflow(config.STATE_MACHINE_ARN) };

export const handler = httpHandler(ADMIN_ROUTES.requestException, async ({ params, body, principal }) => ({
  status: 202,
  body: issuanceView(await requestException(deps, params.id, principal!, body.justification), principal!),
  headers: { location: `/issuances/${params.id}` },
}));
