import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { DomainError, ValidationError } from '../../shared/errors';
import { completionDeps } from '../../shared/inbound-deps';
import { completionOfRecordedEvent, eventIdOf } from '../../shared/integrations/completion-recorded';
import { logger, metrics, tracer } from '../../shared/observability';
import { eventBridgeSource } from '../../shared/use-cases/completion-sources';
import { receiveCompletion } from '../../shared/use-cases/completions';
import { loadSettings } from '../../shared/wiring/bindings';
import * as INBOUND_FUNCTIONS from '../../shared/wiring/inbound';

const config = loadSettings(INBOUND_FUNCTIONS.ConsumeCompletionRecorded);
const deps = completionDeps(config);

/**
 * CompletionRecorded on Laurel's bus (infra/constructs/completion-events.ts): the same use case as
 * the signed webhook, so the same source, course and learner issue once however often the event
 * arrives. What the use case can keep — an unmapped course, an unknown learner — is kept as a
 * FAILED completion, listed and replayed by staff like any other. What it cannot — an event
 * that is not a CompletionRecorded v1, or that names no active `eventbridge` source — throws:
 * retried, then kept in the dead-letter queue, whose alarm says what to do. Logged by event id,
 * outcome and field paths only: the detail names its learner.
 */
export const handler = middy()
  .use(captureLambdaHandler(tracer, { captureResponse: false }))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .handler(async (event: unknown) => {
    try {
      const { eventId, completion } = completionOfRecordedEvent(event);
      await eventBridgeSource(deps, completion.sourceId);
      const outcome = await receiveCompletion(deps, completion);
      logger.info('completion recorded', { eventId, completionId: outcome.completionId, status: outcome.status, duplicate: outcome.duplicate, ...(outcome.failure ? { failure: outcome.failure.reason } : {}) });
      return { completionId: outcome.completionId, status: outcome.status };
    } catch (e) {
      // A refusal is logged by what it names — the event, the fields at fault — and thrown, so that it ends in the dead letters.
      if (e instanceof DomainError) logger.warn('CompletionRecorded refused', { eventId: eventIdOf(event), reason: e.message, ...(e instanceof ValidationError ? { fields: e.errors.map((i) => i.path) } : {}) });
      throw e;
    }
  });
