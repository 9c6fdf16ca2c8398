import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { credentialCopyItems, type CredentialCopy } from './credential-copy';
import { isConditionFailure } from './keys';

/**
 * WalletOffer — one offer of a credential to a wallet, made from the claim page: the interaction
 * URL, the VC-API exchange, the Learner Credential Wallet's request link and the OpenID4VCI
 * credential offer all name it. Its id is a secret (128 random bits) and it is single use: the
 * first wallet that proves its authority redeems it, in one conditional write with the copy's
 * record, and every later attempt (a replay) is refused. It expires after OFFER_MINUTES; the TTL
 * removes it a day later.
 *
 * Two authorities redeem it, one per pickup:
 * - VC-API and the LCW request link: a presentation answering its `challenge`;
 * - OpenID4VCI (pre-authorized code flow): the access token its pre-authorized code was exchanged
 *   for, once, with the transaction code (tx_code) the claim page shows. The tx_code is what makes
 *   the offer URL alone — in a QR code's screenshot, an access log — not enough: it is stored as a
 *   digest only, and an offer takes TX_CODE_ATTEMPTS tries at most (the last wrong one locks it).
 *
 * Access pattern
 * - get / exchange / redeem by id:  PK=WALLETOFFER#<offerId>  SK=WALLETOFFER
 */

export const OFFER_MINUTES = 30;
/** Tries of the tx_code an offer takes: a guesser of 6 digits wins 1 time in 200,000. */
export const TX_CODE_ATTEMPTS = 5;
export const TX_CODE_DIGITS = 6;
/** A typed transaction code, once spaces and dashes are dropped: TX_CODE_DIGITS digits (a literal, so the ReDoS check reads it). */
export const TX_CODE_PATTERN = /^\d{6}$/;
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
  /** LOCKED: the tx_code was tried TX_CODE_ATTEMPTS times without the offer being taken. */
  status: 'OPEN' | 'REDEEMED' | 'LOCKED';
  /**
   * OpenID4VCI's pre-authorized code (`<offerId>.<256 random bits>`). Kept as is, not as a digest:
   * the credential offer, fetched by reference as often as a wallet likes, must show it, so it is
   * no more secret than the offer id it starts with; the tx_code is the secret that matters.
   * Absent on offers made before OpenID4VCI was offered.
   */
  preAuthorizedCode?: string;
  /** txCodeDigest of the 6 digits the claim page showed (never the digits). */
  txCodeHash?: string;
  /** tx_code tries so far (counted before the code is compared, so parallel guesses cannot outrun the count). */
  txCodeAttempts?: number;
  /** When the pre-authorized code was exchanged for an access token: it is exchanged once. */
  codeExchangedAt?: string;
  /** secretDigest of the access token handed out for the pre-authorized code (the token is never stored). */
  accessTokenHash?: string;
  accessTokenExpiresAt?: string;
  redeemed?: { at: string; holder: string; channel: WalletChannel; copyId: string };
}

/** What the creator of an offer gives; the repository adds the status and the counters. */
export type NewWalletOffer = Pick<WalletOffer, 'id' | 'credentialId' | 'issuanceId' | 'createdAt' | 'expiresAt' | 'challenge' | 'preAuthorizedCode' | 'txCodeHash'>;

export const newOfferId = () => randomBytes(16).toString('base64url');
export const OFFER_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/**
 * A bearer secret bound to an offer: its id, a dot, 256 random bits. The id lets one read find
 * the offer (no index of secrets); the random part is what a holder must know.
 */
export const newOfferSecret = (offerId: string) => `${offerId}.${randomBytes(32).toString('base64url')}`;
const OFFER_SECRET_PATTERN = /^([A-Za-z0-9_-]{22})\.[A-Za-z0-9_-]{43}$/;
/** The offer id an offer secret names; undefined when the value is not shaped like one. */
export const offerIdOfSecret = (secret: string): string | undefined => OFFER_SECRET_PATTERN.exec(secret)?.[1];

/** Six random digits (leading zeros kept). */
export const newTxCode = () => randomInt(0, 10 ** TX_CODE_DIGITS).toString().padStart(TX_CODE_DIGITS, '0');

export const secretDigest = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('base64url');
/** The tx_code's digest, salted with its offer's id so that no one table of a million digests serves every offer. */
export const txCodeDigest = (offerId: string, txCode: string) => secretDigest(`oid4vci tx_code\n${offerId}\n${txCode}`);
/** Compares two digests in constant time (equal lengths: both are SHA-256). */
export const sameDigest = (a: string, b: string) => {
  const x = Buffer.from(a, 'base64url');
  const y = Buffer.from(b, 'base64url');
  return x.length === y.length && timingSafeEqual(x, y);
};

/** The proof a redemption carries: the challenge answered (VC-API, LCW), or the access token's digest (OpenID4VCI). */
export type RedemptionAuthority = { challenge: string } | { accessTokenHash: string };

/** What exchanging the pre-authorized code came to. `refused`: the offer is no longer open for it (the caller reads it to say why). */
export type CodeExchange = { outcome: 'exchanged' } | { outcome: 'wrong-tx-code'; attemptsLeft: number } | { outcome: 'refused' };

/**
 * The item: the offer's end as `endsAt` (ISO, what conditions compare), and `expiresAt` the table's
 * TTL attribute (epoch seconds), a day after it ends.
 */
