import { createHash, randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from './keys';

/**
 * ClaimLink — a learner's private link to one credential (the claim page), or a link that
 * confirms a new contact address. The token travels only in the email and in the URL's fragment
 * (which no server, CDN or access log sees); the table keeps its SHA-256 alone, so reading the
 * table does not open anyone's claim page. An expired link stays (until its TTL, a year after)
 * so that the learner who opens it can be offered a fresh one.
 *
 * A link request (LinkRequest) is the rate limit on "send me a new link": one per credential
 * every ten minutes, so the page cannot be used to flood a learner's inbox.
 *
 * Access patterns
 * - get a link by its token's hash:          PK=CLAIMLINK#<sha256(token), base64url>  SK=CLAIMLINK
 * - the last link request of a credential:  PK=CREDENTIAL#<credentialId>            SK=LINKREQUEST
 *   (the credential's partition, which the verification class may read: it holds no secret)
 */

export type ClaimLinkPurpose = 'claim' | 'contact';

export interface ClaimLink {
  purpose: ClaimLinkPurpose;
  credentialId: string;
  issuanceId: string;
  createdAt: string;
  expiresAt: string;
  /** A contact link's new address, until it is confirmed (then the link is deleted). */
  newEmail?: string;
}

/** 256 bits from the CSPRNG, base64url: long and unguessable, and safe in a URL fragment. */
export const newLinkToken = () => randomBytes(32).toString('base64url');
export const tokenHash = (token: string) => createHash('sha256').update(token, 'utf8').digest('base64url');
/** What a token looks like: anything else is refused before the table is read. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const YEAR_SECONDS = 365 * 86_400;
const LINK_REQUEST_INTERVAL_MS = 10 * 60_000;

export const claimLinkKeys = {
  item: (hash: string) => ({ PK: `CLAIMLINK#${hash}`, SK: 'CLAIMLINK' }),
  linkRequest: (credentialId: string) => ({ PK: `CREDENTIAL#${credentialId}`, SK: 'LINKREQUEST' }),
};

export function claimLinkRepository(db: DynamoDBDocumentClient, tableName: string) {
  return {
    /** Stores a new link under its token's hash (a fresh random token never collides). */
    async create(token: string, link: ClaimLink): Promise<void> {
      await db.send(
        new PutCommand({
          TableName: tableName,
          // `expiresAt` is the table's TTL attribute (epoch seconds): the link's own end is `endsAt`.
          Item: { ...claimLinkKeys.item(tokenHash(token)), entity: 'ClaimLink', ...link, endsAt: link.expiresAt, expiresAt: Math.floor(Date.parse(link.expiresAt) / 1000) + YEAR_SECONDS },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    },
    async get(token: string): Promise<ClaimLink | undefined> {
      if (!TOKEN_PATTERN.test(token)) return undefined;
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: claimLinkKeys.item(tokenHash(token)), ConsistentRead: true }));
      if (!Item) return undefined;
      const { purpose, credentialId, issuanceId, createdAt, endsAt, newEmail } = Item as Record<string, string>;
      return { purpose: purpose as ClaimLinkPurpose, credentialId: credentialId!, issuanceId: issuanceId!, createdAt: createdAt!, expiresAt: endsAt!, ...(newEmail ? { newEmail } : {}) };
    },
    /** Uses a single-use link up: true for the one caller that deleted it, false if it was gone. */
    async consume(token: string): Promise<boolean> {
      try {
        await db.send(new DeleteCommand({ TableName: tableName, Key: claimLinkKeys.item(tokenHash(token)), ConditionExpression: 'attribute_exists(PK)' }));
        return true;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },
    /** Takes the credential's "new link" slot: false when one was sent less than ten minutes ago. */
    async takeLinkRequest(credentialId: string, now: Date): Promise<boolean> {
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...claimLinkKeys.linkRequest(credentialId), entity: 'LinkRequest', requestedAt: now.toISOString(), expiresAt: Math.floor(now.getTime() / 1000) + 86_400 },
            ConditionExpression: 'attribute_not_exists(PK) OR requestedAt < :before',
            ExpressionAttributeValues: { ':before': new Date(now.getTime() - LINK_REQUEST_INTERVAL_MS).toISOString() },
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
export type ClaimLinkRepository = ReturnType<typeof claimLinkRepository>;
