import { randomUUID } from 'node:crypto';
import type { CreateAchievementBody } from '../api/schemas';
import type { Achievement, AchievementRepository } from '../entities/achievement';
import { ConflictError, NotFoundError } from '../errors';
import type { Principal } from '../http/auth';

export interface AchievementDeps {
  achievements: Pick<AchievementRepository, 'create' | 'getLatest'>;
  issuerId: string;
  now?: () => Date;
}

export async function createAchievement(deps: AchievementDeps, input: CreateAchievementBody, actor: Principal): Promise<Achievement> {
  const { id, ...fields } = input;
  const achievement: Achievement = {
    ...fields,
    id: id ?? randomUUID(),
    version: 1,
    issuerId: deps.issuerId,
    createdAt: (deps.now?.() ?? new Date()).toISOString(),
    createdBy: actor.name,
  };
  if (!(await deps.achievements.create(achievement))) {
    throw new ConflictError(`An achievement with id '${achievement.id}' already exists.`);
  }
  return achievement;
}

export async function getAchievement(deps: Pick<AchievementDeps, 'achievements'>, id: string): Promise<Achievement> {
  const achievement = await deps.achievements.getLatest(id);
  if (!achievement) throw new NotFoundError(`No achievement with id '${id}'.`);
  return achievement;
}
