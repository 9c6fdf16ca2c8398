import { CONTEXTS } from '../credentials/document-loader';
import { DidAuthenticationError, MAX_KEY_PROOF_JWT_BYTES, verifyKeyProofJwt } from '../credentials/did-authentication';
import type { CredentialNonceRepository } from '../entities/credential-nonce';
import { newNonce } from '../entities/credential-nonce';
import {
  newOfferSecret,
  offerIdOfSecret,
  sameDigest,
  secretDigest,
  txCodeDigest,
  TX_CODE_DIGITS,
  TX_CODE_PATTERN,
  type WalletOffer,
  type WalletOfferRepository,
} from '../entities/wallet-offer';
import { DomainError, GoneError, NotFoundError } from '../errors';
import type { Clock } from '../ports';
import { issueWalletCopy, offerRefusal, type WalletDeps } from './wallet-pickup';

/**
 * OpenID for Verifiable Credential Issuance 1.0 (final), the pre-authorized code flow, for the
 * same wallet offers as VC-API (wallet-pickup.ts): Laurel is its own authorization server, and
 * anonymous (no client id). The credential offer (by reference) carries the offer's
 * pre-authorized code and asks for the transaction code the claim page shows; the token endpoint
 * trades both for a short access token, once; the nonce endpoint hands out single-use c_nonces;
 * the credential endpoint takes the access token and one `jwt` key proof and answers the copy
 * bound to the proof's key (a did:key), issued by the same core as every pickup.
 *
 * Written from the specification, not with @openid4vc/openid4vci 0.4.6 (which implements 1.0):
 * its token verification compares the pre-authorized code and tx_code in plain text, its token
 * response always mints a JWT access token (a signing key for the token endpoint), and its
 * single-file build (zod classic and every schema) added about 540 KB and 110 ms to a cold start;
 * what was left — parsing two small requests — is done here with the checks this flow needs.
 *
 * Errors are Oid4vciErrors, answered in OAuth 2.0's form (`error`, `error_description`) with RFC
 * 9457's members beside them (shared/http/oauth.ts).
 */

export const CREDENTIAL_CONFIGURATION_ID = 'OpenBadgeCredential';
export const PRE_AUTHORIZED_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';
/** Five minutes: a wallet asks for the credential right after the token. */
export const ACCESS_TOKEN_SECONDS = 300;
/** The metadata documents change with a deployment only. */
export const METADATA_MAX_AGE_SECONDS = 300;

/** OAuth 2.0 (RFC 6749 §5.2, RFC 6750 §3.1) and OpenID4VCI 1.0 (§8.3.1.2) error codes. */
export type Oid4vciErrorCode =
  | 'invalid_request'
  | 'invalid_grant'
  | 'unsupported_grant_type'
  | 'invalid_token'
  | 'invalid_credential_request'
  | 'unknown_credential_configuration'
  | 'invalid_proof'
  | 'invalid_nonce'
  | 'credential_request_denied';

const TITLES: Record<Oid4vciErrorCode, string> = {
  invalid_request: 'Invalid request',
  invalid_grant: 'Invalid grant',
  unsupported_grant_type: 'Unsupported grant type',
  invalid_token: 'Invalid token',
  invalid_credential_request: 'Invalid credential request',
  unknown_credential_configuration: 'Unknown credential configuration',
  invalid_proof: 'Invalid proof',
  invalid_nonce: 'Invalid nonce',
  credential_request_denied: 'Credential request denied',
};

/** A refusal of the OAuth/OpenID4VCI kind: its `error` code, and words saying what to change. */
export class Oid4vciError extends DomainError {
  // Written out: deployed bundles are minified without keeping class names (shared/errors.ts).
  override readonly name = 'Oid4vciError';
  readonly status: number;
  readonly title: string;
  constructor(
    readonly error: Oid4vciErrorCode,
    message: string,
    /** For invalid_token: the request carried no access token at all (RFC 6750 §3.1 then names no error in WWW-Authenticate). */
    readonly tokenMissing = false,
  ) {
    super(message);
    this.status = error === 'invalid_token' ? 401 : 400;
    this.title = TITLES[error];
  }
}

// ---------------------------------------------------------------------------------------------
// The issuer and its metadata

