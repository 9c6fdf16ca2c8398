import { randomUUID } from 'node:crypto';
import type { CreateAchievementBody } from '../api/schemas';
import type { Achievement, AchievementRepository } from '../entities/achievement';
import { loadIssuer, type IssuerRecord, type IssuerRepository } from '../entities/issuer';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import type { Principal } from '../http/auth';

export interface AchievementDeps {
  achievements: Pick<AchievementRepository, 'create' | 'getLatest'>;
  issuers: Pick<IssuerRepository, 'get'>;
  defaultIssuer: Pick<IssuerRecord, 'issuerId' | 'name' | 'url'>;
  now?: () => Date;
}

export async function createAchievement(deps: AchievementDeps, input: CreateAchievementBody, actor: Principal): Promise<Achievement> {
  const { id, issuerId = deps.defaultIssuer.issuerId, ...fields } = input;
  if (!(await loadIssuer(deps, issuerId))) {
    throw new ValidationError('The issuer does not exist.', [{ path: 'body.issuerId', message: `no issuer '${issuerId}'` }]);
  }
  const achievement: Achievement = {
    ...fields,
    id: id ?? randomUUID(),
    version: 1,
    issuerId,
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
