import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../zod';
import { built } from '../built';
import { slug, text } from '../domain/fields';
import { isConditionFailure, queryPartition, withoutKeys } from './keys';

/**
 * Pathway — a declarative rule that awards an achievement (the target, Z) by itself once a
 * learner holds the constituents it asks for: every group satisfied (`all` of its achievements,
 * or `anyOf` `count` of them), optionally all within `withinDays` of each other, optionally only
 * credentials still valid when Z is awarded. Versioned as achievements are: every change writes
 * a new VERSION item, and an award names the version it satisfied (once per learner and version).
 *
 * Access patterns
 * - get latest:                 PK=PATHWAY#<id>  SK=LATEST
 * - get a version:              PK=PATHWAY#<id>  SK=VERSION#<000001>
 * - list (by name):             GSI1PK=PATHWAYS  GSI1SK=<name>#<id>  (LATEST items)
 * - pathways counting an achievement (what a CredentialIssued evaluates, one query):
 *                               PK=PATHWAYS_BY_ACHIEVEMENT#<achievementId>  SK=PATHWAY#<pathwayId>
 *   rewritten in the pathway's write transaction: an achievement a new version no longer counts
 *   loses its item in the same write that drops it.
 * - an award (one per learner and version):
 *                               PK=PATHWAY#<id>  SK=AWARD#<000001>#<learnerKey>
 *   (learnerKey: the learner index key, `email:<hmac>` — shared/entities/learner.ts)
 * - a pathway's awards:         PK=PATHWAY#<id>  SK begins_with AWARD#
 * - awards a credential counted toward (the revocation rule):
 *                               PK=CONSTITUENT#<credentialId>  SK=AWARD#<pathwayId>#<000001>#<learnerKey>
 *   written with the award, in one transaction.
 *
 * Base-table items throughout, read with ConsistentRead: an award decided a moment ago by a
 * concurrent evaluation must be seen, which no GSI promises.
 */
const achievementIds = /* @__PURE__ */ built(() => z.array(slug).check(z.minLength(1), z.maxLength(20)));
export const pathwayRequirement = /* @__PURE__ */ built(() =>
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('all'), achievementIds }),
    z.strictObject({ kind: z.literal('anyOf'), count: z.int().check(z.positive(), z.lte(20)), achievementIds }),
  ]),
);
export type PathwayRequirement = z.infer<typeof pathwayRequirement>;

/** What defines a pathway (what staff send, and what each version keeps). */
export const pathwayFields = /* @__PURE__ */ built(() => ({
  name: text(200),
  description: z._default(z.string().check(z.maxLength(5000)), ''),
  /** The achievement the pathway awards (Z). */
  targetAchievementId: slug,
  /** Every group must be satisfied. */
  requirements: z.array(pathwayRequirement).check(z.minLength(1), z.maxLength(10)),
  /** All counted constituents issued within this many days of each other. */
  withinDays: z.optional(z.int().check(z.positive(), z.lte(36500))),
  /** Only constituents ACTIVE, not expired and not superseded when Z is awarded count. */
  onlyValid: z._default(z.boolean(), false),
  /** When a constituent is revoked: flag Z for staff review, or suspend Z. */
  onRevoke: z._default(z.enum(['review', 'suspend']), 'review'),
}));

export const pathwayRecord = /* @__PURE__ */ built(() => z.object({
  ...pathwayFields,
  id: z.string(),
  version: z.int().check(z.positive()),
  issuerId: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  changeNote: z.optional(z.string()),
  /** archived: no new awards; what was awarded stays. */
  lifecycle: z._default(z.enum(['active', 'archived']), 'active'),
}));
export type Pathway = z.infer<typeof pathwayRecord>;

/** The achievements a pathway counts (each once). */
export const constituentAchievements = (p: Pick<Pathway, 'requirements'>) => [...new Set(p.requirements.flatMap((r) => r.achievementIds))];

/** A constituent credential an award was made from. */
const constituent = /* @__PURE__ */ built(() => z.object({ credentialId: z.string(), achievementId: z.string(), url: z.string() }));

/**
 * One award of a pathway version to one learner: the issuance of Z it requested (a derived id, so a
 * second evaluation finds it), the constituents it was awarded from, and the revocation rule as applied.
 */
export const pathwayAwardRecord = /* @__PURE__ */ built(() => z.object({
  pathwayId: z.string(),
  pathwayVersion: z.int(),
  learnerKey: z.string(),
  targetAchievementId: z.string(),
  issuanceId: z.string(),
  credentialId: z.string(),
  constituents: z.array(constituent),
  awardedAt: z.string(),
  /** requested: Z's issuance is ours; held: the learner already held Z (nothing was issued). */
  outcome: z.enum(['requested', 'held']),
  onRevoke: z.enum(['review', 'suspend']),
  /** Each constituent revoked since, and what the pathway's rule did about it. */
  revocations: z._default(z.array(z.object({ credentialId: z.string(), at: z.string(), applied: z.enum(['review', 'suspend', 'none']), detail: z.optional(z.string()) })), []),
}));
export type PathwayAward = z.infer<typeof pathwayAwardRecord>;

