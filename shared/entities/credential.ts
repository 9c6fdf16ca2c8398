import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { putIfAbsent, withoutKeys } from './keys';

/**
 * Credential — a signed, stored credential. Written by the Store step right after the artifact
 * is in S3, so an artifact never exists without its record.
 *
 * Access patterns
 * - get by id:                    PK=CREDENTIAL#<id>  SK=CREDENTIAL
 * - list by achievement, newest:  GSI1PK=ACHIEVEMENT#<achievementId>#CREDENTIALS  GSI1SK=<issuedAt>#<id>
 */
export const credentialRecord = z.object({
  id: z.string(),
  issuanceId: z.string(),
  achievementId: z.string(),
  achievementVersion: z.number().int(),
  issuerId: z.string(),
  status: z.enum(['ACTIVE', 'REVOKED', 'SUSPENDED']),
  issuedAt: z.string(),
  validUntil: z.string().optional(),
  artifact: z.object({ key: z.string(), sha256: z.string() }),
  verificationMethod: z.string(),
});
export type CredentialRecord = z.infer<typeof credentialRecord>;

export const credentialKeys = {
  item: (id: string) => ({ PK: `CREDENTIAL#${id}`, SK: 'CREDENTIAL' }),
  byAchievement: (c: Pick<CredentialRecord, 'achievementId' | 'issuedAt' | 'id'>) => ({
    GSI1PK: `ACHIEVEMENT#${c.achievementId}#CREDENTIALS`,
    GSI1SK: `${c.issuedAt}#${c.id}`,
  }),
};

export const credentialToItem = (c: CredentialRecord) => ({
  ...credentialKeys.item(c.id),
  ...credentialKeys.byAchievement(c),
  entity: 'Credential',
  ...c,
});
export const credentialFromItem = (item: Record<string, unknown>) => credentialRecord.parse(withoutKeys(item));

export function credentialRepository(db: DynamoDBDocumentClient, tableName: string) {
  return {
    /** Idempotent: a second put of the same credential is a no-op; a different one is refused. */
    async putOnce(c: CredentialRecord): Promise<'created' | 'exists'> {
      return (await putIfAbsent(db, tableName, credentialToItem(c))) ? 'created' : 'exists';
    },
    async get(id: string): Promise<CredentialRecord | undefined> {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: credentialKeys.item(id) }));
      return Item ? credentialFromItem(Item) : undefined;
    },
  };
}
export type CredentialRepository = ReturnType<typeof credentialRepository>;
