import { createHash } from 'node:crypto';
import { bundledDocumentLoader } from '../credentials/document-loader';
import { DETAIL_TYPES, type CredentialIssuedV1 } from '../../events/schemas';
import { addProof, type DataIntegrityProof, type Signer } from '../credentials/data-integrity';
import { buildOpenBadgeCredential, type OpenBadgeCredential } from '../credentials/open-badge';
import { openBadgeSchemaErrors } from '../credentials/schema';
import { statusEntry } from '../credentials/status-list';
import { sameJwtClaims, signVcJwt, type Es256Signer } from '../credentials/vc-jwt';
import type { Achievement } from '../entities/achievement';
import type { CredentialRecord } from '../entities/credential';
import type { ReminderPlan } from '../entities/reminder';
import { learnerOf, type Issuance } from '../entities/issuance';
import type { IssuerRecord } from '../entities/issuer';
import { PermanentError } from '../errors';
import type { PublicUrls } from '../issuer';
import type { Artifacts, DomainEvent } from '../ports';

/**
 * The issuing core: every way of issuing (one request, a cohort row, and those to come) builds,
 * signs, checks, stores, records and announces a credential through these functions, so the
 * same facts give the same bytes and the same guarantees whichever path issued them.
 *
 *   unsignedCredential → signAward → storeSigned → credentialRecord → credentialIssuedEvent
 */

export const artifactKey = (credentialId: string) => `credentials/${credentialId}.json`;
export const jwtArtifactKey = (credentialId: string) => `credentials/${credentialId}.jwt`;
export const sha256Hex = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