/**
 * The Credential Issuer Identifier: the public base URL without its trailing slash. OpenID4VCI
 * wants https, with no query or fragment; plain http is accepted in the local cloud only (its
 * URLs are http://127.0.0.1:<port>). Checked at cold start, so a misconfigured function fails
 * before its first request.
 */
export function credentialIssuerIdentifier(publicBaseUrl: string, options: { localCloud: boolean }): string {
  const url = new URL(publicBaseUrl);
  if (url.protocol !== 'https:' && !(options.localCloud && url.protocol === 'http:')) {
    throw new Error(`OpenID4VCI needs an https public URL; PUBLIC_BASE_URL is ${publicBaseUrl} (plain http is for the local cloud only)`);
  }
  if (url.search || url.hash) throw new Error(`the credential issuer identifier has no query or fragment; PUBLIC_BASE_URL is ${publicBaseUrl}`);
  // A loop, not /\/+$/ (which backtracks on a long run of slashes that does not end the string).
  let end = publicBaseUrl.length;
  while (end > 0 && publicBaseUrl[end - 1] === '/') end--;
  return publicBaseUrl.slice(0, end);
}

/** The flow's endpoints. The well-known documents sit at the host's root: an issuer URL with a path would need them at /.well-known/…/<path>. */
export const oid4vciEndpoints = (credentialIssuer: string) => ({
  credentialIssuerMetadata: `${credentialIssuer}/.well-known/openid-credential-issuer`,
  authorizationServerMetadata: `${credentialIssuer}/.well-known/oauth-authorization-server`,
  token: `${credentialIssuer}/oid4vci/token`,
  nonce: `${credentialIssuer}/oid4vci/nonce`,
  credential: `${credentialIssuer}/oid4vci/credential`,
});

/**
 * The Credential Issuer Metadata (§12.2): one configuration, an Open Badge as a Data Integrity
 * (ldp_vc) credential. No `authorization_servers`: the issuer is its own authorization server.
 *
 * credential_signing_alg_values_supported: OpenID4VCI defines no value for the eddsa-rdfc-2022
 * cryptosuite (for ldp_vc it points at the Linked Data Cryptographic Suite Registry, which names
 * suites, not algorithms). "Ed25519" names what the proof's signature is; a wallet that reads it
 * as a JOSE alg finds none it must match, and the proof itself names its cryptosuite.
 * The @context lists the contexts that define the credential's types; an issued credential also
 * carries OB's extensions context (and the render method's, when it has one).
 */
export function credentialIssuerMetadata(settings: { credentialIssuer: string; institutionName: string }) {
  const endpoints = oid4vciEndpoints(settings.credentialIssuer);
  return {
    credential_issuer: settings.credentialIssuer,
    credential_endpoint: endpoints.credential,
    nonce_endpoint: endpoints.nonce,
    display: [{ name: settings.institutionName, locale: 'en' }],
    credential_configurations_supported: {
      [CREDENTIAL_CONFIGURATION_ID]: {
        format: 'ldp_vc',
        credential_definition: {
          '@context': [CONTEXTS.credentialsV2, CONTEXTS.openBadgesV3],
          type: ['VerifiableCredential', 'OpenBadgeCredential'],
        },
        cryptographic_binding_methods_supported: ['did:key'],
        credential_signing_alg_values_supported: ['Ed25519'],
        proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['EdDSA', 'ES256'] } },
        credential_metadata: { display: [{ name: 'Open Badge', locale: 'en' }] },
      },
    },
  };
}

/** The Authorization Server Metadata (RFC 8414): a token endpoint for the pre-authorized code, anonymous. */
export function authorizationServerMetadata(settings: { credentialIssuer: string }) {
  return {
    issuer: settings.credentialIssuer,
    token_endpoint: oid4vciEndpoints(settings.credentialIssuer).token,
    grant_types_supported: [PRE_AUTHORIZED_CODE_GRANT],
    token_endpoint_auth_methods_supported: ['none'],
    'pre-authorized_grant_anonymous_access_supported': true,
    // No authorization endpoint: no response type (RFC 8414 asks for the member).
    response_types_supported: [],
  };
}

// ---------------------------------------------------------------------------------------------
// The credential offer

