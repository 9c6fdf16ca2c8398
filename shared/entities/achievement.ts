import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../zod';
import { built } from '../built';
import { achievementFields } from '../domain/achievement-definition';
import { isConditionFailure, withoutKeys } from './keys';

/**
 * Achievement — what staff define and learners earn. Versioned: every change writes a new
 * VERSION item, and an issuance keeps the version it was issued under.
 *
 * Access patterns
 * - get latest:           PK=ACHIEVEMENT#<id>  SK=LATEST
 * - get a version:        PK=ACHIEVEMENT#<id>  SK=VERSION#<000001>
 * - versions, newest:     PK=ACHIEVEMENT#<id>  SK begins_with VERSION#  (descending)
 * - list by issuer:       GSI1PK=ISSUER#<issuerId>#ACHIEVEMENTS  GSI1SK=<name>#<id>   (LATEST items;
 *                         kind, lifecycle and tag as filters)
 *
 * A change writes VERSION#n+1 and moves LATEST in one transaction conditioned on LATEST still
 * being version n, so two concurrent edits cannot both win. Archiving is a state of LATEST,
 * not a new version: the definition did not change.
 */
export const achievementRecord = /* @__PURE__ */ built(() => z.object({
  ...achievementFields,
  id: z.string(),
  version: z.number().check(z.int(), z.positive()),
  issuerId: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  /** Why this version differs from the previous one. */
  changeNote: z.optional(z.string()),
  /** archived: no new issuances; what was issued stays valid. */
  lifecycle: z._default(z.enum(['active', 'archived']), 'active'),
  archived: z.optional(z.object({ by: z.string(), at: z.string(), reason: z.optional(z.string()) })),
}));
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
    /** Writes version n+1 and moves LATEST to it, if LATEST is still version n; false otherwise. */
    async createVersion(a: Achievement): Promise<boolean> {
      const items = achievementToItems(a);
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: items.latest,
                  ConditionExpression: 'version = :previous AND lifecycle <> :archived',
                  ExpressionAttributeValues: { ':previous': a.version - 1, ':archived': 'archived' },
                },
              },
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
    /** Archives or restores LATEST; undefined if it was not in the state `from`. */
    async setLifecycle(id: string, from: Achievement['lifecycle'], to: Achievement['lifecycle'], archived?: Achievement['archived']): Promise<Achievement | undefined> {
      try {
        const { Attributes } = await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: achievementKeys.latest(id),
            UpdateExpression: archived ? 'SET lifecycle = :to, archived = :archived' : 'SET lifecycle = :to REMOVE archived',
            ConditionExpression: 'attribute_exists(PK) AND lifecycle = :from',
            ExpressionAttributeValues: { ':to': to, ':from': from, ...(archived ? { ':archived': archived } : {}) },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return achievementFromItem(Attributes!);
      } catch (e) {
        if (isConditionFailure(e)) return undefined;
        throw e;
      }
    },
    /** An issuer's achievements by name (LATEST items), filtered; a page at a time. */
    async listByIssuer(issuerId: string, q: { limit: number; lifecycle?: Achievement['lifecycle']; kind?: string; tag?: string; after?: Record<string, unknown> }) {
      const filters: string[] = [];
      const values: Record<string, unknown> = { ':pk': `ISSUER#${issuerId}#ACHIEVEMENTS` };
      if (q.lifecycle) {
        filters.push('lifecycle = :lifecycle');
        values[':lifecycle'] = q.lifecycle;
      }
      if (q.kind) {
        filters.push('kind = :kind');
        values[':kind'] = q.kind;
      }
      if (q.tag) {
        filters.push('contains(tags, :tag)');
        values[':tag'] = q.tag;
      }
      const items: Achievement[] = [];
      let after = q.after;
      // DynamoDB applies Limit before the filter: read on (a few pages at most) to fill the page.
      for (let reads = 0; reads < 5 && items.length < q.limit; reads++) {
        const { Items = [], LastEvaluatedKey } = await db.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: 'GSI1',
            KeyConditionExpression: 'GSI1PK = :pk',
            ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
            ExpressionAttributeValues: values,
            Limit: q.limit - items.length,
            ...(after ? { ExclusiveStartKey: after } : {}),
          }),
        );
        items.push(...Items.map(achievementFromItem));
        after = LastEvaluatedKey;
        if (!after) break;
      }
      return { items, next: after };
    },
    /** Versions newest first, a page at a time (`after`: the previous page's last key). */
    async listVersions(id: string, q: { limit: number; after?: Record<string, unknown> | undefined }) {
      const { Items = [], LastEvaluatedKey } = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :v)',
          ExpressionAttributeValues: { ':pk': `ACHIEVEMENT#${id}`, ':v': 'VERSION#' },
          ScanIndexForward: false,
          Limit: q.limit,
          ...(q.after ? { ExclusiveStartKey: q.after } : {}),
        }),
      );
      return { items: Items.map(achievementFromItem), ...(LastEvaluatedKey ? { next: LastEvaluatedKey } : {}) };
    },
    async getVersion(id: string, version: number): Promise<Achievement | undefined> {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: achievementKeys.version(id, version) }));
      return Item ? achievementFromItem(Item) : undefined;
    },
  };
}
export type AchievementRepository = ReturnType<typeof achievementRepository>;
