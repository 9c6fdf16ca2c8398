import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import * as z from '../../shared/zod';
import { credentialIssuedV1, DETAIL_TYPES } from '../../events/schemas';
import { dynamo, eventBridge, kms, sfn } from '../../shared/aws/clients';
import { eventBridgeBus } from '../../shared/adapters/eventbridge-bus';
import { kmsLearnerKeyer } from '../../shared/adapters/kms-learner-keyer';
import { lambdaAuditLog } from '../../shared/adapters/lambda-audit-log';
import { sfnWorkflowEngine } from '../../shared/adapters/sfn-workflow-engine';
import { built } from '../../shared/built';
import { achievementRepository } from '../../shared/entities/achievement';
import { auditRepository } from '../../shared/entities/audit';
import { credentialRepository } from '../../shared/entities/credential';
import { holdingRepository } from '../../shared/entities/holding';
import { idempotencyRepository } from '../../shared/entities/idempotency';
import { issuanceRepository } from '../../shared/entities/issuance';
import { learnerRepository } from '../../shared/entities/learner';
import { pathwayRepository } from '../../shared/entities/pathway';
import { uploadRepository } from '../../shared/entities/upload';
import { systemClock } from '../../shared/clock';
import { logger, metrics, tracer } from '../../shared/observability';
import { advancePathways } from '../../shared/use-cases/pathways';
import { requestIssuance } from '../../shared/use-cases/issuances';
import { loadSettings } from '../../shared/wiring/bindings';
import * as PATHWAY_FUNCTIONS from '../../shared/wiring/pathways';

const config = loadSettings(PATHWAY_FUNCTIONS.AdvancePathwaysFn);
const db = dynamo();
const keys = kmsLearnerKeyer(kms(), config.LEARNER_KEY_ARN);
const issuances = issuanceRepository(db, config.TABLE_NAME, systemClock, keys);
const credentials = credentialRepository(db, config.TABLE_NAME);
// Z is requested as staff request an issuance: the same use case, its deps, a system actor.
const issuing = {
  achievements: achievementRepository(db, config.TABLE_NAME),
  issuances,
  idempotency: idempotencyRepository(db, config.TABLE_NAME),
  holdings: holdingRepository(db, config.TABLE_NAME, keys),
  uploads: uploadRepository(db, config.TABLE_NAME),
  audit: lambdaAuditLog(config.AUDIT_WRITER_FUNCTION, auditRepository(db, config.TABLE_NAME)),
  workflow: sfnWorkflowEngine(sfn(), config.STATE_MACHINE_ARN),
  clock: systemClock,
};
const deps = {
  pathways: pathwayRepository(db, config.TABLE_NAME),
  credentials,
  issuances,
  learners: learnerRepository(db, config.TABLE_NAME, keys),
  learnerKeys: keys,
  eventBus: eventBridgeBus(eventBridge(), config.EVENT_BUS_NAME),
  clock: systemClock,
  publicBaseUrl: config.PUBLIC_BASE_URL,
  requestAward: (input: Parameters<typeof requestIssuance>[1], ids: Parameters<typeof requestIssuance>[4], actor: Parameters<typeof requestIssuance>[2]) =>
    requestIssuance(issuing, input, actor, undefined, ids),
  warn: (message: string, detail: Record<string, unknown>) => logger.warn(message, detail),
};

const credentialIssued = /* @__PURE__ */ built(() => z.looseObject({ 'detail-type': z.literal(DETAIL_TYPES.credentialIssued), detail: credentialIssuedV1 }));

/**
 * CredentialIssued (an EventBridge rule on Laurel's bus) → the learner's pathways advance. A
 * failure throws: EventBridge retries the invocation, then the event goes to the dead-letter
 * queue; a repeat is harmless (the award's ids are derived, the evaluation idempotent).
 */
export const handler = middy()
  .use(captureLambdaHandler(tracer, { captureResponse: false }))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .handler(async (event: unknown) => {
    const parsed = credentialIssued.safeParse(event);
    if (!parsed.success) {
      // Not ours to retry: a malformed event stays malformed.
      logger.warn('ignored an event that is not a CredentialIssued v1', { issues: parsed.error.issues.map((i) => i.path.join('.')) });
      return { result: 'ignored' };
    }
    const results = await advancePathways(deps, parsed.data.detail.credentialId);
    logger.info('pathways advanced', { credentialId: parsed.data.detail.credentialId, results });
    return { results };
  });
