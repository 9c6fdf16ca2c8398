import { archivedAuditAnchors } from '../../shared/adapters/archived-audit-anchors';
import { s3Archive } from '../../shared/adapters/s3-archive';
import { dynamo } from '../../shared/aws/dynamo';
import { s3Objects } from '../../shared/aws/s3-objects';
import { auditRepository, type AuditAnchor } from '../../shared/entities/audit';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, metrics } from '../../shared/observability';
import { auditCommand, writeAuditEvent } from '../../shared/use-cases/audit-writer';
import { stepHandler } from '../../shared/workflow/step-handler';
import { loadSettings } from '../../shared/wiring/bindings';
import * as AUDIT_FUNCTIONS from '../../shared/wiring/audit';

/**
 * The audit trail's one writer, invoked by the functions that record what they did (the AuditLog
 * port, shared/adapters/lambda-audit-log.ts): appends the event and anchors the trail's head in
 * the Object Lock archive. Its payload is parsed like a workflow step's input: a malformed one
 * is refused, naming the field.
 */
const config = loadSettings(AUDIT_FUNCTIONS.AuditWriterFn);
const deps = {
  trail: auditRepository(dynamo(), config.TABLE_NAME),
  anchors: archivedAuditAnchors(s3Archive(s3Objects(config.ARCHIVE_BUCKET_NAME))),
  onAnchorFailure: (anchor: AuditAnchor, error: unknown) => {
    logger.error('audit anchor not written; the next event anchors the trail', { subject: anchor.subject, seq: anchor.seq, error: error as Error });
    metrics.addMetric('AuditAnchorFailed', MetricUnit.Count, 1);
  },
};

export const handler = stepHandler(auditCommand, (command) => writeAuditEvent(deps, command));
