import * as z from '../zod';
import { archive, bucket, cdn, env, eventBus, issuanceWorkflow, localOnly, mail, originSecret, setting, signingKeys, table, wiring } from './bindings';
import { audited, issuer, learnerIndex, publicBaseUrl } from './variables';

/**
 * The learner's functions (infra/constructs/learner-claims.ts), on the public API beside
 * verification: the claim page and its actions, and wallet pickup. Each is reached by whoever
 * holds a link (a claim link's token, a wallet offer's id), never by a staff token, and each
 * gets only what its own action needs: the page reads, the privacy choice writes one record,
 * only the decline re-signs a status list, only wallet pickup signs a credential (and the
 * transcript form signs the learner's CLR 2.0 document of the credentials already issued).
 */

/** The CloudFront origin secret, when CloudFront is in front (as for every public function). */
const fromCdn = () => ({ ORIGIN_SECRET_ARN: originSecret('read').optional() });
/** The page's look: the verification page's branding and language (a learner's own language first). */
const page = () => ({
  INSTITUTION_NAME: setting(env.name),
  BRAND_COLOR: setting(z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/))),
  BRAND_LOGO_URL: setting(z.optional(env.url)),
  LINKEDIN_ORGANIZATION_ID: setting(z.optional(z.string())),
  PAGE_LANGUAGE: setting(env.name),
  PUBLIC_BASE_URL: publicBaseUrl(),
  ...fromCdn(),
});
/** Reads the claim (its link, the credential's record and issuance) and the signed document. */
const readClaim = () => ({ TABLE_NAME: table('read'), BUCKET_NAME: bucket('readCredentials') });
/** Changes the claim's records, and says so in the audit trail. */
const writeClaim = () => ({ TABLE_NAME: table('readWrite'), BUCKET_NAME: bucket('readCredentials'), ...audited() });

/** GET /claim and /claim/contact: the link's first stop (no data: the token is in the fragment). */
export const OpenClaimLink = /* @__PURE__ */ wiring('functions/learner/open-claim-link.ts', page);
/** POST /claim/session: trades the link's token for the session cookie. */
export const StartClaimSession = /* @__PURE__ */ wiring('functions/learner/start-claim-session.ts', () => ({ ...page(), TABLE_NAME: table('read') }));
/** GET /claim/credential: the claim page. */
/** With the learner-index key: the learner's progress along pathways is found by their keyed email. */
export const GetClaimPage = /* @__PURE__ */ wiring('functions/learner/get-claim-page.ts', () => ({ ...page(), ...readClaim(), ...learnerIndex() }));
/**
 * POST /claim/credential/privacy: private, public, in the directory. With CloudFront in front it
 * invalidates the credential's cached page and JSON, so the choice holds at the edge at once.
 */
/** The learner index key: a listing carries the learner's directory pseudonym (entities/directory-entry.ts). */
export const SetCredentialVisibility = /* @__PURE__ */ wiring('functions/learner/set-credential-visibility.ts', () => ({
  ...page(),
  ...writeClaim(),
  ...learnerIndex(),
  DISTRIBUTION_ID: cdn('invalidate').optional(),
}));
/** POST /claim/credential/contact: a confirmation link to the new address. */
export const RequestContactChange = /* @__PURE__ */ wiring('functions/learner/request-contact-change.ts', () => ({ ...page(), ...writeClaim(), SENDER_EMAIL: mail('send').as(env.email), CONFIGURATION_SET: mail() }));
/** POST /claim/contact/confirm: the new address takes effect. */
export const ConfirmContactChange = /* @__PURE__ */ wiring('functions/learner/confirm-contact-change.ts', () => ({ ...page(), ...writeClaim() }));
/** POST /claim/new-link: a fresh claim link to the current address (one per ten minutes). */
export const SendClaimLink = /* @__PURE__ */ wiring('functions/learner/send-claim-link.ts', () => ({ ...page(), ...writeClaim(), SENDER_EMAIL: mail('send').as(env.email), CONFIGURATION_SET: mail() }));
/** POST /claim/credential/decline: revokes (re-signs the revocation list, releases the holding). */
export const DeclineCredential = /* @__PURE__ */ wiring('functions/learner/decline-credential.ts', () => ({
  ...page(),
  ...writeClaim(),
  ...learnerIndex(),
  ...issuer(),
  SIGNING_KEY_ARN: signingKeys('sign'),
  ARCHIVE_BUCKET_NAME: archive('keepDocuments'),
}));
/** POST /claim/credential/reminders: the learner turns the credential's expiry reminders off, or on again. */
export const SetCredentialReminders = /* @__PURE__ */ wiring('functions/learner/set-credential-reminders.ts', () => ({ ...page(), ...writeClaim() }));
/** POST /claim/credential/renewal: the learner asks to renew (an issuance through the workflow, use-cases/renewals.ts). */
export const RequestRenewal = /* @__PURE__ */ wiring('functions/learner/request-renewal.ts', () => ({
  ...page(),
  ...writeClaim(),
  ...learnerIndex(),
  STATE_MACHINE_ARN: issuanceWorkflow('start'),
}));
/** POST /claim/credential/wallet: a wallet offer, shown on the claim page. */
export const CreateWalletOffer = /* @__PURE__ */ wiring('functions/learner/create-wallet-offer.ts', () => ({ ...page(), ...writeClaim() }));
/** GET /wallet/{offerId}: the interaction URL (protocols for a wallet, a page for a person). */
export const GetWalletInteraction = /* @__PURE__ */ wiring('functions/learner/get-wallet-interaction.ts', () => ({ ...page(), TABLE_NAME: table('read') }));
/** POST /wallet/{offerId}/exchange and /request: DID authentication, then the DID-bound copy (signed, stored once). */
export const ExchangeWalletCredential = /* @__PURE__ */ wiring('functions/learner/exchange-wallet-credential.ts', () => ({
  ...fromCdn(),
  PUBLIC_BASE_URL: publicBaseUrl(),
  TABLE_NAME: table('readWrite'),
  BUCKET_NAME: bucket('writeCredentials'),
  ...audited(),
  SIGNING_KEY_ARN: signingKeys('sign'),
}));
/** GET /claim/credential/download/{file}: the JSON, baked badges (the badge images), the PDF certificate. */
export const DownloadClaimedCredential = /* @__PURE__ */ wiring('functions/learner/download-claimed-credential.ts', () => ({ ...page(), ...readClaim(), BUCKET_NAME: bucket('readCredentials', 'readImages') }));
/**
 * POST /claim/credential/transcript (the claim page's form): the learner's transcript (CLR 2.0,
 * shared/use-cases/clr-transcripts.ts) — their credentials found by their keyed email, signed by
 * the institution's current key, recorded on each embedded credential's trail. A POST of its own,
 * apart from the downloads: making one signs and audits, and the downloads stay read-only.
 */
