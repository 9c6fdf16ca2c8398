import { randomUUID } from 'node:crypto';
import { derivedUuid } from '../derived-id';
import { addProof, type Signer } from '../credentials/data-integrity';
import { CONTEXTS, bundledDocumentLoader } from '../credentials/document-loader';
import { DidAuthenticationError, verifyDidAuthentication } from '../credentials/did-authentication';
import type { AuditLog } from '../entities/audit';
import type { CredentialCopy, WalletChannel } from '../entities/credential-copy';
import type { CredentialRecord, CredentialRepository } from '../entities/credential';
import {
  newOfferId,
  newOfferSecret,
  newTxCode,
  OFFER_MINUTES,
  txCodeDigest,
  type RedemptionAuthority,
  type WalletOffer,
  type WalletOfferRepository,
} from '../entities/wallet-offer';
import { GoneError, NotFoundError, PermanentError, ValidationError } from '../errors';
import { openBadgeSchemaErrors } from '../credentials/schema';
import { sha256Hex, storeOnce } from '../issuing/issue-credential';
import { publicUrls } from '../issuer';
import type { Artifacts, Clock } from '../ports';
import { LEARNER_ACTOR, type Claim } from './learner-claims';

/**
 * Wallet pickup: the learner's wallet proves control of a DID and receives a copy of the
 * credential bound to it (credentialSubject.id), signed by the issuer's current key and carrying
 * the original's status entry — one award, one revocation bit. Advertised by one interaction URL
 * (VCALM) whose `vcapi` exchange asks for DID authentication, and whose `openid4vci` entry is an
 * OpenID4VCI credential offer (shared/use-cases/oid4vci.ts); the Learner Credential Wallet's
 * request link posts its DID-authentication straight to the request URL instead. Every pickup
 * ends in issueWalletCopy.
 *
 * Offers are single use (redeemed with the copy's record in one transaction), time-limited, and
 * bound to their challenge (or OpenID4VCI access token): a replayed presentation, an expired
 * offer, a presentation signed by another DID than its holder are refused with the reason.
 */

export interface WalletDeps {
  offers: Pick<WalletOfferRepository, 'create' | 'get' | 'redeem'>;
  credentials: Pick<CredentialRepository, 'get'>;
  artifacts: Pick<Artifacts, 'read' | 'createOnly'>;
  /** The issuer's current signer (a copy is signed by the key in use now). */
  signer: (issuerId: string) => Promise<Signer>;
  audit: Pick<AuditLog, 'append'>;
  clock: Clock;
  settings: { publicBaseUrl: string };
}

/** The offer's URLs: what the claim page shows, and what the wallets are told. */
export function offerUrls(publicBaseUrl: string, offer: Pick<WalletOffer, 'id' | 'challenge'>) {
  const urls = publicUrls(publicBaseUrl);
  const requestUrl = urls.walletRequest(offer.id);
  const lcw = new URLSearchParams({ issuer: new URL(publicBaseUrl).host, auth_type: 'bearer', challenge: offer.challenge, vc_request_url: requestUrl });
  const credentialOfferUri = `${publicBaseUrl.endsWith('/') ? publicBaseUrl : `${publicBaseUrl}/`}oid4vci/offers/${offer.id}`;
  return {
    interactionUrl: urls.walletInteraction(offer.id),
    exchangeUrl: urls.walletExchange(offer.id),
    requestUrl,
    /** The Learner Credential Wallet's legacy request link (its universal-link form). */
    lcwUrl: `https://lcw.app/request.html?${lcw}`,
    /** OpenID4VCI: the credential offer by reference — a wallet fetches the offer, pre-authorized code included, from this URL. */
    credentialOfferUri,
    credentialOffer: `openid-credential-offer://?${new URLSearchParams({ credential_offer_uri: credentialOfferUri })}`,
  };
}

/** The DID-authentication domain: the origin the wallet is talking to. */
const domainOf = (publicBaseUrl: string) => new URL(publicBaseUrl).origin;

/**
 * A new offer, for every pickup at once. OpenID4VCI's transaction code is answered here, for the
 * claim page to show, and stored only as a digest: the page is private behind the emailed link,
 * while the offer's URL travels (QR codes, logs), so the URL alone is not enough.
 */
