import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { putIfAbsent, withoutKeys } from './keys';

/**
 * Issuer — a faculty, campus or partner body that awards credentials under its own Profile
 * and keys. The deployment's default issuer comes from its settings until it is stored.
 *
 * Access patterns
 * - get profile:   PK=ISSUER#<issuerId>  SK=PROFILE
 * - list issuers:  GSI1PK=ISSUERS  GSI1SK=<name>#<issuerId>
 */
export const issuerRecord = z.object({
  issuerId: z.string(),
  name: z.string(),
  url: z.string(),
  email: z.string().optional(),
  description: z.string().optional(),
  image: z.object({ id: z.string(), caption: z.string().optional() }).optional(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type IssuerRecord = z.infer<typeof issuerRecord>;

export const issuerKeys = {
  profile: (issuerId: string) => ({ PK: `ISSUER#${issuerId}`, SK: 'PROFILE' }),
  listed: (i: Pick<IssuerRecord, 'name' | 'issuerId'>) => ({ GSI1PK: 'ISSUERS', GSI1SK: `${i.name.toLowerCase()}#${i.issuerId}` }),
};

export const issuerToItem = (i: IssuerRecord) => ({ ...issuerKeys.profile(i.issuerId), ...issuerKeys.listed(i), entity: 'Issuer', ...i });
export const issuerFromItem = (item: Record<string, unknown>) => issuerRecord.parse(withoutKeys(item));

export function issuerRepository(db: DynamoDBDocumentClient, tableName: string) {
  return {
    create: (i: IssuerRecord) => putIfAbsent(db, tableName, issuerToItem(i)),
    async get(issuerId: string): Promise<IssuerRecord | undefined> {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: issuerKeys.profile(issuerId) }));
      return Item ? issuerFromItem(Item) : undefined;
    },
  };
}
export type IssuerRepository = ReturnType<typeof issuerRepository>;

/** The issuer's profile: stored, or (for the deployment's default issuer) from its settings. */
export async function loadIssuer(
  deps: { issuers: Pick<IssuerRepository, 'get'>; defaultIssuer: Pick<IssuerRecord, 'issuerId' | 'name' | 'url'> },
  issuerId: string,
): Promise<IssuerRecord | undefined> {
  const stored = await deps.issuers.get(issuerId);
  if (stored) return stored;
  if (issuerId === deps.defaultIssuer.issuerId) return { ...deps.defaultIssuer, createdAt: '', createdBy: 'deployment settings' };
  return undefined;
}
