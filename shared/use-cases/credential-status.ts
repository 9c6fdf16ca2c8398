import type { StatusPurpose } from '../credentials/status-list';
import type { CredentialRecord, CredentialRepository } from '../entities/credential';
import type { AuditLog } from '../entities/audit';
import type { HoldingRepository } from '../entities/holding';
import { isErased, learnerOf, type IssuanceRepository } from '../entities/issuance';
import { countBusinessEvent } from '../observability';
import { ConflictError, NotFoundError } from '../errors';
import type { Principal } from '../domain/staff';
import { setStatusBit, type StatusListDeps } from './status-lists';

export type StatusAction = 'revoke' | 'suspend' | 'reinstate';
/** Who changes a status: staff (their principal), or the learner declining their own credential. */
export type StatusActor = Pick<Principal, 'id' | 'name'> & { kind?: 'staff' | 'learner' };

export interface CredentialStatusDeps extends StatusListDeps {
  credentials: Pick<CredentialRepository, 'get' | 'revoke' | 'suspend' | 'reinstate'>;
  audit: Pick<AuditLog, 'append'>;
  issuances: Pick<IssuanceRepository, 'get' | 'mirrorCredentialStatus'>;
  holdings: Pick<HoldingRepository, 'release'>;
  /**
   * What else a revocation sets off: each pathway award the credential counted toward gets its
   * pathway's rule (shared/use-cases/pathways.ts applyRevocationRules). Run on every revocation
   * request, a repeat included, so a retry after a failure part-way finishes it; it is idempotent.
   */
  onRevoked?: (record: CredentialRecord) => Promise<unknown>;
}

/** A revoked credential no longer counts as held: the learner may be issued it again. */
async function releaseHolding(deps: CredentialStatusDeps, record: CredentialRecord) {
  const issuance = await deps.issuances.get(record.issuanceId);
  // An erased learner holds nothing: the erasure deleted their holdings with their data.
  if (issuance && !isErased(issuance)) await deps.holdings.release(record.achievementId, record.achievementVersion, learnerOf(issuance).email, issuance.id);
}

/**
 * Revoke (permanent), suspend, reinstate. The record changes first (conditionally), then the
 * published bit; repeating an action that already took effect re-applies the bit and answers
 * with the record, so a client retry after a partial failure converges instead of erroring.
 */
export async function changeCredentialStatus(...args: Parameters<typeof applyStatusChange>): Promise<CredentialRecord> {
  const result = await applyStatusChange(...args);
  // The issuance shows its credential's status too, for lists and reports.
  await args[0].issuances.mirrorCredentialStatus(result.issuanceId, result.status);
  if (args[2] === 'revoke') await args[0].onRevoked?.(result);
  return result;
}

async function applyStatusChange(
  deps: CredentialStatusDeps,
  id: string,
  action: StatusAction,
  actor: StatusActor,
  reason: string | undefined,
): Promise<CredentialRecord> {
  const record = await deps.credentials.get(id);
  if (!record) throw new NotFoundError(`No credential with id '${id}'.`);
  const at = deps.clock.now().toISOString();
  const decision = { by: actor.name, at, reason: reason ?? '' };
  const bit = (purpose: StatusPurpose, value: boolean) =>
    setStatusBit(deps, { issuerId: record.issuerId, purpose, ...record.statusPosition }, value);
  // Recorded only when the record really changed; a repeated request only re-applies the bit.
  const recordChange = (after: CredentialRecord) => {
    countBusinessEvent(({ revoke: 'CredentialRevoked', suspend: 'CredentialSuspended', reinstate: 'CredentialReinstated' } as const)[action]);
    return deps.audit.append(
      { type: 'credential', id },
      {
        actor: { kind: actor.kind ?? 'staff', id: actor.id, name: actor.name },
        action: { revoke: 'REVOKED', suspend: 'SUSPENDED', reinstate: 'REINSTATED' }[action],
        before: { status: record.status },
        after: { status: after.status },
        ...(reason ? { reason } : {}),
      },
      at,
    );
  };

  switch (action) {
    case 'revoke': {
      const updated =
        record.status === 'REVOKED'
          ? record
          : await deps.credentials.revoke(id, decision);
      if (updated && updated !== record) await recordChange(updated);
      await bit('revocation', true);
      await releaseHolding(deps, record);
      return updated ?? (await deps.credentials.get(id))!;
    }
    case 'suspend': {
      if (record.status === 'REVOKED') throw new ConflictError('The credential is revoked; revocation is permanent.');
      const updated =
        record.status === 'SUSPENDED'
          ? record
          : await deps.credentials.suspend(id, decision);
      if (!updated) throw new ConflictError('The credential changed status a moment ago; read it and try again.');
      if (updated !== record) await recordChange(updated);
      await bit('suspension', true);
      return updated;
    }
    case 'reinstate': {
      if (record.status === 'REVOKED') throw new ConflictError('The credential is revoked; revocation is permanent and cannot be reinstated.');
      const updated =
        record.status === 'ACTIVE'
          ? record
          : await deps.credentials.reinstate(id);
      if (!updated) throw new ConflictError('The credential changed status a moment ago; read it and try again.');
      if (updated !== record) await recordChange(updated);
      await bit('suspension', false);
      return updated;
    }
  }
}
