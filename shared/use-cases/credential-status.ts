import type { StatusPurpose } from '../credentials/status-list';
import type { CredentialRecord, CredentialRepository } from '../entities/credential';
import type { AuditRepository } from '../entities/audit';
import { countBusinessEvent } from '../observability';
import { ConflictError, NotFoundError } from '../errors';
import type { Principal } from '../http/auth';
import { setStatusBit, type StatusListDeps } from './status-lists';

export type StatusAction = 'revoke' | 'suspend' | 'reinstate';

export interface CredentialStatusDeps extends StatusListDeps {
  credentials: Pick<CredentialRepository, 'get' | 'updateIf'>;
  audit: Pick<AuditRepository, 'append'>;
  /** A revoked credential no longer counts as held: the learner may be issued it again. */
  releaseHolding: (record: CredentialRecord) => Promise<void>;
  /** Shows the credential's status on its issuance too, for lists and reports. */
  mirrorStatus?: (record: CredentialRecord) => Promise<void>;
}

/**
 * Revoke (permanent), suspend, reinstate. The record changes first (conditionally), then the
 * published bit; repeating an action that already took effect re-applies the bit and answers
 * with the record, so a client retry after a partial failure converges instead of erroring.
 */
export async function changeCredentialStatus(...args: Parameters<typeof applyStatusChange>): Promise<CredentialRecord> {
  const result = await applyStatusChange(...args);
  await args[0].mirrorStatus?.(result);
  return result;
}

async function applyStatusChange(
  deps: CredentialStatusDeps,
  id: string,
  action: StatusAction,
  actor: Principal,
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
        actor: { kind: 'staff', id: actor.id, name: actor.name },
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
          : await deps.credentials.updateIf(id, { set: { status: 'REVOKED', revocation: decision } }, '#status <> :revoked', { ':revoked': 'REVOKED' });
      if (updated && updated !== record) await recordChange(updated);
      await bit('revocation', true);
      await deps.releaseHolding(record);
      return updated ?? (await deps.credentials.get(id))!;
    }
    case 'suspend': {
      if (record.status === 'REVOKED') throw new ConflictError('The credential is revoked; revocation is permanent.');
      const updated =
        record.status === 'SUSPENDED'
          ? record
          : await deps.credentials.updateIf(id, { set: { status: 'SUSPENDED', suspension: decision } }, '#status = :active', { ':active': 'ACTIVE' });
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
          : await deps.credentials.updateIf(id, { set: { status: 'ACTIVE' }, remove: ['suspension'] }, '#status = :suspended', { ':suspended': 'SUSPENDED' });
      if (!updated) throw new ConflictError('The credential changed status a moment ago; read it and try again.');
      if (updated !== record) await recordChange(updated);
      await bit('suspension', false);
      return updated;
    }
  }
}
