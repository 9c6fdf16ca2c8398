import type { CredentialRecord, CredentialRepository } from '../entities/credential';
import type { IssuerKeyRepository } from '../entities/issuer-key';
import { NotAcceptableError, NotFoundError, PrivateCredentialError } from '../errors';
import { loadIssuer, type IssuerRepository } from '../entities/issuer';
import type { Artifacts } from '../ports';
import { issuerProfileDocument, jwkDocument, keyDocument, publicUrls, type IssuerSettings } from '../issuer';

export interface PublicDeps {
  credentials: Pick<CredentialRepository, 'get'>;
  keys: Pick<IssuerKeyRepository, 'get' | 'list'>;
  issuers: Pick<IssuerRepository, 'get'>;
  artifacts: Pick<Artifacts, 'read'>;
  publicBaseUrl: string;
  issuer: IssuerSettings;
}

export type CredentialFormat = 'ld+json' | 'vc+jwt' | 'html';

/**
 * What `Accept` asks for: the VC-JWT form only when it names application/vc+jwt ahead of
 * (or without) any JSON type; the verification page when text/html leads (a browser);
 * otherwise (a machine naming JSON, or nothing) the signed JSON-LD credential.
 */
export function negotiateFormat(accept: string | undefined): CredentialFormat {
  const types = (accept ?? '')
    .split(',')
    .map((part) => {
      const [type = '', ...params] = part.trim().toLowerCase().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.split('=')[1] ?? 1);
      return { type: type.trim(), q: Number.isNaN(q) ? 0 : q };
    })
    .filter((t) => t.q > 0)
    .sort((a, b) => b.q - a.q);
  const jwt = types.find((t) => t.type === 'application/vc+jwt');
  const json = types.find((t) => /^application\/(ld\+json|json|vc\+ld\+json|vc)$/.test(t.type));
  // A person's browser asks for text/html first; a machine that names JSON (or nothing) gets JSON.
  const html = types.find((t) => t.type === 'text/html' || t.type === 'application/xhtml+xml');
  if (html && (!json || html.q > json.q) && (!jwt || html.q > jwt.q)) return 'html';
  return jwt && (!json || jwt.q >= json.q) ? 'vc+jwt' : 'ld+json';
}

export const PRIVATE_DETAIL =
  'Its holder made this credential private. Ask them for a copy (the credential file, a badge image or the PDF certificate) and verify it at POST /verify or with any verifier.';

/** A private credential is served to no one at its URL: the page says so, machines get 403. */
export function refuseIfPrivate(record: Pick<CredentialRecord, 'visibility'>): void {
  if (record.visibility?.private) throw new PrivateCredentialError(PRIVATE_DETAIL);
}

/** The signed credential exactly as stored (the bytes that were hashed at Store), in the asked format. */
export async function getCredentialDocument(
  deps: Pick<PublicDeps, 'credentials' | 'artifacts'>,
  id: string,
  format: Exclude<CredentialFormat, 'html'> = 'ld+json',
): Promise<string> {
  const record = await deps.credentials.get(id);
  if (!record) throw new NotFoundError(`No credential with id '${id}'.`);
  refuseIfPrivate(record);
  const artifact = format === 'vc+jwt' ? record.jwtArtifact : record.artifact;
  if (!artifact) throw new NotAcceptableError('This deployment issues no VC-JWT form; ask for application/ld+json.');
  const stored = await deps.artifacts.read(artifact.key);
  // The record exists, so its bytes must: their absence is a fault, never a 404 that hides it.
  if (!stored) throw new Error(`the signed credential ${artifact.key} is missing from the bucket`);
  return stored.body;
}

export async function getIssuerProfile(deps: Pick<PublicDeps, 'keys' | 'issuers' | 'publicBaseUrl' | 'issuer'>, issuerId: string) {
  const issuer = await loadIssuer({ issuers: deps.issuers, defaultIssuer: deps.issuer }, issuerId);
  if (!issuer) throw new NotFoundError(`No issuer '${issuerId}'.`);
  return issuerProfileDocument(publicUrls(deps.publicBaseUrl), issuer, await deps.keys.list(issuerId));
}

export async function getIssuerKey(deps: Pick<PublicDeps, 'keys' | 'publicBaseUrl'>, issuerId: string, keyId: string) {
  const key = await deps.keys.get(issuerId, keyId);
  if (!key) throw new NotFoundError(`No key '${keyId}' for issuer '${issuerId}'.`);
  if (key.algorithm === 'ES256') {
    // A JWK has no 'revoked': a compromised JWT key is withdrawn, so JWT verifiers fail closed.
    if (key.status === 'COMPROMISED') throw new NotFoundError(`Key '${keyId}' of issuer '${issuerId}' was withdrawn.`);
    return { document: jwkDocument(publicUrls(deps.publicBaseUrl), key), contentType: 'application/jwk+json' };
  }
  // A compromised Multikey is still served, marked `revoked`, so verifiers can say why they refuse.
  return { document: keyDocument(publicUrls(deps.publicBaseUrl), key), contentType: 'application/ld+json' };
}

/** A badge image as uploaded (each upload has a name of its own, so it never changes). */
export async function getBadgeImage(deps: { artifacts: Pick<Artifacts, 'readBytes'> }, achievementId: string, file: string): Promise<Uint8Array> {
  const bytes = await deps.artifacts.readBytes(`images/${achievementId}/${file}`);
  if (!bytes) throw new NotFoundError('No such image.');
  return bytes;
}
