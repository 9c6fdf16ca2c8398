import { diffAchievements, type FieldChange } from '../domain/achievement-diff';
import type { Achievement, AchievementRepository } from '../entities/achievement';
import { decodeCursor, encodeCursor } from '../entities/cursor';
import { NotFoundError, ValidationError } from '../errors';

/**
 * An achievement's history: every version with who wrote it, when and why, and what it changed —
 * what an appeal asks ("which rules applied when this was issued, and who changed them since?").
 */
export interface VersionDeps {
  achievements: Pick<AchievementRepository, 'listVersions' | 'getVersion'>;
}

const summary = (a: Achievement, changes: FieldChange[]) => ({
  version: a.version,
  createdAt: a.createdAt,
  createdBy: a.createdBy,
  ...(a.changeNote ? { changeNote: a.changeNote } : {}),
  changes,
});

/**
 * Versions newest first, each with its changes from the one before (version 1: none). A page reads
 * one version more than it shows, to diff its oldest; the next page starts there.
 */
export async function achievementVersions(deps: VersionDeps, id: string, q: { limit: number; cursor?: string | undefined }) {
  const pk = `ACHIEVEMENT#${id}`;
  const after = decodeCursor(q.cursor, { PK: pk });
  const { items } = await deps.achievements.listVersions(id, { limit: q.limit + 1, after });
  if (items.length === 0 && !after) throw new NotFoundError(`No achievement with id '${id}'.`);
  const shown = items.slice(0, q.limit);
  const versions = shown.map((a, i) => {
    const previous = items[i + 1];
    return summary(a, previous ? diffAchievements(previous, a) : []);
  });
  const last = shown.at(-1);
  const more = items.length > q.limit && last;
  return { items: versions, ...(more ? { cursor: encodeCursor({ PK: pk, SK: `VERSION#${String(last.version).padStart(6, '0')}` }) } : {}) };
}

/** What differs between any two versions (`from` earlier or later than `to`: the changes read from → to). */
export async function compareAchievementVersions(deps: VersionDeps, id: string, from: number, to: number) {
  if (from === to) throw new ValidationError('Compare two different versions.', [{ path: 'query.to', message: 'must differ from `from`' }]);
  const [a, b] = await Promise.all([deps.achievements.getVersion(id, from), deps.achievements.getVersion(id, to)]);
  const missing = [!a && from, !b && to].filter((v): v is number => typeof v === 'number');
  if (missing.length) throw new NotFoundError(`Achievement '${id}' has no version ${missing.join(' or ')}.`);
  return { id, from: summary(a!, []), to: summary(b!, []), changes: diffAchievements(a!, b!) };
}
