import {
  constituentAchievements,
  constituentEntry,
  pathwayAwardFromItem,
  pathwayAwardToItems,
  pathwayFromItem,
  pathwayKeys,
  pathwayToItems,
  type Pathway,
  type PathwayAward,
  type PathwayRepository,
} from '../../shared/entities/pathway';
import { withoutKeys } from '../../shared/entities/keys';
import type { Item, MemoryTable } from './memory-repositories';

/**
 * pathway.ts on the in-memory table: the same items under the same keys, the same conditions
 * (as predicates), transactions all or nothing — so the use case meets the same refusals here.
 */
export function memoryPathways(table: MemoryTable) {
  const conditionFailed = (e: unknown) => ['ConditionalCheckFailedException', 'TransactionCanceledException'].includes((e as Error)?.name);
  const attempt = (write: () => void): boolean => {
    try {
      write();
      return true;
    } catch (e) {
      if (conditionFailed(e)) return false;
      throw e;
    }
  };
  const updateAward = (a: Pick<PathwayAward, 'pathwayId' | 'pathwayVersion' | 'learnerKey'>, change: (i: Item) => void, condition: (i: Item | undefined) => boolean) => {
    let out: Item | undefined;
    return attempt(() => {
      out = table.write({ update: pathwayKeys.award(a.pathwayId, a.pathwayVersion, a.learnerKey), change, if: condition });
    })
      ? pathwayAwardFromItem(out!)
      : undefined;
  };
  return {
    /** create: LATEST and VERSION 'attribute_not_exists(PK)', index puts; one transaction. */
    async create(p: Pathway) {
      const items = pathwayToItems(p);
      return attempt(() => table.transact([{ put: items.latest, if: (i) => i === undefined }, { put: items.version, if: (i) => i === undefined }, ...items.index.map((put) => ({ put }))]));
    },
    async getLatest(id: string) {
      const item = table.get(pathwayKeys.latest(id));
      return item ? pathwayFromItem(item) : undefined;
    },
    async getVersion(id: string, version: number) {
      const item = table.get(pathwayKeys.version(id, version));
      return item ? pathwayFromItem(item) : undefined;
    },
    /** createVersion: LATEST 'version = :previous AND lifecycle <> :archived', index rewritten. */
    async createVersion(p: Pathway, previous: Pathway) {
      const items = pathwayToItems(p);
      const now = new Set(constituentAchievements(p));
      return attempt(() =>
        table.transact([
          { put: items.latest, if: (i) => i?.version === p.version - 1 && i.lifecycle !== 'archived' },
          { put: items.version, if: (i) => i === undefined },
          ...items.index.map((put) => ({ put })),
          ...constituentAchievements(previous).filter((a) => !now.has(a)).map((a) => ({ delete: pathwayKeys.byAchievement(a, p.id) })),
        ]),
      );
    },
    async setLifecycle(id: string, from: Pathway['lifecycle'], to: Pathway['lifecycle']) {
      let out: Item | undefined;
      return attempt(() => {
        out = table.write({ update: pathwayKeys.latest(id), spec: { set: { lifecycle: to } }, if: (i) => i?.lifecycle === from });
      })
        ? pathwayFromItem(out!)
        : undefined;
    },
    /** list: a GSI1 query (here: a scan of LATEST items, by name). */
    async list(q: { limit: number }) {
      const items = table.scan((i) => i.GSI1PK === 'PATHWAYS').sort((a, b) => String(a.GSI1SK).localeCompare(String(b.GSI1SK)));
      return { items: items.slice(0, q.limit).map(pathwayFromItem) };
    },
    async countingAchievement(achievementId: string) {
      return table.query(`PATHWAYS_BY_ACHIEVEMENT#${achievementId}`, 'PATHWAY#').map((i) => String(i.pathwayId));
    },
    async getAward(pathwayId: string, version: number, learnerKey: string) {
      const item = table.get(pathwayKeys.award(pathwayId, version, learnerKey));
      return item ? pathwayAwardFromItem(item) : undefined;
    },
    /** claimAward: the award 'attribute_not_exists(PK)', with its constituents' items; one transaction. */
    async claimAward(a: PathwayAward) {
      const items = pathwayAwardToItems(a);
      return attempt(() => table.transact([{ put: items.award, if: (i) => i === undefined }, ...items.constituents.map((put) => ({ put }))])) ? ('claimed' as const) : ('exists' as const);
    },
    markHeld: async (a: Pick<PathwayAward, 'pathwayId' | 'pathwayVersion' | 'learnerKey'>) => updateAward(a, (i) => void (i.outcome = 'held'), (i) => i !== undefined),
    recordRevocation: async (a: Pick<PathwayAward, 'pathwayId' | 'pathwayVersion' | 'learnerKey'>, revocation: PathwayAward['revocations'][number], seen: number) =>
      updateAward(
        a,
        (i) => void (i.revocations = [...((i.revocations as unknown[]) ?? []), revocation]),
        (i) => i !== undefined && ((i.revocations as unknown[]) ?? []).length === seen,
      ),
    async listAwards(pathwayId: string, q: { limit: number }) {
      return { items: table.query(`PATHWAY#${pathwayId}`, 'AWARD#').slice(0, q.limit).map(pathwayAwardFromItem) };
    },
    async awardsCounting(credentialId: string) {
      return table.query(`CONSTITUENT#${credentialId}`, 'AWARD#').map((i) => constituentEntry.parse(withoutKeys(i)));
    },
  } satisfies Partial<Record<keyof PathwayRepository, unknown>>;
}
