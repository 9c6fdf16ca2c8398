import { z } from 'zod';
import { repositories } from '../../shared/admin-deps';
import { env, loadConfig } from '../../shared/config';
import { httpHandler } from '../../shared/http/http-handler';
import { pendingApprovals } from '../../shared/use-cases/issuances';

const config = loadConfig(z.object({ TABLE_NAME: env.name }));
const deps = repositories(config.TABLE_NAME);

const query = z.strictObject({
  role: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'an approval role').default('approver'),
  achievementId: z.string().max(64).optional(),
  cohort: z.string().max(100).optional(),
  olderThanMinutes: z.coerce.number().int().min(0).max(60 * 24 * 365).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2048).optional(),
});

export const handler = httpHandler({ query, roles: ['approver', 'registrar', 'auditor'] }, async ({ query, principal }) => ({
  status: 200,
  body: await pendingApprovals(deps, principal!, query),
}));
