import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { credentialCopyKeys, type CredentialCopy } from './credential-copy';
import { isConditionFailure } from './keys';

/**
 * WalletOffer — one offer of a credential to a wallet, made from the claim page: the interaction
 * URL, the VC-API exchange and the Learner Credential Wallet's request link all name it. Its id
 * is a secret (128 random bits) and it is single use: the first presentation that answers its
 * challenge redeems it, in one conditional write, and every later one (a replay) is refused.
 * It expires after OFFER_MINUTES; the TTL removes it a day later.
 *
 * Access pattern
 * - get / redeem by id:  PK=WALLETOFFER#<offerId>  SK=WALLETOFFER
 */

export const OFFER_MINUTES = 30;
export type { WalletChannel } from './credential-copy';
import type { WalletChannel } from './credential-copy';

export interface WalletOffer {
  id: string;
  credentialId: string;
  issuanceId: string;
  createdAt: string;
  expiresAt: string;
  /** The DID-authentication challenge (also the legacy request link's `challenge`). */
  challenge: string;
  status: 'OPEN' | 'REDEEMED';
  redeemed?: { at: string; holder: string; channel: WalletChannel; copyId: string };
}

export const newOfferId = () => randomBytes(16).toString('base64url');
export const OFFER_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export const walletOfferKeys = { item: (id: string) => ({ PK: `WALLETOFFER#${id}`, SK: 'WALLETOFFER' }) };

export function walletOfferRepository(db: DynamoDBDocumentClient, tableName: string) {
  return {
    async create(offer: Omit<WalletOffer, 'status' | 'redeemed'>): Promise<WalletOffer> {
      const item: WalletOffer = { ...offer, status: 'OPEN' };
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...walletOfferKeys.item(offer.id), entity: 'WalletOffer', ...item, ttl: Math.floor(Date.parse(offer.expiresAt) / 1000) + 86_400 },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return item;
    },
    async get(id: string): Promise<WalletOffer | undefined> {
      if (!OFFER_ID_PATTERN.test(id)) return undefined;
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: walletOfferKeys.item(id), ConsistentRead: true }));
      if (!Item) return undefined;
      const { PK: _pk, SK: _sk, entity: _e, ttl: _t, ...offer } = Item;
      return offer as WalletOffer;
    },
    /**
     * Redeems the offer for a holder, once, and records the copy it was given in the same
     * transaction: only while the offer is open, unexpired and the challenge answered is its
     * own. False when any of these no longer holds (the caller says which); then nothing is written.
     */
    async redeem(id: string, challenge: string, redeemed: NonNullable<WalletOffer['redeemed']>, copy: CredentialCopy): Promise<boolean> {
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: tableName,
                  Key: walletOfferKeys.item(id),
                  UpdateExpression: 'SET #status = :redeemed, redeemed = :r',
                  ConditionExpression: 'attribute_exists(PK) AND #status = :open AND challenge = :challenge AND expiresAt > :now',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: { ':redeemed': 'REDEEMED', ':open': 'OPEN', ':r': redeemed, ':challenge': challenge, ':now': redeemed.at },
                },
              },
              { Put: { TableName: tableName, Item: { ...credentialCopyKeys.item(copy.credentialId, copy.copyId), entity: 'CredentialCopy', ...copy }, ConditionExpression: 'attribute_not_exists(PK)' } },
            ],
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
export type WalletOfferRepository = ReturnType<typeof walletOfferRepository>;
