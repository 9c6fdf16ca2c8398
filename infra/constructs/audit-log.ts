import { Duration } from 'aws-cdk-lib';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import * as AUDIT_FUNCTIONS from '../../shared/wiring/audit';
import type { Accesses } from '../../shared/wiring/bindings';
import { wiredFunction, type Provider } from '../wiring';
import type { LaurelFunction } from './laurel-function';
import type { ArchiveStore } from './archive-store';
import type { DataStore } from './data-store';

/**
 * The audit trail's one writer (functions/audit/write-audit-trail.ts): the only function IAM
 * lets write audit items (DataStore.grantWriteAudit; every other writer is denied the audit
 * partitions) and audit anchors (ArchiveStore). A function that records what it did declares
 * AUDIT_WRITER_FUNCTION and is granted lambda:InvokeFunction on this function alone.
 */
export class AuditLog extends Construct implements Provider<Accesses['auditLog']> {
  readonly writer: LaurelFunction;

  constructor(scope: Construct, id: string, props: { data: DataStore; archive: ArchiveStore }) {
    super(scope, id);
    this.writer = wiredFunction(this, 'AuditWriterFn', AUDIT_FUNCTIONS.AuditWriterFn, { table: props.data, archive: props.archive }, { timeout: Duration.seconds(10) });
  }

  environment(): Record<string, string> {
    return { AUDIT_WRITER_FUNCTION: this.writer.functionName };
  }

  /** lambda:InvokeFunction on the function itself ($LATEST, by name): not CDK's grantInvoke, which adds every version and alias (ARN:*). */
  grant(grantee: IGrantable, _access: Accesses['auditLog']) {
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.writer.functionArn] }));
  }
}
