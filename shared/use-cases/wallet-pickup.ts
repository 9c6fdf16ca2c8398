import { createHash, randomUUID } from 'node:crypto';
import { addProof, type Signer } from '../credentials/data-integrity';
import { CONTEXTS, bundledDocumentLoader } from '../credentials/document-loader';
import { DidAuthenticationError, verifyDidAuthentication } from '../credentials/did-authentication';
import type { AuditLog } from '../entities/audit';
import type { CredentialCopy, WalletChannel } from '../entities/credential-copy';
import type { CredentialRecord, CredentialRepository } from '../entities/credential';
import { newOfferId, OFFER_MINUTES, type WalletOffer, type WalletOfferRepository } from '../entities/wallet-offer';
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
 * (VCALM) whose `vcapi` exchange asks for DID authentication; the Learner Credential Wallet's
 * request link posts its DID-authentication straight to the request URL instead.
 *
 * Offers are single use (redeemed with the copy's record in one transaction), time-limited, and
 * bound to their challenge: a replayed presentation, an expired offer, a presentation signed by
 * another DID than its holder are refused with the reason.
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
  return {
    interactionUrl: urls.walletInteraction(offer.id),
    exchangeUrl: urls.walletExchange(offer.id),
    requestUrl,
    /** The Learner Credential Wallet's legacy request link (its universal-link form). */
    lcwUrl: `https://lcw.app/request.html?${lcw}`,
  };
}

/** The DID-authentication domain: the origin the wallet is talking to. */
const domainOf = (publicBaseUrl: string) => new URL(publicBaseUrl).origin;

export async function createWalletOffer(deps: Pick<WalletDeps, 'offers' | 'clock' | 'settings'>, claim: Claim) {
  const now = deps.clock.now();
  const offer = await deps.offers.create({
    id: newOfferId(),
    credentialId: claim.record.id,
    issuanceId: claim.issuance.id,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + OFFER_MINUTES * 60_000).toISOString(),
    challenge: randomUUID(),
  });
  return { offer, minutes: OFFER_MINUTES, ...offerUrls(deps.settings.publicBaseUrl, offer) };
}

/** An offer still open: unknown → 404; used or expired → 410, with which. */
async function openOffer(deps: Pick<WalletDeps, 'offers' | 'clock'>, offerId: string): Promise<WalletOffer> {
  const offer = await deps.offers.get(offerId);
  if (!offer) throw new NotFoundError('There is no such wallet offer. Make a new one from your claim page.');
  if (offer.status === 'REDEEMED') throw new GoneError('This wallet offer was used already: each offer gives one copy. Make a new one from your claim page.');
  if (Date.parse(offer.expiresAt) <= deps.clock.now().getTime()) throw new GoneError(`This wallet offer expired (offers last ${OFFER_MINUTES} minutes). Make a new one from your claim page.`);
  return offer;
}

/** The interaction URL's answer to a wallet: the protocols it may use for this offer. */
export async function interactionProtocols(deps: Pick<WalletDeps, 'offers' | 'clock' | 'settings'>, offerId: string) {
  const offer = await openOffer(deps, offerId);
  return { protocols: { vcapi: offerUrls(deps.settings.publicBaseUrl, offer).exchangeUrl } };
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
  const copy = await issueCopy(deps, offer, body.verifiablePresentation, { domain: domainOf(deps.settings.publicBaseUrl), channel: 'vcapi' });
  return { verifiablePresentation: presentationOf(copy), ...referenceId };
}

/**
 * The Learner Credential Wallet's request link: it posts a bare DID-authentication presentation
 * (its challenge, no domain) to the request URL; the answer is the copy in a presentation.
 */
export async function answerCredentialRequest(deps: WalletDeps, offerId: string, presentation: unknown) {
  const offer = await openOffer(deps, offerId);
  const copy = await issueCopy(deps, offer, presentation, { channel: 'lcw-request' });
  return presentationOf(copy);
}

const presentationOf = (credential: Record<string, unknown>) => ({
  '@context': [CONTEXTS.credentialsV2],
  type: ['VerifiablePresentation'],
  verifiableCredential: [credential],
});

/** A copy's id: fixed by the offer and the holder, so a retried signature makes the same bytes. */
const copyIdOf = (offerId: string, holder: string) => {
  const hex = createHash('sha256').update(`${offerId}\n${holder}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};
export const copyArtifactKey = (credentialId: string, copyId: string) => `credentials/${credentialId}/copies/${copyId}.json`;

/**
 * Verifies the holder's presentation, signs the DID-bound copy, stores it once, and redeems the
 * offer with the copy's record in one transaction. A refused redemption (a replay, an offer used
 * meanwhile or expired) gives nothing out.
 */
async function issueCopy(deps: WalletDeps, offer: WalletOffer, presentation: unknown, options: { domain?: string; channel: WalletChannel }) {
  const now = deps.clock.now();
  let holder: string;
  try {
    ({ holder } = await verifyDidAuthentication(presentation, { challenge: offer.challenge, ...(options.domain ? { domain: options.domain } : {}), now }));
  } catch (e) {
    if (e instanceof DidAuthenticationError) throw new ValidationError(`The DID authentication was refused: ${e.message}`, [{ path: 'body.verifiablePresentation', message: e.code }]);
    throw e;
  }
  const record = await deps.credentials.get(offer.credentialId);
  if (!record) throw new NotFoundError('The credential of this offer no longer exists.');
  if (record.status === 'REVOKED') throw new GoneError('This credential was revoked: there is nothing to add to a wallet.');
  const copyId = copyIdOf(offer.id, holder);
  const signed = await signCopy(deps, record, { copyId, holder, created: offer.createdAt });
  const key = copyArtifactKey(record.id, copyId);
  const body = await storeOnce(deps.artifacts, key, JSON.stringify(signed, null, 2), { form: 'json-ld', metadata: { credential: record.id, offer: offer.id } });
  const copy: CredentialCopy = { copyId, credentialId: record.id, holder, channel: options.channel, issuedAt: now.toISOString(), artifact: { key, sha256: sha256Hex(body) } };
  if (!(await deps.offers.redeem(offer.id, offer.challenge, { at: now.toISOString(), holder, channel: options.channel, copyId }, copy))) {
    throw new GoneError('This wallet offer was used a moment ago, or has just expired: each offer gives one copy. Make a new one from your claim page.');
  }
  await deps.audit.append(
    { type: 'credential', id: record.id },
    { actor: LEARNER_ACTOR, action: 'WALLET_COPY_ISSUED', after: { copyId, channel: options.channel, holder } },
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
