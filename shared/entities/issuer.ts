import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../zod';
import { built } from '../built';
import { isConditionFailure, putIfAbsent, withoutKeys } from './keys';
import { buildUpdate } from './update';

/**
 * Issuer — a faculty, campus or partner body that awards credentials under its own Profile
 * and keys. The deployment's default issuer comes from its settings until it is stored.
 *
 * Access patterns
 * - get profile:   PK=ISSUER#<issuerId>  SK=PROFILE
 * - list issuers:  GSI1PK=ISSUERS  GSI1SK=<name>#<issuerId>
 */
export const issuerRecord = /* @__PURE__ */ built(() => z.object({
  issuerId: z.string(),
  name: z.string(),
  url: z.string(),
  email: z.optional(z.string()),
  description: z.optional(z.string()),
  image: z.optional(z.object({ id: z.string(), caption: z.optional(z.string()) })),
  /** LinkedIn's numeric id of the organization, so "Add to profile" names this issuer's page. */
  linkedInOrganizationId: z.optional(z.string()),
  /**
   * The issuer's public directory of the learners who opted in (README "The directory"): off
   * unless `enabled`; `searchEngines` lets search engines index it (noindex otherwise). Absent: both off.
   */
  directory: z.optional(z.object({ enabled: z.boolean(), searchEngines: z.boolean() })),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.optional(z.string()),
  updatedBy: z.optional(z.string()),
}));
export type IssuerRecord = z.infer<typeof issuerRecord>;

export const issuerKeys = {
  profile: (issuerId: string) => ({ PK: `ISSUER#${issuerId}`, SK: 'PROFILE' }),
  listed: (i: Pick<IssuerRecord, 'name' | 'issuerId'>) => ({ GSI1PK: 'ISSUERS', GSI1SK: `${i.name.toLowerCase()}#${i.issuerId}` }),
};

/** The directory's settings, off when the issuer never set them. */
export const directorySettings = (i: Pick<IssuerRecord, 'directory'> | undefined) => i?.directory ?? { enabled: false, searchEngines: false };

export const issuerToItem = (i: IssuerRecord) => ({ ...issuerKeys.profile(i.issuerId), ...issuerKeys.listed(i), entity: 'Issuer', ...i });
export const issuerFromItem = (item: Record<string, unknown>) => issuerRecord.parse(withoutKeys(item));

export function issuerRepository(db: DynamoDBDocumentClient, tableName: string) {
  return {
    create: (i: IssuerRecord) => putIfAbsent(db, tableName, issuerToItem(i)),
    async get(issuerId: string): Promise<IssuerRecord | undefined> {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: issuerKeys.profile(issuerId) }));
      return Item ? issuerFromItem(Item) : undefined;
    },
    /** Changes a stored profile (and its place in the by-name list); undefined if none is stored. */
    async update(issuerId: string, change: Partial<IssuerRecord>): Promise<IssuerRecord | undefined> {
      const set: Record<string, unknown> = { ...change };
      if (change.name) set.GSI1SK = issuerKeys.listed({ name: change.name, issuerId }).GSI1SK;
      const u = buildUpdate({ set }).withCondition('attribute_exists(PK)');
      try {
        const { Attributes } = await db.send(new UpdateCommand({ TableName: tableName, Key: issuerKeys.profile(issuerId), ...u, ReturnValues: 'ALL_NEW' }));
        return issuerFromItem(Attributes!);
      } catch (e) {
        if (isConditionFailure(e)) return undefined;
        throw e;
      }
    },
    /** Stored issuers by name, a page at a time. */
    async list(page: { limit: number; after?: Record<string, unknown> }) {
      const { Items = [], LastEvaluatedKey } = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': 'ISSUERS' },
          Limit: page.limit,
          ...(page.after ? { ExclusiveStartKey: page.after } : {}),
        }),
      );
      return { items: Items.map(issuerFromItem), next: LastEvaluatedKey };
    },
  };
}
export type IssuerRepository = ReturnType<typeof issuerRepository>;

/** The issuer's profile: stored, or (for the deployment's default issuer) from its settings. */
export async function loadIssuer(
  deps: { issuers: Pick<IssuerRepository, 'get'>; defaultIssuer: Pick<IssuerRecord, 'issuerId' | 'name' | 'url' | 'linkedInOrganizationId'> },
  issuerId: string,
): Promise<IssuerRecord | undefined> {
  const stored = await deps.issuers.get(issuerId);
  if (stored) return stored;
  if (issuerId === deps.defaultIssuer.issuerId) return { ...deps.defaultIssuer, createdAt: '', createdBy: 'deployment settings' };
  return undefined;
}