const addDays = (iso: string, days: number) => new Date(Date.parse(iso) + days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * When a credential issued at `issuedAt` stops being valid: the achievement's fixed end date, or
 * its duration from the issue; none when it is for life. A credential that would be born expired
 * is refused: no verifier would accept it.
 */
export function validityOf(achievement: Pick<Achievement, 'validityDays' | 'validUntilDate'>, issuedAt: string, from = issuedAt): { validUntil?: string } {
  const validUntil = achievement.validUntilDate
    ? new Date(achievement.validUntilDate).toISOString().replace(/\.\d{3}Z$/, 'Z')
    : achievement.validityDays
      ? addDays(from, achievement.validityDays)
      : undefined;
  if (!validUntil) return {};
  if (Date.parse(validUntil) <= Date.parse(issuedAt)) throw new PermanentError(`the achievement's validity ended on ${validUntil}, before this credential's issue (${issuedAt})`);
  return { validUntil };
}

/**
 * What a renewal's validity runs from: the renewed credential's expiry when the policy says so and
 * it is still ahead (renewing early loses no day), otherwise the renewal's own issue.
 */
export function renewalBase(renews: Issuance['renews'], issuedAt: string): string {
  if (renews?.validFrom === 'previousExpiry' && renews.validUntil && Date.parse(renews.validUntil) > Date.parse(issuedAt)) {
    return new Date(renews.validUntil).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  return issuedAt;
}

/** Where a credential's revocation bit is: fixed once per award, reused by every retry. */
export interface StatusPosition {
  listNo: number;
  index: number;
}

/**
 * The credential an award earns, before its proof: the same function for every path, so the
 * same facts (issue time and status position included) make the same document.
 */
export function unsignedCredential(
  issuance: Pick<Issuance, 'id' | 'credentialId' | 'issuerId' | 'recipient' | 'recipientSalt' | 'award' | 'verifiedFiles' | 'renews'>,
  achievement: Achievement,
  issuer: IssuerRecord,
  urls: PublicUrls,
  position: StatusPosition,
  issuedAt: string,
  /** A reissue keeps the original's expiry, or extends it: its validity is not recomputed. */
  validUntil?: string,
) {
  const learner = learnerOf(issuance);
  return buildOpenBadgeCredential({
    id: urls.credential(issuance.credentialId),
    issuer: {
      id: urls.issuer(issuance.issuerId),
      name: issuer.name,
      url: issuer.url,
      ...(issuer.email ? { email: issuer.email } : {}),
      ...(issuer.linkedInOrganizationId ? { linkedInOrganizationId: issuer.linkedInOrganizationId } : {}),
    },
    achievement: { ...achievement, id: urls.achievement(achievement.id) },
    recipient: {
      email: learner.email,
      salt: issuance.recipientSalt,
      // The name appears only if the learner agreed to publish it.
      ...(learner.publishName && learner.name ? { name: learner.name } : {}),
      ...(learner.studentId ? { studentId: learner.studentId } : {}),
      ...(learner.orcid ? { orcid: learner.orcid } : {}),
    },
    ...issuance.award,
    // An assessor's attestation is evidence too; an uploaded file is named by its hash (RFC 6920).
    evidence: [
      ...issuance.award.evidence,
      ...issuance.verifiedFiles.map((f) => ({
        id: `ni:///sha-256;${Buffer.from(f.sha256, 'hex').toString('base64url')}`,
        name: f.fileName,
        description: `Uploaded file, ${f.size} bytes, SHA-256 ${f.sha256}`,
        genre: 'File',
      })),
      ...(issuance.award.attestation
        ? [{ name: `Attestation by ${issuance.award.attestation.assessor}`, narrative: issuance.award.attestation.statement, genre: 'Attestation' }]
        : []),
      // A renewal names the credential it renews, by its URL: anyone can follow the chain.
      ...(issuance.renews ? [{ id: urls.credential(issuance.renews.credentialId), name: 'The credential this one renews', genre: 'Renewal' }] : []),
    ],
    validFrom: issuedAt,
    ...(validUntil ? { validUntil } : validityOf(achievement, issuedAt, renewalBase(issuance.renews, issuedAt))),
    awardedDate: issuedAt,
    credentialStatus: statusEntry(urls.statusList(issuance.issuerId, 'revocation', position.listNo), 'revocation', position.index),
    renderMethod: { templateUrl: urls.certificateTemplate, name: 'Certificate' },
  });
}

/** A signed credential: the JSON-LD document and its exact bytes, and the VC-JWT form when enabled. */
export interface SignedCredential {
  credential: OpenBadgeCredential & { proof: DataIntegrityProof[] };
  /** The bytes stored and served (pretty-printed JSON). */
  body: string;
  sha256: string;
  jwt: string | null;
}

/** The JSON-LD form's bytes: what is hashed, stored and served. */
export const credentialBody = (credential: OpenBadgeCredential) => JSON.stringify(credential, null, 2);

/**
 * Signs the document (Ed25519 is deterministic: the same document and key give the same proof),
 * refuses what the official schema would reject, and signs the VC-JWT form when a JWT signer is
 * given (ES256 is randomized: a retry's token differs in its signature only).
 */
export async function signAward(unsigned: ReturnType<typeof unsignedCredential>, signer: Signer, options: { issuedAt: string; jwtSigner?: Es256Signer }): Promise<SignedCredential> {
  const credential = await addProof(unsigned, signer, { created: options.issuedAt, documentLoader: bundledDocumentLoader });
  const errors = openBadgeSchemaErrors(credential);
  if (errors.length) throw new PermanentError(`the credential fails the Open Badges 3.0 schema: ${errors.join('; ')}`);
  const body = credentialBody(credential);
  const jwt = options.jwtSigner ? await signVcJwt(unsigned, options.jwtSigner) : null;
  return { credential, body, sha256: sha256Hex(body), jwt };
}

/**
 * Stores an artifact once and never overwrites one: written only if nothing is at `key`
 * (If-None-Match: *). What is already there counts as this write when it is the same — byte
 * for byte for the JSON-LD form, the same claims for a JWT — and is then kept (a retried JWT
 * keeps the first token). Anything else there is a permanent error. Answers the stored text.
 */
export async function storeOnce(
  artifacts: Pick<Artifacts, 'createOnly' | 'read'>,
  key: string,
  body: string,
  options: { form: 'json-ld' | 'vc-jwt'; metadata?: Record<string, string> },
): Promise<string> {
  const contentType = options.form === 'vc-jwt' ? 'application/vc+jwt' : 'application/ld+json';
  if ((await artifacts.createOnly(key, body, { contentType, ...(options.metadata ? { metadata: options.metadata } : {}) })) === 'created') return body;
  const existing = await artifacts.read(key);
  // Deleted between the refused write and the read: nothing of ours can do that, so say so.
  if (!existing) throw new PermanentError(`the artifact at ${key} vanished while it was being stored`);
  const same = options.form === 'vc-jwt' ? sameJwtClaims(existing.body, body) : existing.body === body;
  if (!same) throw new PermanentError(`a different ${options.form === 'vc-jwt' ? 'JWT' : 'artifact'} is already stored at ${key}; refusing to overwrite it`);
  return existing.body;
}

/** The issue time and status allocation an award was signed with, kept on its stored document. */
export interface SignedWith {
  issuedAt: string;
  statusAllocation: number;
}

const SIGNED_WITH = { issuedAt: 'issued-at', statusAllocation: 'status-allocation' } as const;

/** What an earlier attempt signed a stored document with (from its metadata), if it says. */
export function signedWith(metadata: Record<string, string>): SignedWith | undefined {
  const issuedAt = metadata[SIGNED_WITH.issuedAt];
  const allocation = Number(metadata[SIGNED_WITH.statusAllocation]);
  return issuedAt && Number.isInteger(allocation) ? { issuedAt, statusAllocation: allocation } : undefined;
}

export interface StoredCredential {
  artifact: { key: string; sha256: string };
  jwtArtifact?: { key: string; sha256: string };
}

/** Stores both forms once (storeOnce), each naming its issuance and what it was signed with. */
export async function storeSigned(
  artifacts: Pick<Artifacts, 'createOnly' | 'read'>,
  credentialId: string,
  signed: Pick<SignedCredential, 'body' | 'jwt'>,
  facts: { issuanceId: string } & SignedWith,
): Promise<StoredCredential> {
  const metadata = { issuance: facts.issuanceId, [SIGNED_WITH.issuedAt]: facts.issuedAt, [SIGNED_WITH.statusAllocation]: String(facts.statusAllocation) };
  const key = artifactKey(credentialId);
  const body = await storeOnce(artifacts, key, signed.body, { form: 'json-ld', metadata });
  if (!signed.jwt) return { artifact: { key, sha256: sha256Hex(body) } };
  const jwtKey = jwtArtifactKey(credentialId);
  const jwt = await storeOnce(artifacts, jwtKey, signed.jwt, { form: 'vc-jwt', metadata: { issuance: facts.issuanceId } });
  return { artifact: { key, sha256: sha256Hex(body) }, jwtArtifact: { key: jwtKey, sha256: sha256Hex(jwt) } };
}

/** The credential's record: what the public endpoints, status changes and reports read. */
export function credentialRecord(
  issuance: Pick<Issuance, 'id' | 'credentialId' | 'achievementId' | 'achievementVersion' | 'issuerId'> & { renews?: Issuance['renews'] },
  credential: OpenBadgeCredential,
  stored: StoredCredential,
  position: StatusPosition,
): CredentialRecord {
  const proof = (credential.proof as { verificationMethod: string }[])[0]!;
  return {
    id: issuance.credentialId,
    issuanceId: issuance.id,
    achievementId: issuance.achievementId,
    achievementVersion: issuance.achievementVersion,
    issuerId: issuance.issuerId,
    status: 'ACTIVE',
    issuedAt: credential.validFrom,
    ...(credential.validUntil ? { validUntil: credential.validUntil } : {}),
    artifact: stored.artifact,
    ...(stored.jwtArtifact ? { jwtArtifact: stored.jwtArtifact } : {}),
    verificationMethod: proof.verificationMethod,
    signingKeyId: proof.verificationMethod.split('/').pop()!,
    statusPosition: position,
    ...(issuance.renews ? { supersedes: issuance.renews.credentialId } : {}),
  };
}

/** What a credential's reminder schedule follows: its achievement version's days before expiry (none: only the expiry). */
export const reminderPlanOf = (achievement: Pick<Achievement, 'reminders'>): ReminderPlan => ({ daysBefore: achievement.reminders?.daysBefore ?? [] });

/** CredentialIssued (v1), the one announcement every path makes. Subscribers get no learner data. */
export function credentialIssuedEvent(
  issuance: Pick<Issuance, 'id' | 'credentialId' | 'achievementId' | 'achievementVersion' | 'issuerId'> & { issuedAt: string },
  urls: PublicUrls,
): DomainEvent {
  const detail: CredentialIssuedV1 = {
    version: '1',
    issuanceId: issuance.id,
    credentialId: issuance.credentialId,
    credentialUrl: urls.credential(issuance.credentialId),
    achievementId: issuance.achievementId,
    achievementVersion: issuance.achievementVersion,
    issuerId: issuance.issuerId,
    issuedAt: issuance.issuedAt,
  };
  return { detailType: DETAIL_TYPES.credentialIssued, detail, resources: [detail.credentialUrl] };
}