const toItem = ({ expiresAt, ...offer }: WalletOffer) => ({ ...offer, endsAt: expiresAt, expiresAt: Math.floor(Date.parse(expiresAt) / 1000) + 86_400 });
const fromItem = (item: Record<string, unknown>): WalletOffer => {
  const { PK: _pk, SK: _sk, entity: _e, expiresAt: _ttl, endsAt, ...offer } = item;
  return { ...offer, expiresAt: endsAt } as WalletOffer;
};

export const walletOfferKeys = { item: (id: string) => ({ PK: `WALLETOFFER#${id}`, SK: 'WALLETOFFER' }) };

/** Open for the pre-authorized code: unredeemed, unlocked, unexpired, its code not exchanged yet. */
const OPEN_FOR_CODE = 'attribute_exists(PK) AND #status = :open AND endsAt > :now AND attribute_not_exists(codeExchangedAt)';

export function walletOfferRepository(db: DynamoDBDocumentClient, tableName: string) {
  const update = (id: string, expression: { set: string; condition: string; values: Record<string, unknown> }, returnNew = false) =>
    db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: walletOfferKeys.item(id),
        UpdateExpression: expression.set,
        ConditionExpression: expression.condition,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':open': 'OPEN', ...expression.values },
        ...(returnNew ? { ReturnValues: 'ALL_NEW' as const } : {}),
      }),
    );
  /** Runs a conditional write; false when its condition no longer holds (then nothing was written). */
  const conditionally = async (write: () => Promise<unknown>): Promise<boolean> => {
    try {
      await write();
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  };

  return {
    async create(offer: NewWalletOffer): Promise<WalletOffer> {
      const item: WalletOffer = { ...offer, status: 'OPEN', ...(offer.txCodeHash ? { txCodeAttempts: 0 } : {}) };
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...walletOfferKeys.item(offer.id), entity: 'WalletOffer', ...toItem(item) },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return item;
    },
    async get(id: string): Promise<WalletOffer | undefined> {
      if (!OFFER_ID_PATTERN.test(id)) return undefined;
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: walletOfferKeys.item(id), ConsistentRead: true }));
      if (!Item) return undefined;
      return fromItem(Item);
    },
    /**
     * Exchanges the pre-authorized code for an access token (its digest and end given), once: a
     * try of the tx_code is counted first (while the offer is open for its code and has tries
     * left), then the code is compared; the right one records the token in a write conditional
     * on the offer still being open for its code, so two wallets racing get one token. The try
     * that uses the last attempt without the right code locks the offer.
     */
    async exchangePreAuthorizedCode(id: string, exchange: { txCodeHash: string; accessTokenHash: string; accessTokenExpiresAt: string; at: string }): Promise<CodeExchange> {
      let counted: WalletOffer | undefined;
      try {
        const { Attributes } = await update(
          id,
          { set: 'SET txCodeAttempts = txCodeAttempts + :one', condition: `${OPEN_FOR_CODE} AND txCodeAttempts < :max`, values: { ':now': exchange.at, ':one': 1, ':max': TX_CODE_ATTEMPTS } },
          true,
        );
        counted = Attributes as WalletOffer | undefined;
      } catch (e) {
        if (isConditionFailure(e)) return { outcome: 'refused' };
        throw e;
      }
      if (!counted?.txCodeHash || !sameDigest(counted.txCodeHash, exchange.txCodeHash)) {
        const attemptsLeft = Math.max(0, TX_CODE_ATTEMPTS - (counted?.txCodeAttempts ?? TX_CODE_ATTEMPTS));
        if (attemptsLeft === 0) await conditionally(() => update(id, { set: 'SET #status = :locked', condition: '#status = :open', values: { ':locked': 'LOCKED' } }));
        return { outcome: 'wrong-tx-code', attemptsLeft };
      }
      const exchanged = await conditionally(() =>
        update(id, {
          set: 'SET codeExchangedAt = :now, accessTokenHash = :token, accessTokenExpiresAt = :tokenEnd',
          condition: `${OPEN_FOR_CODE} AND txCodeHash = :tx`,
          values: { ':now': exchange.at, ':token': exchange.accessTokenHash, ':tokenEnd': exchange.accessTokenExpiresAt, ':tx': exchange.txCodeHash },
        }),
      );
      return exchanged ? { outcome: 'exchanged' } : { outcome: 'refused' };
    },
    /**
     * Redeems the offer for a holder, once, and records the copy it was given in the same
     * transaction: only while the offer is open and unexpired, and the authority is its own —
     * the challenge answered, or the access token unexpired. False when any of these no longer
     * holds (the caller says which); then nothing is written.
     */
    async redeem(id: string, authority: RedemptionAuthority, redeemed: NonNullable<WalletOffer['redeemed']>, copy: CredentialCopy): Promise<boolean> {
      const byToken = 'accessTokenHash' in authority;
      return conditionally(() =>
        db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: tableName,
                  Key: walletOfferKeys.item(id),
                  UpdateExpression: 'SET #status = :redeemed, redeemed = :r',
                  ConditionExpression: `attribute_exists(PK) AND #status = :open AND endsAt > :now AND ${byToken ? 'accessTokenHash = :authority AND accessTokenExpiresAt > :now' : 'challenge = :authority'}`,
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: { ':redeemed': 'REDEEMED', ':open': 'OPEN', ':r': redeemed, ':authority': byToken ? authority.accessTokenHash : authority.challenge, ':now': redeemed.at },
                },
              },
              ...credentialCopyItems(copy).map((Item) => ({ Put: { TableName: tableName, Item, ConditionExpression: 'attribute_not_exists(PK)' } })),
            ],
          }),
        ),
      );
    },
  };
}
export type WalletOfferRepository = ReturnType<typeof walletOfferRepository>;
