import { createHash } from 'node:crypto';
import { CONTEXTS } from './credentials/document-loader';
import type { IssuerKey } from './entities/issuer-key';

/**
 * Where things live on the public API. Credential, issuer and key ids are URLs that resolve
 * there, which is what lets any verifier check a Laurel credential without calling us.
 */
export function publicUrls(baseUrl: string) {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return {
    credential: (id: string) => `${base}credentials/${id}`,
    achievement: (id: string) => `${base}achievements/${id}`,
    issuer: (issuerId: string) => `${base}issuers/${issuerId}`,
    key: (issuerId: string, keyId: string) => `${base}issuers/${issuerId}/keys/${keyId}`,
    statusList: (issuerId: string, purpose: string, listNo: number) => `${base}status/${issuerId}/${purpose}/${listNo}`,
    /** Badge images: `images/<achievementId>/<file>`, also their key in the artifact bucket. */
    images: `${base}images/`,
    image: (achievementId: string, file: string) => `${base}images/${achievementId}/${file}`,
    /** The certificate template wallets render the credential with (SvgRenderingTemplate2023). */
    certificateTemplate: `${base}render/certificate.svg`,
    /** The learner's claim page; its link carries the token in the fragment, which no server sees. */
    claim: (token: string) => `${base}claim#${token}`,
    /** The page that confirms a learner's new contact address, its token likewise in the fragment. */
    confirmContact: (token: string) => `${base}claim/contact#${token}`,
    /** A wallet offer's interaction URL (VCALM): `iuv=1` tells a wallet what it is. */
    walletInteraction: (offerId: string) => `${base}wallet/${offerId}?iuv=1`,
    walletExchange: (offerId: string) => `${base}wallet/${offerId}/exchange`,
    walletRequest: (offerId: string) => `${base}wallet/${offerId}/request`,
    /** The issuer's public directory of learners who opted in (when the issuer turned it on). */
    directory: (issuerId: string) => `${base}directory/${issuerId}`,
  };
}
export type PublicUrls = ReturnType<typeof publicUrls>;

/** A short, stable label for a public key: the same key always gets the same URL. */
export const keyIdFor = (publicKeyMultibase: string) =>
  `k-${createHash('sha256').update(publicKeyMultibase).digest('hex').slice(0, 16)}`;

export interface IssuerSettings {
  issuerId: string;
  name: string;
  url: string;
  email?: string;
  description?: string;
  image?: { id: string; caption?: string };
  linkedInOrganizationId?: string;
  /** The public directory (off by default); not part of the Profile document. */
  directory?: { enabled: boolean; searchEngines: boolean };
}

/**
 * The `Multikey` document served at a key URL. A compromised key stays resolvable, marked
 * `revoked` from when it was reported, so a verifier learns why instead of meeting a 404.
 */
export function keyDocument(urls: PublicUrls, key: IssuerKey) {
  if (!key.publicKeyMultibase) throw new Error(`key ${key.keyId} is not an Ed25519 key`);
  return {
    '@context': CONTEXTS.multikeyV1,
    id: urls.key(key.issuerId, key.keyId),
    type: 'Multikey',
    controller: urls.issuer(key.issuerId),
    publicKeyMultibase: key.publicKeyMultibase,
    ...(key.compromise ? { revoked: key.compromise.from } : {}),
  };
}

/**
 * The issuer Profile, which doubles as the controller document of its keys: every key is
 * described under `verificationMethod`, and every key that may still verify a credential is
 * listed under `assertionMethod`. A compromised key is left out of the latter so that every
 * verifier rejects what it signed.
 */
export function issuerProfileDocument(urls: PublicUrls, issuer: IssuerSettings, keys: IssuerKey[]) {
  const id = urls.issuer(issuer.issuerId);
  // The controller document lists Data Integrity keys; VC-JWT keys are bare JWKs at their kid URLs.
  const multikeys = keys.filter((k) => k.algorithm === 'Ed25519');
  const usable = multikeys.filter((k) => k.status !== 'COMPROMISED');
  const documents = multikeys.map((k) => {
    const { '@context': _c, ...doc } = keyDocument(urls, k);
    return doc;
  });
  return {
    '@context': [CONTEXTS.credentialsV2, CONTEXTS.openBadgesV3, CONTEXTS.didV1, CONTEXTS.multikeyV1],
    id,
    type: ['Profile'],
    name: issuer.name,
    url: issuer.url,
    ...(issuer.email ? { email: issuer.email } : {}),
    ...(issuer.description ? { description: issuer.description } : {}),
    ...(issuer.image ? { image: { id: issuer.image.id, type: 'Image', ...(issuer.image.caption ? { caption: issuer.image.caption } : {}) } } : {}),
    verificationMethod: documents,
    // Only keys that may still vouch for credentials: current and retired, never compromised.
    assertionMethod: usable.map((k) => urls.key(k.issuerId, k.keyId)),
  };
}

/** The bare public JWK served at a VC-JWT key's URL (its `kid`). */
export function jwkDocument(urls: PublicUrls, key: IssuerKey) {
  if (!key.publicKeyJwk) throw new Error(`key ${key.keyId} is not an ES256 key`);
  return { ...key.publicKeyJwk, kid: urls.key(key.issuerId, key.keyId), alg: 'ES256', use: 'sig' };
}
