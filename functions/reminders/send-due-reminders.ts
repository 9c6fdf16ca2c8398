import type { Context } from 'aws-lambda';
import { dynamo, eventBridge, ses } from '../../shared/aws/clients';
import { eventBridgeBus } from '../../shared/adapters/eventbridge-bus';
import { lambdaAuditLog } from '../../shared/adapters/lambda-audit-log';
import { sesMailer } from '../../shared/adapters/ses-mailer';
import { achievementRepository } from '../../shared/entities/achievement';
import { auditRepository } from '../../shared/entities/audit';
import { claimLinkRepository } from '../../shared/entities/claim-link';
import { credentialRepository } from '../../shared/entities/credential';
import { issuanceRepository } from '../../shared/entities/issuance';
import { issuerRepository } from '../../shared/entities/issuer';
import { reminderRepository } from '../../shared/entities/reminder';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { logger, metrics, tracer } from '../../shared/observability';
import { systemClock } from '../../shared/ports';
import { sweepReminders } from '../../shared/use-cases/reminders';
import { loadSettings } from '../../shared/wiring/bindings';
import * as REMINDER_FUNCTIONS from '../../shared/wiring/reminders';
import { loadIssuerSettings } from '../../shared/wiring/variables';

const config = loadSettings(REMINDER_FUNCTIONS.SendDueRemindersFn);
const db = dynamo();
const clock = systemClock;
const deps = {
  reminders: reminderRepository(db, config.TABLE_NAME),
  credentials: credentialRepository(db, config.TABLE_NAME),
  issuances: issuanceRepository(db, config.TABLE_NAME, clock),
  achievements: achievementRepository(db, config.TABLE_NAME),
  issuers: issuerRepository(db, config.TABLE_NAME),
  claimLinks: claimLinkRepository(db, config.TABLE_NAME),
  mailer: sesMailer(ses(), { sender: config.SENDER_EMAIL, configurationSet: config.CONFIGURATION_SET }),
  eventBus: eventBridgeBus(eventBridge(), config.EVENT_BUS_NAME),
  audit: lambdaAuditLog(config.AUDIT_WRITER_FUNCTION, auditRepository(db, config.TABLE_NAME, clock), clock),
  clock,
  settings: { publicBaseUrl: config.PUBLIC_BASE_URL, issuer: loadIssuerSettings(config) },
};

/** Keeps a minute in hand: a sweep cut short by the timeout leaves the rest for the next run, never half a stop. */
const SAFETY_MS = 60_000;

/**
 * The daily sweep (an EventBridge Scheduler schedule; locally, `npm run clock`): every reminder
 * and expiry that is due, once. The schedule may fire twice or be retried: each stop is leased.
 */
export const handler = middy()
  .use(captureLambdaHandler(tracer, { captureResponse: false }))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .handler(async (_event: unknown, context: Context) => {
    const report = await sweepReminders(deps, { hasTime: () => context.getRemainingTimeInMillis() > SAFETY_MS });
    logger.info('reminder sweep', { ...report });
    return report;
  });
