import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../zod';
import { built } from '../built';
import type { StatusPurpose } from '../credentials/status-list';
import { isConditionFailure, putIfAbsent, withoutKeys } from './keys';

/**
 * Status lists and the allocator that hands out their positions.
 *
 * Access patterns
 * - reserve a block of allocations:  PK=ISSUER#<issuerId>  SK=STATUS#ALLOCATOR   (ADD nextBlock 1)
 * - a list (bits + signed document): PK=STATUSLIST#<issuerId>#<purpose>#<listNo>  SK=LIST
 *
 * The allocator is written once per block (BLOCK_SIZE issuances), not once per issuance, so it
 * is never a hot item. A list changes only on revoke/suspend/reinstate, guarded by `version`.
 */
export const BLOCK_SIZE = 128;

export const statusListRecord = /* @__PURE__ */ built(() => z.object({
  issuerId: z.string(),
  purpose: z.enum(['revocation', 'suspension']),
  listNo: z.number().check(z.int(), z.nonnegative()),
  /** gzip of the bitstring. */
  bits: z.instanceof(Uint8Array),
  version: z.number().check(z.int(), z.nonnegative()),
  /** The signed BitstringStatusListCredential, as served. */
  document: z.string(),
  updatedAt: z.string(),
}));
export type StatusListRecord = z.infer<typeof statusListRecord>;

export const statusListKeys = {
  allocator: (issuerId: string) => ({ PK: `ISSUER#${issuerId}`, SK: 'STATUS#ALLOCATOR' }),
  list: (issuerId: string, purpose: StatusPurpose, listNo: number) => ({ PK: `STATUSLIST#${issuerId}#${purpose}#${listNo}`, SK: 'LIST' }),
};

export const statusListToItem = (l: StatusListRecord) => ({ ...statusListKeys.list(l.issuerId, l.purpose, l.listNo), entity: 'StatusList', ...l });
export const statusListFromItem = (item: Record<string, unknown>) => statusListRecord.parse(withoutKeys(item));

export function statusListRepository(db: DynamoDBDocumentClient, tableName: string) {
  return {
    /** Reserves the next block; returns its first allocation number. */
    async reserveBlock(issuerId: string): Promise<number> {
      const { Attributes } = await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: statusListKeys.allocator(issuerId),
          UpdateExpression: 'ADD nextBlock :one SET entity = :entity',
          ExpressionAttributeValues: { ':one': 1, ':entity': 'StatusAllocator' },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return ((Attributes?.nextBlock as number) - 1) * BLOCK_SIZE;
    },
    async get(issuerId: string, purpose: StatusPurpose, listNo: number): Promise<StatusListRecord | undefined> {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: statusListKeys.list(issuerId, purpose, listNo), ConsistentRead: true }));
      return Item ? statusListFromItem(Item) : undefined;
    },
    create: (list: StatusListRecord) => putIfAbsent(db, tableName, statusListToItem(list)),
    /** Replaces a list if nobody changed it since `expectedVersion`; false on a lost race. */
    async replace(list: StatusListRecord, expectedVersion: number): Promise<boolean> {
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: statusListKeys.list(list.issuerId, list.purpose, list.listNo),
            UpdateExpression: 'SET bits = :bits, version = :version, document = :document, updatedAt = :at',
            ConditionExpression: 'version = :expected',
            ExpressionAttributeValues: { ':bits': list.bits, ':version': list.version, ':document': list.document, ':at': list.updatedAt, ':expected': expectedVersion },
          }),
        );
        return true;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },
  };
}
export type StatusListRepository = ReturnType<typeof statusListRepository>;
