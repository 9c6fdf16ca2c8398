import { describe, expect, it } from 'vitest';
import { archiveKeys } from '../../shared/entities/archive';
import { ensureStatusLists, setStatusBit, type StatusListDeps } from '../../shared/use-cases/status-lists';
import { fixedClock, memoryArchive, memoryKeyVault } from '../support/memory-ports';
import { memoryRepositories } from '../support/memory-repositories';

/**
 * Issue #17, section 4: key documents and status lists are kept in the Object Lock archive
 * whenever they change — every version as published, written once.
 */
async function world() {
  const clock = fixedClock('2026-12-05T10:00:00.000Z');
  const repos = memoryRepositories(clock);
  const vault = memoryKeyVault();
  const archive = memoryArchive();
  const arn = await vault.vault.create('main', 'Ed25519');
  const deps: StatusListDeps = {
    lists: repos.lists,
    signer: async () => vault.vault.signer(arn, 'https://badges.example.edu/issuers/main/keys/k1'),
    publicBaseUrl: 'https://badges.example.edu/',
    clock,
    archive: archive.archive,
  };
  return { deps, repos, archived: archive.objects, clock };
}

describe('the archive of status lists', () => {
  it('keeps each version as published: the new lists, then each change, once', async () => {
    const w = await world();
    await ensureStatusLists(w.deps, 'main', 7);
    const v0 = { issuerId: 'main', purpose: 'revocation' as const, listNo: 7, version: 0 };
    expect([...w.archived.keys()].sort()).toEqual([archiveKeys.statusList(v0), archiveKeys.statusList({ ...v0, purpose: 'suspension' })].sort());
    expect(w.archived.get(archiveKeys.statusList(v0))).toBe((await w.repos.lists.get('main', 'revocation', 7))!.document);

    w.clock.advance(60_000);
    await setStatusBit(w.deps, { issuerId: 'main', purpose: 'revocation', listNo: 7, index: 42 }, true);
    const v1 = (await w.repos.lists.get('main', 'revocation', 7))!;
    expect(v1.version).toBe(1);
    expect(w.archived.get(archiveKeys.statusList(v1))).toBe(v1.document);
    // Version 0 is still as it was published: a later version never replaces an earlier one.
    expect(w.archived.get(archiveKeys.statusList(v0))).not.toBe(v1.document);

    // A retry (the bit already set) publishes nothing new and keeps what is current.
    w.archived.delete(archiveKeys.statusList(v1)); // as if the first attempt failed before archiving
    await setStatusBit(w.deps, { issuerId: 'main', purpose: 'revocation', listNo: 7, index: 42 }, true);
    expect((await w.repos.lists.get('main', 'revocation', 7))!.version).toBe(1);
    expect(w.archived.get(archiveKeys.statusList(v1))).toBe(v1.document);
    expect(w.archived.size).toBe(3);
  });
});
