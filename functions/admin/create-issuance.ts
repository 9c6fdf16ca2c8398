import { z } from 'zod';
import { repositories } from '../../shared/admin-deps';
import { requestIssuanceBody } from '../../shared/api/schemas';
import { env, loadConfig } from '../../shared/config';
import { httpHandler } from '../../shared/http/http-handler';
import { issuanceView } from '../../shared/api/views';
import { requestIssuance } from '../../shared/use-cases/issuances';

const config = loadConfig(z.object({ TABLE_NAME: env.name, STATE_MACHINE_ARN: env.name }));
const deps = { ...repositories(config.TABLE_NAME), stateMachineArn: config.STATE_MACHINE_ARN };

export const handler = httpHandler({ body: requestIssuanceBody, roles: ['issuer'] }, async ({ body, principal }) => {
  const issuance = await requestIssuance(deps, body, principal!);
  // 202: the workflow runs asynchronously; poll the Location for its progress.
  return { status: 202, body: issuanceView(issuance, principal!), headers: { location: `/issuances/${issuance.id}` } };
});
