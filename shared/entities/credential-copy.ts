import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
export type WalletChannel = 'vcapi' | 'lcw-request' | 'oid4vci';

/**
 * CredentialCopy — a copy of a credential bound to the learner's own DID (its
 * `credentialSubject.id`), issued to a wallet. It carries the original's status entry (the same
 * list and index), so the copy and the original are one award: revoking or suspending either
 * changes both. Kept in the credential's partition, so the credential's copies are one Query.
 *
 * Access pattern
 * Written with the wallet offer's redemption, in one transaction (entities/wallet-offer.ts).
 *
 * - a credential's copies:  PK=CREDENTIAL#<credentialId>  SK=COPY#<copyId>
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

export const credentialCopyKeys = { item: (credentialId: string, copyId: string) => ({ PK: `CREDENTIAL#${credentialId}`, SK: `COPY#${copyId}` }) };

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
