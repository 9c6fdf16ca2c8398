import * as INBOUND_ROUTES from '../../shared/api/inbound-routes';
import { repositories } from '../../shared/admin-deps';
import { dynamo } from '../../shared/aws/dynamo';
import { completionRepository } from '../../shared/entities/completion';
import { completionSourceRepository } from '../../shared/entities/completion-source';
import { httpHandler } from '../../shared/http/http-handler';
import { listCompletions } from '../../shared/use-cases/completions';
import { loadSettings } from '../../shared/wiring/bindings';
import * as INBOUND_FUNCTIONS from '../../shared/wiring/inbound';

const config = loadSettings(INBOUND_FUNCTIONS.ListCompletions);
const deps = { completions: completionRepository(dynamo(), config.TABLE_NAME), sources: completionSourceRepository(dynamo(), config.TABLE_NAME), issuances: repositories(config.TABLE_NAME).issuances };

/** GET /completions?sourceId=…|failed=true: the inbound activity, each with its request's status now. */
export const handler = httpHandler(INBOUND_ROUTES.listCompletions, async ({ query, principal }) => ({
  status: 200,
  body: await listCompletions(deps, { sourceId: query.sourceId, failed: query.failed === 'true', limit: query.limit, cursor: query.cursor }, principal!),
}));