/** What a constituent's index item says: the award it counted toward. */
export const constituentEntry = /* @__PURE__ */ built(() => z.object({ pathwayId: z.string(), pathwayVersion: z.int(), learnerKey: z.string(), credentialId: z.string() }));
export type ConstituentEntry = z.infer<typeof constituentEntry>;

const pad = (v: number) => String(v).padStart(6, '0');
export const pathwayKeys = {
  latest: (id: string) => ({ PK: `PATHWAY#${id}`, SK: 'LATEST' }),
  version: (id: string, version: number) => ({ PK: `PATHWAY#${id}`, SK: `VERSION#${pad(version)}` }),
  list: (p: Pick<Pathway, 'name' | 'id'>) => ({ GSI1PK: 'PATHWAYS', GSI1SK: `${p.name.toLowerCase()}#${p.id}` }),
  byAchievement: (achievementId: string, pathwayId: string) => ({ PK: `PATHWAYS_BY_ACHIEVEMENT#${achievementId}`, SK: `PATHWAY#${pathwayId}` }),
  award: (pathwayId: string, version: number, learnerKey: string) => ({ PK: `PATHWAY#${pathwayId}`, SK: `AWARD#${pad(version)}#${learnerKey}` }),
  constituent: (credentialId: string, a: Pick<PathwayAward, 'pathwayId' | 'pathwayVersion' | 'learnerKey'>) => ({
    PK: `CONSTITUENT#${credentialId}`,
    SK: `AWARD#${a.pathwayId}#${pad(a.pathwayVersion)}#${a.learnerKey}`,
  }),
};

export const pathwayToItems = (p: Pathway) => ({
  latest: { ...pathwayKeys.latest(p.id), ...pathwayKeys.list(p), entity: 'Pathway', ...p },
  version: { ...pathwayKeys.version(p.id, p.version), entity: 'PathwayVersion', ...p },
  index: constituentAchievements(p).map((a) => ({ ...pathwayKeys.byAchievement(a, p.id), entity: 'PathwayIndex', pathwayId: p.id, achievementId: a })),
});
export const pathwayFromItem = (item: Record<string, unknown>): Pathway => pathwayRecord.parse(withoutKeys(item));
export const pathwayAwardToItems = (a: PathwayAward) => ({
  award: { ...pathwayKeys.award(a.pathwayId, a.pathwayVersion, a.learnerKey), entity: 'PathwayAward', ...a },
  constituents: a.constituents.map((c) => ({
    ...pathwayKeys.constituent(c.credentialId, a),
    entity: 'PathwayConstituent',
    pathwayId: a.pathwayId,
    pathwayVersion: a.pathwayVersion,
    learnerKey: a.learnerKey,
    credentialId: c.credentialId,
  })),
});
export const pathwayAwardFromItem = (item: Record<string, unknown>): PathwayAward => pathwayAwardRecord.parse(withoutKeys(item));