export async function createWalletOffer(deps: Pick<WalletDeps, 'offers' | 'clock' | 'settings'>, claim: Claim) {
  const now = deps.clock.now();
  const id = newOfferId();
  const txCode = newTxCode();
  const offer = await deps.offers.create({
    id,
    credentialId: claim.record.id,
    issuanceId: claim.issuance.id,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + OFFER_MINUTES * 60_000).toISOString(),
    challenge: randomUUID(),
    preAuthorizedCode: newOfferSecret(id),
    txCodeHash: txCodeDigest(id, txCode),
  });
  return { offer, minutes: OFFER_MINUTES, txCode, ...offerUrls(deps.settings.publicBaseUrl, offer) };
}

/** Why an offer that exists can no longer be taken (undefined: it can). */
export function offerRefusal(offer: WalletOffer, now: Date): string | undefined {
  if (offer.status === 'REDEEMED') return 'This wallet offer was used already: each offer gives one copy. Make a new one from your claim page.';
  if (offer.status === 'LOCKED') return 'This wallet offer is locked: its code was entered wrong too many times. Make a new one from your claim page.';
  if (Date.parse(offer.expiresAt) <= now.getTime()) return `This wallet offer expired (offers last ${OFFER_MINUTES} minutes). Make a new one from your claim page.`;
  return undefined;
}

/** An offer still open: unknown → 404; used, locked or expired → 410, with which. */
async function openOffer(deps: Pick<WalletDeps, 'offers' | 'clock'>, offerId: string): Promise<WalletOffer> {
  const offer = await deps.offers.get(offerId);
  if (!offer) throw new NotFoundError('There is no such wallet offer. Make a new one from your claim page.');
  const refusal = offerRefusal(offer, deps.clock.now());
  if (refusal) throw new GoneError(refusal);
  return offer;
}

/**
 * The interaction URL's answer to a wallet: the protocols it may use for this offer. The
 * OpenID4VCI offer under both names wallets read: `openid4vci` (LearnCard) and `oid4vci-1.0`
 * (VCALM); offers made before OpenID4VCI have no pre-authorized code, so only `vcapi`.
 */
export async function interactionProtocols(deps: Pick<WalletDeps, 'offers' | 'clock' | 'settings'>, offerId: string) {
  const offer = await openOffer(deps, offerId);
  const urls = offerUrls(deps.settings.publicBaseUrl, offer);
  const oid4vci = offer.preAuthorizedCode ? { openid4vci: urls.credentialOffer, 'oid4vci-1.0': urls.credentialOffer } : {};
  return { protocols: { vcapi: urls.exchangeUrl, ...oid4vci } };
}

/** Whether the interaction URL's offer can still be taken (its HTML page says which). */
export async function offerIsOpen(deps: Pick<WalletDeps, 'offers' | 'clock'>, offerId: string): Promise<boolean> {
  try {
    await openOffer(deps, offerId);
    return true;
  } catch (e) {
    if (e instanceof NotFoundError || e instanceof GoneError) return false;
    throw e;
  }
}

/**
 * One step of the VC-API exchange (every POST goes to the same URL). Without a presentation:
 * the DID-authentication request. With one: the copy, in a presentation (the only place the
 * Learner Credential Wallet reads credentials from).
 */
export async function exchangeStep(deps: WalletDeps, offerId: string, body: Record<string, unknown>) {
  const offer = await openOffer(deps, offerId);
  const referenceId = typeof body.referenceId === 'string' ? { referenceId: body.referenceId.slice(0, 200) } : {};
  if (body.verifiablePresentation === undefined) {
    return {
      verifiablePresentationRequest: {
        query: [
          {
            type: 'DIDAuthentication',
            acceptedMethods: [{ method: 'key' }],
            acceptedCryptosuites: [{ cryptosuite: 'eddsa-rdfc-2022' }, { cryptosuite: 'Ed25519Signature2020' }],
          },
        ],
        challenge: offer.challenge,
        domain: domainOf(deps.settings.publicBaseUrl),
      },
      ...referenceId,
    };
  }
  const domain = domainOf(deps.settings.publicBaseUrl);
  const holder = await holderOf(body.verifiablePresentation, { challenge: offer.challenge, domain, now: deps.clock.now() });
  const copy = await issueWalletCopy(deps, offer, { holder, channel: 'vcapi', authority: { challenge: offer.challenge } });
  return { verifiablePresentation: presentationOf(copy), ...referenceId };
}

/**
 * The Learner Credential Wallet's request link: it posts a bare DID-authentication presentation
 * (its challenge, no domain) to the request URL; the answer is the copy in a presentation.
 */
