import { verifyAuditChain, type AuditRepository, type AuditSubject } from '../entities/audit';
import { NotFoundError } from '../errors';

/** A record's audit trail with the verdict on its hash chain. */
export async function auditTrail(deps: { audit: Pick<AuditRepository, 'list'> }, subject: AuditSubject) {
  const events = await deps.audit.list(subject);
  if (events.length === 0) throw new NotFoundError(`No audit trail for ${subject.type} '${subject.id}'.`);
  return { subject, chain: verifyAuditChain(subject, events), events };
}
