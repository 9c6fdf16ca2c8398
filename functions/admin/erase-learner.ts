import { issuanceWorkflow, learnerRecords, repositories } from '../../shared/admin-deps';
import { eventBridgeBus } from '../../shared/adapters/eventbridge-bus';
import { s3PersonalFiles } from '../../shared/adapters/s3-personal-files';
import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { dynamo } from '../../shared/aws/dynamo';
import { eventBridge } from '../../shared/aws/event-bridge';
import { s3 } from '../../shared/aws/s3';
import { completionRepository } from '../../shared/entities/completion';
import { erasureRepository } from '../../shared/entities/erasure';
import { httpHandler } from '../../shared/http/http-handler';
import { continueErasure, eraseLearner, type ErasureDeps } from '../../shared/use-cases/learner-erasure';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

/**
 * POST /learners/erasures and /learners/erasures/{id}/continue: one function, since a
 * continuation is the same work. Each call stops starting new work after WORK_BUDGET_MS, well
 * inside API Gateway's 30 seconds; an erasure that is not done answers RUNNING, and is continued.
 */
const WORK_BUDGET_MS = 20_000;
const config = loadSettings(ADMIN_FUNCTIONS.EraseLearner);
const records = repositories(config.TABLE_NAME, config.AUDIT_WRITER_FUNCTION);
const keyed = learnerRecords(config);
const deps: ErasureDeps = {
  issuances: keyed.issuances,
  learners: keyed.learners,
  completions: completionRepository(dynamo(), config.TABLE_NAME),
  keys: keyed.learnerKeys,
  credentials: records.credentials,
  uploads: records.uploads,
  batches: records.batches,
  audit: records.audit,
  erasures: erasureRepository(dynamo(), config.TABLE_NAME),
  files: s3PersonalFiles(s3(), config.BUCKET_NAME),
  workflow: issuanceWorkflow(),
  eventBus: eventBridgeBus(eventBridge(), config.EVENT_BUS_NAME),
  clock: records.clock,
  settings: { batchFileRetentionDays: config.BATCH_FILE_RETENTION_DAYS },
};
const deadline = () => deps.clock.now().getTime() + WORK_BUDGET_MS;
const location = (id: string) => ({ location: `/learners/erasures/${id}` });

export const erase = httpHandler(ADMIN_ROUTES.eraseLearner, async ({ body, principal }) => {
  const erasure = await eraseLearner(deps, body, principal!, deadline());
  return { status: 201, headers: location(erasure.id), body: erasure };
});
export const resume = httpHandler(ADMIN_ROUTES.continueErasure, async ({ params, principal }) => ({
  status: 200,
  body: await continueErasure(deps, params.id, principal!, deadline()),
}));
/** API Gateway calls one handler: dispatch on the route. */
export const handler = (event: { rawPath?: string }, context: never) => ((event.rawPath ?? '').endsWith('/continue') ? resume(event as never, context) : erase(event as never, context));
