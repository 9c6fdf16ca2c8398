import { invokeFunction } from '../aws/lambda-invoke';
import { systemClock, type Clock } from '../clock';
import { auditEvent, type AuditEntry, type AuditLog, type AuditRepository, type AuditSubject } from '../entities/audit';
import type { AuditCommand, AuditCommandResult, AuditEventResult } from '../use-cases/audit-writer';

/**
 * The AuditLog port: appends by invoking the audit writer (the one function IAM lets write audit
 * items), reads from the table. The event time is the caller's, so a retried `begin` writes the
 * same first event.
 */
export function lambdaAuditLog(writerFunction: string, reader: Pick<AuditRepository, 'list'>, clock: Clock = systemClock): AuditLog {
  const call = async (command: AuditCommand) => {
    const answer = (await invokeFunction(writerFunction, command)) as AuditEventResult;
    return { event: auditEvent.parse(answer.event), begun: answer.begun };
  };
  const at = (given?: string) => given ?? clock.now().toISOString();
  return {
    append: async (subject: AuditSubject, entry: AuditEntry, when?: string) => (await call({ op: 'append', subject, entry, at: at(when) })).event,
    begin: async (subject: AuditSubject, entry: AuditEntry, when?: string) => (await call({ op: 'begin', subject, entry, at: at(when) })).begun === true,
    list: (subject) => reader.list(subject),
    async eraseDetails(subject) {
      if (subject.type !== 'issuance' && subject.type !== 'credential') throw new Error(`only an issuance's or a credential's details are erased, not a ${subject.type}'s`);
      const answer = (await invokeFunction(writerFunction, { op: 'eraseDetails', subject: { type: subject.type, id: subject.id } })) as Extract<AuditCommandResult, { erased: number }>;
      return answer.erased;
    },
  };
}

/**
 * The audit log of a function: appends through the writer when its declaration names one
 * (AUDIT_WRITER_FUNCTION), otherwise reads only — an append then fails loudly rather than
 * writing around the writer.
 */
export function auditLogFor(writerFunction: string | undefined, reader: Pick<AuditRepository, 'list'>, clock: Clock = systemClock): AuditLog {
  if (writerFunction) return lambdaAuditLog(writerFunction, reader, clock);
  const refuse = async (): Promise<never> => {
    throw new Error('this function does not declare AUDIT_WRITER_FUNCTION (shared/wiring/): it may not write the audit trail');
  };
  return { append: refuse, begin: refuse, eraseDetails: refuse, list: (subject) => reader.list(subject) };
}
