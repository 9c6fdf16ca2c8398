import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { achievementFields } from '../api/schemas';
import { isConditionFailure, withoutKeys } from './keys';

/**
 * Achievement — what staff define and learners earn. Versioned: every change writes a new
 * VERSION item, and an issuance keeps the version it was issued under.
 *
 * Access patterns
 * - get latest:           PK=ACHIEVEMENT#<id>  SK=LATEST
 * - get a version:        PK=ACHIEVEMENT#<id>  SK=VERSION#<000001>
 * - list by issuer:       GSI1PK=ISSUER#<issuerId>#ACHIEVEMENTS  GSI1SK=<name>#<id>   (LATEST items)
 */
export const achievementRecord = z.object({
  ...achievementFields,
  id: z.string(),
  version: z.number().int().positive(),
  issuerId: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type Achievement = z.infer<typeof achievementRecord>;

const pad = (v: number) => String(v).padStart(6, '0');
export const achievementKeys = {
  latest: (id: string) => ({ PK: `ACHIEVEMENT#${id}`, SK: 'LATEST' }),
  version: (id: string, version: number) => ({ PK: `ACHIEVEMENT#${id}`, SK: `VERSION#${pad(version)}` }),
  byIssuer: (a: Pick<Achievement, 'issuerId' | 'name' | 'id'>) => ({
    GSI1PK: `ISSUER#${a.issuerId}#ACHIEVEMENTS`,
    GSI1SK: `${a.name.toLowerCase()}#${a.id}`,
  }),
};

export const achievementToItems = (a: Achievement) => ({
  latest: { ...achievementKeys.latest(a.id), ...achievementKeys.byIssuer(a), entity: 'Achievement', ...a },
  version: { ...achievementKeys.version(a.id, a.version), entity: 'AchievementVersion', ...a },
});
export const achievementFromItem = (item: Record<string, unknown>): Achievement => achievementRecord.parse(withoutKeys(item));

export function achievementRepository(db: DynamoDBDocumentClient, tableName: string) {
  return {
    /** Writes version 1 and the LATEST pointer together; false if the id is taken. */
    async create(a: Achievement): Promise<boolean> {
      const items = achievementToItems(a);
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: tableName, Item: items.latest, ConditionExpression: 'attribute_not_exists(PK)' } },
              { Put: { TableName: tableName, Item: items.version, ConditionExpression: 'attribute_not_exists(PK)' } },
            ],
          }),
        );
        return true;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },
    async getLatest(id: string): Promise<Achievement | undefined> {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: achievementKeys.latest(id) }));
      return Item ? achievementFromItem(Item) : undefined;
    },
    async getVersion(id: string, version: number): Promise<Achievement | undefined> {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: achievementKeys.version(id, version) }));
      return Item ? achievementFromItem(Item) : undefined;
    },
  };
}
export type AchievementRepository = ReturnType<typeof achievementRepository>;
