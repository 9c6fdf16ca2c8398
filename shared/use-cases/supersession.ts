import type { CredentialRecord, CredentialRepository } from '../entities/credential';
import type { CredentialCopyIndex } from '../entities/credential-copy';
import { publicUrls } from '../issuer';

/**
 * Supersession as verifiers are told it. A credential that was corrected, extended or renewed
 * still verifies — a supersession is not a revocation, and no status list carries it — so the
 * verification result says beside its status that it was replaced, when, and where the current
 * one is. A wallet copy (its own `urn:uuid:` id, the original's claims and status entry) is
 * superseded with the credential it copies: both point to the same current credential.
 *
 * Only the date and the successor's URL are public: the reason is staff's free text, and may
 * say more about the learner than a verifier needs.
 */
export interface Supersession {
  at: string;
  credentialId: string;
  url: string;
}

export function supersessionOf(record: Pick<CredentialRecord, 'supersededBy'>, publicBaseUrl: string): Supersession | undefined {
  if (!record.supersededBy) return undefined;
  const { credentialId, at } = record.supersededBy;
  return { at, credentialId, url: publicUrls(publicBaseUrl).credential(credentialId) };
}

export interface PresentedSupersessionDeps {
  publicBaseUrl: string;
  credentials: Pick<CredentialRepository, 'get'>;
  copies: Pick<CredentialCopyIndex, 'credentialOf'>;
}

const CREDENTIAL_ID = /^[A-Za-z0-9-]{1,64}$/;
const COPY_ID = /^urn:uuid:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/**
 * The credential a presented document of ours stands for: itself, by its public URL, or — for a
 * wallet copy — the credential it copies, by the copy's index. Undefined for an id that names
 * neither. The caller asks only once the document's proof verified with one of our keys, so a
 * forged document cannot borrow a real credential's supersession.
 */
export async function presentedSupersession(deps: PresentedSupersessionDeps, documentId: string | undefined): Promise<Supersession | undefined> {
  if (!documentId) return undefined;
  // Our credentials' URLs are publicUrls' to spell: the id is what follows its prefix.
  const prefix = publicUrls(deps.publicBaseUrl).credential('');
  const path = documentId.startsWith(prefix) ? documentId.slice(prefix.length) : undefined;
  const copyId = COPY_ID.exec(documentId)?.[1];
  const credentialId = path !== undefined && CREDENTIAL_ID.test(path) ? path : copyId ? await deps.copies.credentialOf(copyId) : undefined;
  if (!credentialId) return undefined;
  const record = await deps.credentials.get(credentialId);
  return record ? supersessionOf(record, deps.publicBaseUrl) : undefined;
}
