// First: decides the X-Ray SDK's mode before the Tracer loads it.
import './xray-mode';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { redactEmails } from './domain/redact';

/**
 * Powertools for AWS Lambda, one instance each per function instance. Service name, namespace,
 * log level and sampling come from the POWERTOOLS_* variables the CDK construct sets; handlers
 * never configure them. The middleware in shared/http and shared/workflow flushes metrics,
 * injects the Lambda context into logs and opens the X-Ray segment (tracing is off outside
 * Lambda, so the local cloud does not try to reach an X-Ray daemon, and xray-mode.ts keeps the
 * X-Ray SDK from installing async hooks nobody reads).
 */
const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'laurel';

/**
 * Every string a log line holds, without email addresses: a failure's message can quote one (SES
 * names the address it refused), and so can a library's. Powertools calls this for each value it
 * serializes, error messages and stacks included (issue #17: emails never reach logs).
 */
export const withoutEmails = (_key: string, value: unknown) => (typeof value === 'string' ? redactEmails(value) : value);
export const logger = new Logger({ serviceName, jsonReplacerFn: withoutEmails });
export const metrics = new Metrics({ serviceName, namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Laurel' });
export const tracer = new Tracer({ serviceName });

/** The business events Laurel counts: what a registrar's dashboard and alarms watch. */
export type BusinessEvent =
  | 'CredentialIssued'
  | 'IssuanceRejected'
  | 'IssuanceExpired'
  | 'IssuanceFailed'
  | 'IssuanceCancelled'
  | 'CredentialRevoked'
  | 'CredentialSuspended'
  | 'CredentialReinstated'
  | 'DeliveryBounced'
  | 'DeliveryComplained';

export function countBusinessEvent(event: BusinessEvent, count = 1): void {
  if (count > 0) metrics.addMetric(event, MetricUnit.Count, count);
}