export interface OfferDeps {
  offers: Pick<WalletOfferRepository, 'get'>;
  clock: Clock;
  settings: { publicBaseUrl: string; credentialIssuer: string };
}

/**
 * The credential offer a wallet resolves from `credential_offer_uri` (§4.1.3): the
 * pre-authorized code and the tx_code it must ask the learner for. Unknown → 404; used, locked,
 * expired, or its code already exchanged → 410.
 */
export async function credentialOffer(deps: OfferDeps, offerId: string) {
  const offer = await deps.offers.get(offerId);
  if (!offer?.preAuthorizedCode) throw new NotFoundError('There is no such credential offer. Make a new wallet offer from your claim page.');
  const refusal = offerRefusal(offer, deps.clock.now()) ?? (offer.codeExchangedAt ? 'This credential offer was taken by a wallet already: each offer gives one copy. Make a new one from your claim page.' : undefined);
  if (refusal) throw new GoneError(refusal);
  return {
    credential_issuer: deps.settings.credentialIssuer,
    credential_configuration_ids: [CREDENTIAL_CONFIGURATION_ID],
    grants: {
      [PRE_AUTHORIZED_CODE_GRANT]: {
        'pre-authorized_code': offer.preAuthorizedCode,
        tx_code: { input_mode: 'numeric', length: TX_CODE_DIGITS, description: 'The 6-digit code shown on your claim page, beside the QR code.' },
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The token endpoint

export interface TokenDeps {
  offers: Pick<WalletOfferRepository, 'get' | 'exchangePreAuthorizedCode'>;
  clock: Clock;
}

const refuseGrant = (message: string): never => {
  throw new Oid4vciError('invalid_grant', message);
};

/**
 * The Token Request (§6.1) of the pre-authorized code flow: the offer's code and its tx_code for
 * an access token, once. The code is compared by digest; the tx_code's tries are counted by the
 * offer (entities/wallet-offer.ts), the last wrong one locks it.
 */
export async function exchangeToken(deps: TokenDeps, form: Record<string, string>) {
  const grantType = form.grant_type;
  if (!grantType) throw new Oid4vciError('invalid_request', `The token request has no grant_type: send ${PRE_AUTHORIZED_CODE_GRANT}.`);
  if (grantType !== PRE_AUTHORIZED_CODE_GRANT) throw new Oid4vciError('unsupported_grant_type', `The grant type ${JSON.stringify(grantType.slice(0, 100))} is not supported: this issuer offers the pre-authorized code flow only (${PRE_AUTHORIZED_CODE_GRANT}).`);
  const code = form['pre-authorized_code'];
  if (!code) throw new Oid4vciError('invalid_request', 'The token request has no pre-authorized_code: send the one from the credential offer.');

  const offerId = offerIdOfSecret(code);
  const offer = offerId ? await deps.offers.get(offerId) : undefined;
  if (!offer?.preAuthorizedCode || !sameDigest(secretDigest(code), secretDigest(offer.preAuthorizedCode))) {
    return refuseGrant('The pre-authorized code is not one this issuer handed out: scan the wallet offer on your claim page again.');
  }
  const now = deps.clock.now();
  const refusal = codeRefusal(offer, now);
  if (refusal) return refuseGrant(refusal);

  const txCode = (form.tx_code ?? '').replace(/[\s-]/g, '');
  if (!txCode) throw new Oid4vciError('invalid_request', 'This offer needs its transaction code (tx_code): the 6 digits shown on your claim page.');
  // A code of the wrong shape is wrong whatever it is: refused without using one of the offer's tries.
  if (!TX_CODE_PATTERN.test(txCode)) throw new Oid4vciError('invalid_request', `The transaction code (tx_code) is ${TX_CODE_DIGITS} digits, as shown on your claim page.`);

  const accessToken = newOfferSecret(offer.id);
  const tokenEnd = Math.min(now.getTime() + ACCESS_TOKEN_SECONDS * 1000, Date.parse(offer.expiresAt));
  const result = await deps.offers.exchangePreAuthorizedCode(offer.id, {
    txCodeHash: txCodeDigest(offer.id, txCode),
    accessTokenHash: secretDigest(accessToken),
    accessTokenExpiresAt: new Date(tokenEnd).toISOString(),
    at: now.toISOString(),
  });
  if (result.outcome === 'wrong-tx-code') {
    return refuseGrant(
      result.attemptsLeft > 0
        ? `The transaction code is wrong: check the 6 digits on your claim page (${result.attemptsLeft} ${result.attemptsLeft === 1 ? 'try' : 'tries'} left).`
        : 'The transaction code is wrong, for the last time: this offer is now locked. Make a new one from your claim page.',
    );
  }
  if (result.outcome === 'refused') {
    // The offer changed between the read and the write: say how it is now.
    const current = await deps.offers.get(offer.id);
    return refuseGrant((current && codeRefusal(current, deps.clock.now())) ?? 'This offer can no longer be exchanged. Make a new one from your claim page.');
  }
  return { access_token: accessToken, token_type: 'Bearer', expires_in: Math.max(1, Math.floor((tokenEnd - now.getTime()) / 1000)) };
}

/** Why an offer's pre-authorized code can no longer be exchanged (undefined: it can). */
function codeRefusal(offer: WalletOffer, now: Date): string | undefined {
  const refusal = offerRefusal(offer, now);
  if (refusal) return refusal;
  if (offer.codeExchangedAt) return 'This pre-authorized code was exchanged already: each offer gives one access token. Make a new offer from your claim page.';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The nonce endpoint

/** A fresh c_nonce (§7), kept until it is used once or expires. */
export async function createNonce(deps: { nonces: Pick<CredentialNonceRepository, 'create'>; clock: Clock }) {
  const { nonce } = await deps.nonces.create(newNonce(), deps.clock.now());
  return { c_nonce: nonce };
}

// ---------------------------------------------------------------------------------------------
// The credential endpoint

export interface CredentialDeps extends WalletDeps {
  nonces: Pick<CredentialNonceRepository, 'consume'>;
  settings: { publicBaseUrl: string; credentialIssuer: string };
}

/**
 * The Credential Request (§8): the access token names the offer; the one `jwt` key proof must
 * verify (signature first, then audience, freshness), and its nonce must be one this issuer
 * handed out and not used — consumed here, after the proof verified, so a replayed proof finds
 * it gone. The copy is bound to the proof's key (a did:key) and issued by the core every pickup
 * ends in, which redeems the offer with the access token as its authority: single use.
 */
export async function issueCredential(deps: CredentialDeps, request: { authorization: string | undefined; readBody: () => unknown }) {
  const now = deps.clock.now();
  // The token first: without one, nothing about the request is worth an answer but 401.
  const { offer, accessTokenHash } = await offerOfAccessToken(deps, request.authorization, now);
  const proof = keyProofOf(request.readBody());
  const nonce = nonceOf(proof);
  let holder: string;
  try {
    ({ holder } = await verifyKeyProofJwt(proof, { audience: deps.settings.credentialIssuer, nonce, now }));
  } catch (e) {
    if (e instanceof DidAuthenticationError) throw new Oid4vciError('invalid_proof', `The key proof was refused (${e.code}): ${e.message}`);
    throw e;
  }
  if (!(await deps.nonces.consume(nonce, now))) {
    throw new Oid4vciError('invalid_nonce', 'The key proof\'s nonce is not a c_nonce this issuer handed out, or it was used already, or it expired: ask the nonce endpoint for a fresh one and sign again.');
  }
  try {
    const credential = await issueWalletCopy(deps, offer, { holder, channel: 'oid4vci', authority: { accessTokenHash } });
    return { credentials: [{ credential }] };
  } catch (e) {
    // The credential was revoked or is gone, or the offer was taken a moment ago by the same token.
    if (e instanceof GoneError || e instanceof NotFoundError) throw new Oid4vciError('credential_request_denied', e.message);
    throw e;
  }
}

/** The offer an `Authorization: Bearer` access token was issued for, while the token is good. */
async function offerOfAccessToken(deps: Pick<CredentialDeps, 'offers'>, authorization: string | undefined, now: Date) {
  const token = /^Bearer +([^\s]+) *$/i.exec(authorization ?? '')?.[1];
  if (!token) throw new Oid4vciError('invalid_token', 'The credential request needs the access token from the token endpoint: Authorization: Bearer <access_token>.', true);
  const offerId = offerIdOfSecret(token);
  const offer = offerId ? await deps.offers.get(offerId) : undefined;
  const accessTokenHash = secretDigest(token);
  if (!offer?.accessTokenHash || !sameDigest(accessTokenHash, offer.accessTokenHash)) {
    throw new Oid4vciError('invalid_token', 'The access token is not one this issuer handed out.');
  }
  if (offer.status === 'REDEEMED') throw new Oid4vciError('invalid_token', 'The access token was used already: each gives one credential. Make a new wallet offer from your claim page.');
  const refusal = offerRefusal(offer, now);
  if (refusal) throw new Oid4vciError('invalid_token', refusal);
  if (!offer.accessTokenExpiresAt || Date.parse(offer.accessTokenExpiresAt) <= now.getTime()) {
    throw new Oid4vciError('invalid_token', `The access token expired (tokens last ${ACCESS_TOKEN_SECONDS / 60} minutes). Make a new wallet offer from your claim page.`);
  }
  return { offer, accessTokenHash };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The request's one jwt key proof, after the request's shape is checked (§8.2). */
function keyProofOf(body: unknown): string {
  if (!isObject(body)) throw new Oid4vciError('invalid_credential_request', 'The credential request must be a JSON object.');
  if (body.credential_identifier !== undefined) {
    throw new Oid4vciError('invalid_credential_request', 'This issuer hands out no credential identifiers (the token response has no authorization_details): send credential_configuration_id instead.');
  }
  if (body.format !== undefined && body.credential_configuration_id === undefined) {
    throw new Oid4vciError('invalid_credential_request', `A credential is asked for by credential_configuration_id in OpenID4VCI 1.0 (format is a draft's): send "${CREDENTIAL_CONFIGURATION_ID}".`);
  }
  const configuration = body.credential_configuration_id;
  if (typeof configuration !== 'string') throw new Oid4vciError('invalid_credential_request', `The credential request has no credential_configuration_id: send "${CREDENTIAL_CONFIGURATION_ID}".`);
  if (configuration !== CREDENTIAL_CONFIGURATION_ID) {
    throw new Oid4vciError('unknown_credential_configuration', `The credential configuration ${JSON.stringify(configuration.slice(0, 100))} is not offered: this issuer offers "${CREDENTIAL_CONFIGURATION_ID}".`);
  }
  if (body.proof !== undefined) throw new Oid4vciError('invalid_credential_request', 'Key proofs go in proofs ({"jwt": [<proof>]}) in OpenID4VCI 1.0; proof is a draft\'s.');
  const proofs = body.proofs;
  if (proofs === undefined) throw new Oid4vciError('invalid_proof', 'The credential request has no proofs: the copy is bound to a key, so send one jwt key proof ({"jwt": [<proof>]}).');
  if (!isObject(proofs)) throw new Oid4vciError('invalid_proof', 'proofs must be an object with one proof type: {"jwt": [<proof>]}.');
  const types = Object.keys(proofs);
  if (types.length !== 1 || types[0] !== 'jwt') throw new Oid4vciError('invalid_proof', `Only jwt key proofs are accepted (proofs had ${types.map((t) => JSON.stringify(t.slice(0, 40))).join(', ') || 'none'}).`);
  const jwts = proofs.jwt;
  if (!Array.isArray(jwts) || jwts.length !== 1 || typeof jwts[0] !== 'string') {
    throw new Oid4vciError('invalid_proof', 'proofs.jwt must hold exactly one key proof (a compact JWS string): one offer gives one credential.');
  }
  return jwts[0];
}

/** The nonce a key proof was signed over, read before it is verified (the verification then checks it, the table that it is ours). */
function nonceOf(jwt: string): string {
  let nonce: unknown;
  if (jwt.length <= MAX_KEY_PROOF_JWT_BYTES) {
    try {
      nonce = (JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown> | null)?.nonce;
    } catch {
      nonce = undefined;
    }
  }
  if (typeof nonce !== 'string' || !nonce) {
    throw new Oid4vciError('invalid_proof', 'The key proof carries no nonce (or its payload is not JSON): ask the nonce endpoint for a c_nonce and sign over it.');
  }
  return nonce;
}
