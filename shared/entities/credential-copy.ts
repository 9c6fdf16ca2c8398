import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
export type WalletChannel = 'vcapi' | 'lcw-request' | 'oid4vci';

/**
 * CredentialCopy — a copy of a credential bound to the learner's own DID (its
 * `credentialSubject.id`), issued to a wallet. It carries the original's status entry (the same
 * list and index), so the copy and the original are one award: revoking or suspending either
 * changes both. Kept in the credential's partition, so the credential's copies are one Query.
 *
 * Access patterns
 * Written with the wallet offer's redemption, in one transaction (entities/wallet-offer.ts),
 * together with the copy's index item: a copy is presented by its own id (`urn:uuid:<copyId>`),
 * and verification finds the credential it copies — to say the copy was superseded with it —
 * from that id alone. The index holds the two ids and nothing about the holder; it lies in the
 * published partitions, which the public verification functions may read.
 *
 * - a credential's copies:   PK=CREDENTIAL#<credentialId>  SK=COPY#<copyId>
 * - the credential a copy copies:  PK=CREDENTIAL#copy:<copyId>  SK=COPYOF
 */
export interface CredentialCopy {
  copyId: string;
  credentialId: string;
  /** The wallet's DID: pseudonymous, chosen by the learner. */
  holder: string;
  channel: WalletChannel;
  issuedAt: string;
  artifact: { key: string; sha256: string };
}

export const credentialCopyKeys = {
  item: (credentialId: string, copyId: string) => ({ PK: `CREDENTIAL#${credentialId}`, SK: `COPY#${copyId}` }),
  copyOf: (copyId: string) => ({ PK: `CREDENTIAL#copy:${copyId}`, SK: 'COPYOF' }),
};

/** The two items a redemption writes: the copy in its credential's partition, and its index item. */
export function credentialCopyItems(copy: CredentialCopy): Record<string, unknown>[] {
  return [
    { ...credentialCopyKeys.item(copy.credentialId, copy.copyId), entity: 'CredentialCopy', ...copy },
    { ...credentialCopyKeys.copyOf(copy.copyId), entity: 'CredentialCopyIndex', copyId: copy.copyId, credentialId: copy.credentialId },
  ];
}

/** The lookup the public verification functions get: from a copy's id to its credential's, nothing else. */
export function credentialCopyIndex(db: DynamoDBDocumentClient, tableName: string) {
  return {
    async credentialOf(copyId: string): Promise<string | undefined> {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: credentialCopyKeys.copyOf(copyId), ProjectionExpression: 'credentialId' }));
      return typeof Item?.credentialId === 'string' ? Item.credentialId : undefined;
    },
  };
}
export type CredentialCopyIndex = ReturnType<typeof credentialCopyIndex>;

export function credentialCopyRepository(db: DynamoDBDocumentClient, tableName: string) {
  return {
    async list(credentialId: string): Promise<CredentialCopy[]> {
      const { Items = [] } = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :copy)',
          ExpressionAttributeValues: { ':pk': `CREDENTIAL#${credentialId}`, ':copy': 'COPY#' },
        }),
      );
      return Items.map(({ copyId, credentialId: c, holder, channel, issuedAt, artifact }) => ({ copyId, credentialId: c, holder, channel, issuedAt, artifact }) as CredentialCopy);
    },
  };
}
export type CredentialCopyRepository = ReturnType<typeof credentialCopyRepository>;
