import { rowIds, type BatchRepository } from '../entities/batch';
import type { CredentialRepository } from '../entities/credential';
import { DomainError, NotFoundError } from '../errors';
import type { Principal } from '../domain/staff';
import { changeCredentialStatus, type CredentialStatusDeps, type StatusAction } from './credential-status';

/** Credentials changed per call: each re-signs its status list, and an API call has 29 seconds. */
export const BULK_PAGE = 100;

export interface BulkStatusDeps extends CredentialStatusDeps {
  credentials: CredentialStatusDeps['credentials'] & Pick<CredentialRepository, 'getMany'>;
  batches: Pick<BatchRepository, 'get' | 'chunks'>;
}

export interface BulkStatusRequest {
  action: StatusAction;
  reason?: string | undefined;
  /** A selection, or every credential a cohort batch issued. */
  credentialIds?: string[] | undefined;
  batchId?: string | undefined;
  /** Answer how many and which, and change nothing. */
  preview: boolean;
  /** Where the previous call stopped (a batch larger than one page). */
  cursor?: string | undefined;
}

/** The credentials a batch issued: each line's latest outcome, issued ones only, in line order. */
async function batchCredentialIds(deps: Pick<BulkStatusDeps, 'batches'>, batchId: string): Promise<string[]> {
  if (!(await deps.batches.get(batchId))) throw new NotFoundError(`No batch with id '${batchId}'.`);
  const latest = new Map<number, 'I' | 'F' | 'S'>();
  for await (const chunk of deps.batches.chunks(batchId)) for (const row of chunk.rows) latest.set(row.l, row.o);
  return [...latest].filter(([, o]) => o === 'I').sort(([a], [b]) => a - b).map(([line]) => rowIds(batchId, line).credentialId);
}

/**
 * Revoke, suspend or reinstate many credentials with one reason: a registrar's answer to a
 * cohort issued in error or an exam board's decision. A preview says how many and which before
 * anything changes; then each credential goes through the one status change (its own audit
 * event, status-list bit and issuance mirror), a page at a time. A credential that cannot take
 * the change (already revoked, say) is reported and the rest go on; repeating a call converges.
 */
export async function bulkStatusChange(deps: BulkStatusDeps, request: BulkStatusRequest, actor: Principal) {
  const all = request.batchId ? await batchCredentialIds(deps, request.batchId) : [...new Set(request.credentialIds ?? [])];
  const offset = Number(request.cursor ?? 0);
  const page = all.slice(offset, offset + BULK_PAGE);
  const next = offset + BULK_PAGE < all.length ? String(offset + BULK_PAGE) : undefined;
  const found = await deps.credentials.getMany(page);
  const byId = new Map(found.map((c) => [c.id, c]));
  if (request.preview) {
    const target = { revoke: 'REVOKED', suspend: 'SUSPENDED', reinstate: 'ACTIVE' }[request.action];
    const credentials = page.map((id) => byId.get(id)).filter((c) => c !== undefined).map((c) => ({ id: c.id, achievementId: c.achievementId, status: c.status, issuedAt: c.issuedAt }));
    return { action: request.action, total: all.length, willChange: credentials.filter((c) => c.status !== target && c.status !== 'REVOKED').length, credentials, changed: [], unchanged: [], ...(next ? { cursor: next } : {}) };
  }
  const changed: string[] = [];
  const unchanged: { id: string; problem: string }[] = [];
  for (const id of page) {
    if (!byId.has(id)) {
      unchanged.push({ id, problem: 'no such credential' });
      continue;
    }
    try {
      await changeCredentialStatus(deps, id, request.action, actor, request.reason);
      changed.push(id);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      unchanged.push({ id, problem: error.message });
    }
  }
  return { action: request.action, total: all.length, changed, unchanged, credentials: [], ...(next ? { cursor: next } : {}) };
}
