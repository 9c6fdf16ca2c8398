import { gunzipSync } from 'node:zlib';
import { statusListDocumentLoader } from '../credentials/document-loader';
import { addProof, type Signer } from '../credentials/data-integrity';
import { compressList, emptyList, getBit, setBit, statusListCredential, STATUS_PURPOSES, type StatusPurpose } from '../credentials/status-list';
import { BLOCK_SIZE, type StatusListRecord, type StatusListRepository } from '../entities/status-list';
import { NotFoundError, TransientError } from '../errors';
import { publicUrls } from '../issuer';
import type { Clock } from '../clock';
import { archivedStatusList } from '../entities/archive';
import type { DocumentArchive } from '../ports';

export interface StatusListDeps {
  lists: Pick<StatusListRepository, 'reserveBlock' | 'get' | 'create' | 'replace'>;
  /** The issuer's current signer (lists are signed by their issuer, like its credentials). */
  signer: (issuerId: string) => Promise<Signer>;
  publicBaseUrl: string;
  clock: Clock;
  /** Every version published is kept, write-once (S3 Object Lock). */
  archive: DocumentArchive;
}

/** Keeps a published version in the archive (again, harmlessly, when a retry is not sure it was). */
const keep = (deps: Pick<StatusListDeps, 'archive'>, list: StatusListRecord) => {
  const { key, body } = archivedStatusList(list);
  return deps.archive.keep(key, body);
};

const isoSeconds = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Allocation numbers reserved by this container, a block at a time. A container that ends
 * with unused numbers simply never uses them: a position is never handed out twice.
 */
const pools = new Map<string, { next: number; end: number }>();

export async function allocateStatusPosition(deps: Pick<StatusListDeps, 'lists'>, issuerId: string): Promise<number> {
  let pool = pools.get(issuerId);
  if (!pool || pool.next >= pool.end) {
    const first = await deps.lists.reserveBlock(issuerId);
    pool = { next: first, end: first + BLOCK_SIZE };
    pools.set(issuerId, pool);
  }
  return pool.next++;
}

async function signList(deps: StatusListDeps, issuerId: string, purpose: StatusPurpose, listNo: number, bits: Uint8Array) {
  const urls = publicUrls(deps.publicBaseUrl);
  const validFrom = isoSeconds(deps.clock.now());
  const unsigned = statusListCredential({ url: urls.statusList(issuerId, purpose, listNo), issuer: urls.issuer(issuerId), purpose, bits, validFrom });
  const signed = await addProof(unsigned, await deps.signer(issuerId), { created: validFrom, documentLoader: statusListDocumentLoader });
  return { document: JSON.stringify(signed), updatedAt: validFrom };
}

/** Lists known to exist, per container: creating one is a once-per-131,072-credentials event. */
const existing = new Set<string>();

/** Makes sure the revocation and suspension lists `listNo` are published before a credential points at them. */
export async function ensureStatusLists(deps: StatusListDeps, issuerId: string, listNo: number): Promise<void> {
  for (const purpose of STATUS_PURPOSES) {
    const cacheKey = `${issuerId}/${purpose}/${listNo}`;
    if (existing.has(cacheKey)) continue;
    let list = await deps.lists.get(issuerId, purpose, listNo);
    if (!list) {
      const bits = emptyList();
      const created: StatusListRecord = { issuerId, purpose, listNo, bits: compressList(bits), version: 0, ...(await signList(deps, issuerId, purpose, listNo, bits)) };
      // Another container may have created it a moment ago: what is stored is what was published.
      list = (await deps.lists.create(created)) ? created : ((await deps.lists.get(issuerId, purpose, listNo)) ?? created);
    }
    await keep(deps, list);
    existing.add(cacheKey);
  }
}

/**
 * Sets or clears one bit and re-signs the list. Optimistic: a concurrent change makes this
 * re-read and try again; setting a bit that already has the value is a no-op (retries are safe).
 */
export async function setStatusBit(
  deps: StatusListDeps,
  position: { issuerId: string; purpose: StatusPurpose; listNo: number; index: number },
  value: boolean,
): Promise<void> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const list = await deps.lists.get(position.issuerId, position.purpose, position.listNo);
    if (!list) throw new NotFoundError(`status list ${position.purpose}/${position.listNo} of '${position.issuerId}' does not exist`);
    const bits = new Uint8Array(gunzipSync(list.bits));
    // Already so (a retry, perhaps of one that failed before archiving): kept, and done.
    if (getBit(bits, position.index) === value) return keep(deps, list);
    const next = setBit(bits, position.index, value);
    const updated: StatusListRecord = {
      ...list,
      bits: compressList(next),
      version: list.version + 1,
      ...(await signList(deps, position.issuerId, position.purpose, position.listNo, next)),
    };
    if (await deps.lists.replace(updated, list.version)) return keep(deps, updated);
  }
  throw new TransientError('the status list kept changing under this update; try again');
}

/** The signed list credential, as served on the public API. */
export async function getStatusListDocument(deps: Pick<StatusListDeps, 'lists'>, issuerId: string, purpose: StatusPurpose, listNo: number): Promise<string> {
  const list = await deps.lists.get(issuerId, purpose, listNo);
  if (!list) throw new NotFoundError(`No ${purpose} status list ${listNo} for issuer '${issuerId}'.`);
  return list.document;
}
