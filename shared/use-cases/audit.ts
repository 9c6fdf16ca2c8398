import { chunkEventRows, verifyAuditChain, type AuditEvent, type AuditLog, type AuditSubject, type ChainCheck } from '../entities/audit';
import type { CredentialRepository } from '../entities/credential';
import type { IssuanceRepository } from '../entities/issuance';
import { NotFoundError } from '../errors';

export interface AuditTrailDeps {
  audit: Pick<AuditLog, 'list'>;
  issuances: Pick<IssuanceRepository, 'get'>;
  credentials: Pick<CredentialRepository, 'get'>;
}

export interface Trail {
  subject: AuditSubject;
  /** Every chain read: the record's own and, for a cohort row, its chunk's. */
  chain: ChainCheck;
  /** A cohort row's chunk event first (its subject says so), then the record's own events. */
  events: AuditEvent[];
  /** Cohort rows: the chunk trail that records the issue, and this record's row in it. */
  issuedIn?: { subject: AuditSubject; row: Record<string, unknown> };
}

/** The chunk trail that records a cohort row's issue, if the record is one. */
async function chunkOf(deps: AuditTrailDeps, subject: AuditSubject): Promise<AuditSubject | undefined> {
  const issuanceId =
    subject.type === 'issuance' ? subject.id : subject.type === 'credential' ? (await deps.credentials.get(subject.id))?.issuanceId : undefined;
  const issuance = issuanceId ? await deps.issuances.get(issuanceId) : undefined;
  return issuance?.issuedInChunk ? { type: 'chunk', id: issuance.issuedInChunk } : undefined;
}

/**
 * A record's whole trail: its own hash-chained events and, for a cohort row, the chunk event
 * that recorded its issue — each chain verified on its own terms, the verdict failing if either
 * fails. Empty when nothing was ever recorded.
 */
export async function collectTrail(deps: AuditTrailDeps, subject: AuditSubject): Promise<Trail> {
  const [own, chunk] = await Promise.all([deps.audit.list(subject), chunkOf(deps, subject)]);
  const ownCheck = verifyAuditChain(subject, own);
  if (!chunk) return { subject, chain: ownCheck, events: own };
  const chunkEvents = await deps.audit.list(chunk);
  const chunkCheck = verifyAuditChain(chunk, chunkEvents);
  const key = subject.type === 'issuance' ? 'issuanceId' : 'credentialId';
  const row = chunkEventRows(chunkEvents).find((r) => r[key] === subject.id);
  const problem = !chunkCheck.valid
    ? `chunk ${chunk.id}: ${chunkCheck.problem}`
    : !row
      ? `chunk ${chunk.id} does not record this ${subject.type}`
      : ownCheck.problem;
  return {
    subject,
    chain: { valid: chunkCheck.valid && !!row && ownCheck.valid, length: chunkEvents.length + own.length, ...(problem ? { problem } : {}) },
    events: [...chunkEvents, ...own],
    issuedIn: { subject: chunk, row: row ?? {} },
  };
}

/** A record's audit trail with the verdict on its hash chain. */
export async function auditTrail(deps: AuditTrailDeps, subject: AuditSubject) {
  const trail = await collectTrail(deps, subject);
  if (trail.events.length === 0) throw new NotFoundError(`No audit trail for ${subject.type} '${subject.id}'.`);
  return trail;
}
