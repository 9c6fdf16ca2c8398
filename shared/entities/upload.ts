import { DeleteCommand, GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../zod';
import { built } from '../built';
import { putIfAbsent, withoutKeys } from './keys';

/**
 * EvidenceUpload — a file staff upload (by presigned URL) to support an issuance request.
 * Expires (TTL) a week after it was offered; the issuance keeps the file's hash forever.
 *
 * Access pattern
 * - get by id:  PK=UPLOAD#<uploadId>  SK=UPLOAD
 */
export const MAX_EVIDENCE_BYTES = 25 * 1024 * 1024;

export const uploadRecord = /* @__PURE__ */ built(() => z.object({
  uploadId: z.string(),
  key: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.int(),
  uploadedBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.int(),
}));
export type UploadRecord = z.infer<typeof uploadRecord>;

export const uploadKeys = { item: (uploadId: string) => ({ PK: `UPLOAD#${uploadId}`, SK: 'UPLOAD' }) };

export function uploadRepository(db: DynamoDBDocumentClient, tableName: string) {
  return {
    create: (u: UploadRecord) => putIfAbsent(db, tableName, { ...uploadKeys.item(u.uploadId), entity: 'EvidenceUpload', ...u }),
    async get(uploadId: string): Promise<UploadRecord | undefined> {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: uploadKeys.item(uploadId), ConsistentRead: true }));
      return Item ? uploadRecord.parse(withoutKeys(Item)) : undefined;
    },
    /** A learner's erasure: the upload's record (its file name) goes with the file. */
    remove: async (uploadId: string) => {
      await db.send(new DeleteCommand({ TableName: tableName, Key: uploadKeys.item(uploadId) }));
    },
  };
}
export type UploadRepository = ReturnType<typeof uploadRepository>;