export const DownloadTranscript = /* @__PURE__ */ wiring('functions/learner/download-transcript.ts', () => ({
  ...page(),
  ...readClaim(),
  BUCKET_NAME: bucket('readCredentials'),
  ...learnerIndex(),
  ...issuer(),
  ...audited(),
  SIGNING_KEY_ARN: signingKeys('sign'),
}));


/**
 * OpenID4VCI (shared/use-cases/oid4vci.ts): the issuer's URL, and the local cloud's marker — the
 * internet stand-in's URL, which local/wire.ts sets for every function there and AWS never does —
 * by which a plain-http issuer URL is accepted at cold start in the local cloud only.
 */
const oid4vci = () => ({ ...fromCdn(), PUBLIC_BASE_URL: publicBaseUrl(), LOCAL_INTERNET_URL: localOnly(z.optional(env.url)) });
/** GET /.well-known/openid-credential-issuer and /.well-known/oauth-authorization-server: built from settings, no data. */
export const GetOid4vciMetadata = /* @__PURE__ */ wiring('functions/learner/get-oid4vci-metadata.ts', () => ({ ...oid4vci(), INSTITUTION_NAME: setting(env.name) }));
/** GET /oid4vci/offers/{offerId}: the credential offer (its pre-authorized code); reads the offer. */
export const GetCredentialOffer = /* @__PURE__ */ wiring('functions/learner/get-credential-offer.ts', () => ({ ...oid4vci(), TABLE_NAME: table('read') }));
/** POST /oid4vci/token: the pre-authorized code and tx_code for an access token (writes the offer's tries and token). */
export const ExchangeOid4vciToken = /* @__PURE__ */ wiring('functions/learner/exchange-oid4vci-token.ts', () => ({ ...oid4vci(), TABLE_NAME: table('readWrite') }));
/** POST /oid4vci/nonce: a single-use c_nonce (writes it). */
export const CreateCredentialNonce = /* @__PURE__ */ wiring('functions/learner/create-credential-nonce.ts', () => ({ ...oid4vci(), TABLE_NAME: table('readWrite') }));
/** POST /oid4vci/credential: the key-bound copy (signed, stored once), like the VC-API exchange. */
export const IssueOid4vciCredential = /* @__PURE__ */ wiring('functions/learner/issue-oid4vci-credential.ts', () => ({
  ...oid4vci(),
  TABLE_NAME: table('readWrite'),
  BUCKET_NAME: bucket('writeCredentials'),
  ...audited(),
  SIGNING_KEY_ARN: signingKeys('sign'),
}));
/** POST /claim/credential/name: a reissue without the learner's name (signs it, stores it once); the original superseded. */
export const WithdrawName = /* @__PURE__ */ wiring('functions/learner/withdraw-name.ts', () => ({
  ...page(),
  ...writeClaim(),
  ...issuer(),
  BUCKET_NAME: bucket('writeCredentials'),
  SIGNING_KEY_ARN: signingKeys('sign'),
  /** CredentialSuperseded, for the SIS and the CRM. */
  EVENT_BUS_NAME: eventBus('put'),
}));
