import { randomBytes } from 'node:crypto';
import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from './keys';

/**
 * CredentialNonce — a c_nonce handed out by the OpenID4VCI nonce endpoint. A wallet signs its key
 * proof over one; the credential endpoint consumes it by deleting it, conditionally, so a proof
 * is accepted once: a replayed proof finds its nonce gone. Not secret (anyone may ask for one),
 * only unpredictable and single use. Unused ones expire after NONCE_SECONDS; the table's TTL
 * attribute (expiresAt, in seconds) removes them.
 *
 * Access pattern
 * - create / consume by value:  PK=CNONCE#<nonce>  SK=CNONCE
 */

/** Ten minutes: a wallet signs within seconds; a learner may pause on a consent screen. */
export const NONCE_SECONDS = 600;
const NONCE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** 256 random bits, base64url. */
export const newNonce = () => randomBytes(32).toString('base64url');

export const credentialNonceKeys = { item: (nonce: string) => ({ PK: `CNONCE#${nonce}`, SK: 'CNONCE' }) };

export function credentialNonceRepository(db: DynamoDBDocumentClient, tableName: string) {
  return {
    async create(nonce: string, now: Date): Promise<{ nonce: string; expiresInSeconds: number }> {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...credentialNonceKeys.item(nonce), entity: 'CredentialNonce', createdAt: now.toISOString(), expiresAt: Math.floor(now.getTime() / 1000) + NONCE_SECONDS },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return { nonce, expiresInSeconds: NONCE_SECONDS };
    },
    /**
     * Consumes a nonce this issuer handed out, once: true when it existed, unexpired, and this
     * call deleted it. The TTL deletes late, so the expiry is part of the condition.
     */
    async consume(nonce: string, now: Date): Promise<boolean> {
      if (!NONCE_PATTERN.test(nonce)) return false;
      try {
        await db.send(
          new DeleteCommand({
            TableName: tableName,
            Key: credentialNonceKeys.item(nonce),
            ConditionExpression: 'attribute_exists(PK) AND expiresAt > :now',
            ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
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
export type CredentialNonceRepository = ReturnType<typeof credentialNonceRepository>;