export async function answerCredentialRequest(deps: WalletDeps, offerId: string, presentation: unknown) {
  const offer = await openOffer(deps, offerId);
  const holder = await holderOf(presentation, { challenge: offer.challenge, now: deps.clock.now() });
  const copy = await issueWalletCopy(deps, offer, { holder, channel: 'lcw-request', authority: { challenge: offer.challenge } });
  return presentationOf(copy);
}

const presentationOf = (credential: Record<string, unknown>) => ({
  '@context': [CONTEXTS.credentialsV2],
  type: ['VerifiablePresentation'],
  verifiableCredential: [credential],
});

/** A copy's id: fixed by the offer and the holder, so a retried signature makes the same bytes. */
const copyIdOf = (offerId: string, holder: string) => derivedUuid([offerId, holder], { version: '4', variant: 'a' });
export const copyArtifactKey = (credentialId: string, copyId: string) => `credentials/${credentialId}/copies/${copyId}.json`;

/** The DID a DID-authentication presentation proves control of; a refusal says why. */
async function holderOf(presentation: unknown, expected: { challenge: string; domain?: string; now: Date }): Promise<string> {
  try {
    return (await verifyDidAuthentication(presentation, expected)).holder;
  } catch (e) {
    if (e instanceof DidAuthenticationError) throw new ValidationError(`The DID authentication was refused: ${e.message}`, [{ path: 'body.verifiablePresentation', message: e.code }]);
    throw e;
  }
}

/**
 * The one end of every pickup (VC-API, the LCW request link, OpenID4VCI), once the holder has
 * proven control of its DID: signs the DID-bound copy, stores it once, and redeems the offer with
 * the copy's record in one transaction, conditional on the pickup's own authority (the challenge
 * answered, or the access token). A refused redemption (a replay, an offer used meanwhile or
 * expired) gives nothing out: the stored bytes name no one until a record points at them.
 */
export async function issueWalletCopy(deps: WalletDeps, offer: WalletOffer, pickup: { holder: string; channel: WalletChannel; authority: RedemptionAuthority }) {
  const now = deps.clock.now();
  const { holder } = pickup;
  const record = await deps.credentials.get(offer.credentialId);
  if (!record) throw new NotFoundError('The credential of this offer no longer exists.');
  if (record.status === 'REVOKED') throw new GoneError('This credential was revoked: there is nothing to add to a wallet.');
  const copyId = copyIdOf(offer.id, holder);
  const signed = await signCopy(deps, record, { copyId, holder, created: offer.createdAt });
  const key = copyArtifactKey(record.id, copyId);
  const body = await storeOnce(deps.artifacts, key, JSON.stringify(signed, null, 2), { form: 'json-ld', metadata: { credential: record.id, offer: offer.id } });
  const copy: CredentialCopy = { copyId, credentialId: record.id, holder, channel: pickup.channel, issuedAt: now.toISOString(), artifact: { key, sha256: sha256Hex(body) } };
  if (!(await deps.offers.redeem(offer.id, pickup.authority, { at: now.toISOString(), holder, channel: pickup.channel, copyId }, copy))) {
    throw new GoneError('This wallet offer was used a moment ago, or has just expired: each offer gives one copy. Make a new one from your claim page.');
  }
  await deps.audit.append(
    { type: 'credential', id: record.id },
    { actor: LEARNER_ACTOR, action: 'WALLET_COPY_ISSUED', after: { copyId, channel: pickup.channel, holder } },
    now.toISOString(),
  );
  return JSON.parse(body) as Record<string, unknown>;
}

/**
 * The copy: the original's claims with the holder's DID as the subject's id, under an id of its
 * own, signed now by the issuer's current key. The status entry is the original's, unchanged.
 */
async function signCopy(deps: Pick<WalletDeps, 'artifacts' | 'signer'>, record: CredentialRecord, copy: { copyId: string; holder: string; created: string }) {
  const stored = await deps.artifacts.read(record.artifact.key);
  if (!stored) throw new Error(`the signed credential ${record.artifact.key} is missing from the bucket`);
  const { proof: _proof, ...original } = JSON.parse(stored.body) as Record<string, unknown> & { credentialSubject: Record<string, unknown> };
  const unsigned = { ...original, id: `urn:uuid:${copy.copyId}`, credentialSubject: { ...original.credentialSubject, id: copy.holder } };
  const signed = await addProof(unsigned, await deps.signer(record.issuerId), { created: copy.created, documentLoader: bundledDocumentLoader });
  const errors = openBadgeSchemaErrors(signed);
  if (errors.length) throw new PermanentError(`the wallet copy fails the Open Badges 3.0 schema: ${errors.join('; ')}`);
  return signed;
}