export function pathwayRepository(db: DynamoDBDocumentClient, tableName: string) {
  const getLatest = async (id: string): Promise<Pathway | undefined> => {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: pathwayKeys.latest(id), ConsistentRead: true }));
    return Item ? pathwayFromItem(Item) : undefined;
  };
  return {
    /** Writes version 1, LATEST and the by-achievement index together; false if the id is taken. */
    async create(p: Pathway): Promise<boolean> {
      const items = pathwayToItems(p);
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: tableName, Item: items.latest, ConditionExpression: 'attribute_not_exists(PK)' } },
              { Put: { TableName: tableName, Item: items.version, ConditionExpression: 'attribute_not_exists(PK)' } },
              ...items.index.map((Item) => ({ Put: { TableName: tableName, Item } })),
            ],
          }),
        );
        return true;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },
    getLatest,
    async getVersion(id: string, version: number): Promise<Pathway | undefined> {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: pathwayKeys.version(id, version), ConsistentRead: true }));
      return Item ? pathwayFromItem(Item) : undefined;
    },
    /**
     * Writes version n+1, moves LATEST to it (if LATEST is still version n and active) and rewrites
     * the by-achievement index: items for what it counts, deletes for what `previous` counted and it
     * no longer does. False if another change came first.
     */
    async createVersion(p: Pathway, previous: Pathway): Promise<boolean> {
      const items = pathwayToItems(p);
      const now = new Set(constituentAchievements(p));
      const dropped = constituentAchievements(previous).filter((a) => !now.has(a));
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: items.latest,
                  ConditionExpression: 'version = :previous AND lifecycle <> :archived',
                  ExpressionAttributeValues: { ':previous': p.version - 1, ':archived': 'archived' },
                },
              },
              { Put: { TableName: tableName, Item: items.version, ConditionExpression: 'attribute_not_exists(PK)' } },
              ...items.index.map((Item) => ({ Put: { TableName: tableName, Item } })),
              ...dropped.map((a) => ({ Delete: { TableName: tableName, Key: pathwayKeys.byAchievement(a, p.id) } })),
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
    async setLifecycle(id: string, from: Pathway['lifecycle'], to: Pathway['lifecycle']): Promise<Pathway | undefined> {
      try {
        const { Attributes } = await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: pathwayKeys.latest(id),
            UpdateExpression: 'SET lifecycle = :to',
            ConditionExpression: 'attribute_exists(PK) AND lifecycle = :from',
            ExpressionAttributeValues: { ':to': to, ':from': from },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return pathwayFromItem(Attributes!);
      } catch (e) {
        if (isConditionFailure(e)) return undefined;
        throw e;
      }
    },
    /** Pathways by name (LATEST items), a page at a time. */
    async list(q: { limit: number; after?: Record<string, unknown> | undefined }) {
      const { Items = [], LastEvaluatedKey } = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': 'PATHWAYS' },
          Limit: q.limit,
          ...(q.after ? { ExclusiveStartKey: q.after } : {}),
        }),
      );
      return { items: Items.map(pathwayFromItem), ...(LastEvaluatedKey ? { next: LastEvaluatedKey } : {}) };
    },
    /** The ids of the pathways that count an achievement (one consistent query). */
    async countingAchievement(achievementId: string): Promise<string[]> {
      return (await queryPartition(db, tableName, `PATHWAYS_BY_ACHIEVEMENT#${achievementId}`, 'PATHWAY#')).map((i) => String(i.pathwayId));
    },
    async getAward(pathwayId: string, version: number, learnerKey: string): Promise<PathwayAward | undefined> {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: pathwayKeys.award(pathwayId, version, learnerKey), ConsistentRead: true }));
      return Item ? pathwayAwardFromItem(Item) : undefined;
    },
    /**
     * Claims the award of a version for a learner, with its constituents' index items, in one
     * transaction: 'claimed', or 'exists' when an evaluation claimed it first (its award stands).
     */
    async claimAward(a: PathwayAward): Promise<'claimed' | 'exists'> {
      const items = pathwayAwardToItems(a);
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: tableName, Item: items.award, ConditionExpression: 'attribute_not_exists(PK)' } },
              ...items.constituents.map((Item) => ({ Put: { TableName: tableName, Item } })),
            ],
          }),
        );
        return 'claimed';
      } catch (e) {
        if (isConditionFailure(e)) return 'exists';
        throw e;
      }
    },
    /** The learner already held Z: the award is that (nothing of ours was issued). */
    markHeld: (a: Pick<PathwayAward, 'pathwayId' | 'pathwayVersion' | 'learnerKey'>) =>
      updateAward(a, 'SET #outcome = :held', 'attribute_exists(PK)', { ':held': 'held' }),
    /** Records what the rule did about a revoked constituent, once per constituent; undefined if it was recorded already. */
    recordRevocation: (a: Pick<PathwayAward, 'pathwayId' | 'pathwayVersion' | 'learnerKey'>, revocation: PathwayAward['revocations'][number], seen: number) =>
      // Every award is written with its (empty) list, so the list is there to append to and measure.
      updateAward(a, 'SET #revocations = list_append(#revocations, :one)', 'attribute_exists(PK) AND size(#revocations) = :seen', { ':one': [revocation], ':seen': seen }),
    /** A pathway's awards, a page at a time. */
    async listAwards(pathwayId: string, q: { limit: number; after?: Record<string, unknown> | undefined }) {
      const { Items = [], LastEvaluatedKey } = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
          ExpressionAttributeValues: { ':pk': `PATHWAY#${pathwayId}`, ':sk': 'AWARD#' },
          Limit: q.limit,
          ...(q.after ? { ExclusiveStartKey: q.after } : {}),
        }),
      );
      return { items: Items.map(pathwayAwardFromItem), ...(LastEvaluatedKey ? { next: LastEvaluatedKey } : {}) };
    },
    /** The awards a credential counted toward (consistent). */
    async awardsCounting(credentialId: string): Promise<ConstituentEntry[]> {
      return (await queryPartition(db, tableName, `CONSTITUENT#${credentialId}`, 'AWARD#')).map((i) => constituentEntry.parse(withoutKeys(i)));
    },
  };
  async function updateAward(a: Pick<PathwayAward, 'pathwayId' | 'pathwayVersion' | 'learnerKey'>, expression: string, condition: string, values: Record<string, unknown>): Promise<PathwayAward | undefined> {
    try {
      const { Attributes } = await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: pathwayKeys.award(a.pathwayId, a.pathwayVersion, a.learnerKey),
          UpdateExpression: expression,
          ConditionExpression: condition,
          // Attributes named as #name (a reserved word can never bite).
          ExpressionAttributeNames: Object.fromEntries([...`${expression} ${condition}`.matchAll(/#([A-Za-z0-9_]+)/g)].map(([n, attr]) => [n, attr!])),
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return pathwayAwardFromItem(Attributes!);
    } catch (e) {
      if (isConditionFailure(e)) return undefined;
      throw e;
    }
  }
}
export type PathwayRepository = ReturnType<typeof pathwayRepository>;
