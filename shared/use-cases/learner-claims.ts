import type { AuditLog } from '../entities/audit';
import { newLinkToken, type ClaimLink, type ClaimLinkRepository } from '../entities/claim-link';
import type { CredentialRecord, CredentialRepository } from '../entities/credential';
import { learnerOf, type Issuance, type IssuanceRepository } from '../entities/issuance';
import { normalizeEmail } from '../credentials/recipient';
import { maskEmail } from '../domain/staff';
import { claimLinkEmail, contactConfirmationEmail } from '../email/claim-emails';
import { ConflictError, GoneError, NotFoundError, TooManyRequestsError } from '../errors';
import { directorySettings, type IssuerRepository } from '../entities/issuer';
import { directoryListingOf } from './directory';
import { publicUrls } from '../issuer';
import { changeCredentialStatus } from './credential-status';
import type { Artifacts, Clock, EdgeCache, LearnerKeyer, Mailer } from '../ports';
import { directoryPersonKey, type DirectoryListing } from '../entities/directory-entry';
import { learnerIndexKey } from '../entities/learner';

/**
 * The learner's side of a credential: the private claim link the credential email carries, the
 * claim page's session, and what the learner decides there — who may see the credential, where
 * Laurel writes to them, and whether they keep it at all. The learner is known by the link alone
 * (a 256-bit token in the URL's fragment, stored as its hash): no account, no password.
 */

/** How long a claim link opens the claim page; a new one can be asked for after. */
export const CLAIM_LINK_DAYS = 30;
/** How long a link confirming a new contact address lasts. */
export const CONTACT_LINK_HOURS = 24;

export interface ClaimDeps {
  claimLinks: ClaimLinkRepository;
  credentials: Pick<CredentialRepository, 'get' | 'setVisibility'>;
  issuances: Pick<IssuanceRepository, 'get' | 'setDeliveryEmail' | 'amend'>;
  /** Whether the credential's issuer has a public directory. */
  issuers: Pick<IssuerRepository, 'get'>;
  artifacts: Pick<Artifacts, 'read'>;
  mailer: Mailer;
  audit: Pick<AuditLog, 'append'>;
  clock: Clock;
  settings: { publicBaseUrl: string; institutionName: string };
}

/** The learner as the audit trail names them: by role, never by address. */
export const LEARNER_ACTOR = { kind: 'learner' as const, name: 'the learner (claim link)' };

const addMs = (now: Date, ms: number) => new Date(now.getTime() + ms).toISOString();

/** A new claim link for a credential: the URL to email (the token only ever in it) and when it ends. */
export async function createClaimLink(
  deps: { claimLinks: Pick<ClaimLinkRepository, 'create'>; clock: Clock; settings: { publicBaseUrl: string } },
  credential: { credentialId: string; issuanceId: string },
): Promise<{ url: string; expiresAt: string }> {
  const token = newLinkToken();
  const now = deps.clock.now();
  const expiresAt = addMs(now, CLAIM_LINK_DAYS * 86_400_000);
  await deps.claimLinks.create(token, { purpose: 'claim', ...credential, createdAt: now.toISOString(), expiresAt });
  return { url: publicUrls(deps.settings.publicBaseUrl).claim(token), expiresAt };
}

/** What an open claim session sees: the link, the credential's record and its issuance. */
export interface Claim {
  link: ClaimLink;
  record: CredentialRecord;
  issuance: Issuance;
}

/**
 * The claim a token opens. Unknown tokens and other purposes' tokens are not found (404); an
 * expired link is gone (410), which the page answers by offering a new one.
 */
export async function openClaim(deps: Pick<ClaimDeps, 'claimLinks' | 'credentials' | 'issuances' | 'clock'>, token: string, options: { allowExpired?: boolean } = {}): Promise<Claim> {
  const link = await deps.claimLinks.get(token);
  if (!link || link.purpose !== 'claim') throw new NotFoundError('This link does not open a credential. Use the latest link we emailed you.');
  if (!options.allowExpired && Date.parse(link.expiresAt) <= deps.clock.now().getTime()) {
    throw new GoneError('This link has expired. Ask for a new one: it is sent to the address we have for you.');
  }
  const [original, issuance] = await Promise.all([deps.credentials.get(link.credentialId), deps.issuances.get(link.issuanceId)]);
  if (!original || !issuance) throw new NotFoundError('The credential this link opened no longer exists.');
  return { link, record: await currentVersion(deps, original), issuance };
}

/** The credential that replaced this one, and so on (a reissue is recorded before it is pointed to). */
async function currentVersion(deps: Pick<ClaimDeps, 'credentials'>, record: CredentialRecord): Promise<CredentialRecord> {
  let current = record;
  for (let hops = 0; current.supersededBy && hops < 10; hops++) {
    const next = await deps.credentials.get(current.supersededBy.credentialId);
    if (!next) break;
    current = next;
  }
  return current;
}

/** The signed credential as stored. */
export async function claimedDocument(deps: Pick<ClaimDeps, 'artifacts'>, record: CredentialRecord): Promise<{ body: string; credential: Record<string, any> }> {
  const stored = await deps.artifacts.read(record.artifact.key);
  if (!stored) throw new Error(`the signed credential ${record.artifact.key} is missing from the bucket`);
  return { body: stored.body, credential: JSON.parse(stored.body) as Record<string, any> };
}

/** Where Laurel writes to the learner now: the address staff or the learner corrected, else the one issued to. */
export const contactAddress = (issuance: Issuance) => issuance.deliveryEmail ?? learnerOf(issuance).email;
export const maskedContact = (issuance: Issuance) => maskEmail(contactAddress(issuance));

/**
 * What the issuer's directory lists of the claim's credential (none without a name on it), with
 * the learner's pseudonym there, so their credentials show together and a namesake's apart.
 */
async function listingOf(deps: Pick<ClaimDeps, 'artifacts'> & { learnerKeys: LearnerKeyer }, claim: Claim): Promise<DirectoryListing | undefined> {
  const listing = directoryListingOf(claim.record, (await claimedDocument(deps, claim.record)).credential);
  if (!listing) return undefined;
  await deps.learnerKeys.ready();
  // The address the credential was issued to, as the learner index keys it (not a later contact address).
  const indexKey = learnerIndexKey(deps.learnerKeys, { email: learnerOf(claim.issuance).email });
  return { ...listing, personKey: directoryPersonKey(claim.record.issuerId, indexKey) };
}

/**
 * The learner's visibility choices; the credential's URL obeys them at once (the CDN within a
 * minute), and so does the issuer's public directory: the entry is put or deleted in the same
 * transaction as the choice (credential.ts `setVisibility`).
 */
export async function setVisibility(
  deps: ClaimDeps & { edge: EdgeCache; learnerKeys: LearnerKeyer },
  claim: Claim,
  choice: { private: boolean; directory: boolean },
): Promise<CredentialRecord> {
  const before = claim.record.visibility ?? { private: false, directory: false };
  // A private credential cannot be listed in a public directory: private wins. Nor can a
  // credential whose issuer has no directory (the page offers none then).
  const wantsListing = choice.directory && !choice.private && !claim.record.supersededBy && directorySettings(await deps.issuers.get(claim.record.issuerId)).enabled;
  const listing = wantsListing ? await listingOf(deps, claim) : undefined;
  if (wantsListing && !listing) {
    throw new ConflictError('The directory lists the name on your credential, and this credential carries none. Nothing was changed.');
  }
  const visibility = { private: choice.private, directory: listing !== undefined, at: deps.clock.now().toISOString() };
  const updated = await deps.credentials.setVisibility(claim.record, visibility, listing);
  if (!updated) throw new NotFoundError('The credential no longer exists.');
  if (before.private !== visibility.private || before.directory !== visibility.directory) {
    await deps.audit.append(
      { type: 'credential', id: claim.record.id },
      { actor: LEARNER_ACTOR, action: 'VISIBILITY_CHANGED', before: { private: before.private, directory: before.directory }, after: { private: visibility.private, directory: visibility.directory } },
    );
  }
  if (before.private !== visibility.private) {
    // The page and the JSON are cached at the edge (a minute, an hour): drop them, so the choice
    // holds there now too. The reference makes a retried request the same invalidation.
    const path = new URL(publicUrls(deps.settings.publicBaseUrl).credential(claim.record.id)).pathname;
    await deps.edge.invalidate([path, `${path}/*`], `visibility-${claim.record.id}-${visibility.at}`);
  }
  if (before.directory !== visibility.directory || (visibility.directory && before.private !== visibility.private)) {
    // The directory's pages (any search, any cursor) are cached a minute: drop them too.
    const path = new URL(publicUrls(deps.settings.publicBaseUrl).directory(claim.record.issuerId)).pathname;
    await deps.edge.invalidate([`${path}*`], `directory-${claim.record.id}-${visibility.at}`);
  }
  return updated;
}

/**
 * Sends a fresh claim link to the current contact address, whatever state the old link is in
 * (expired links are the reason to ask). One per credential every ten minutes.
 */
export async function sendNewClaimLink(deps: ClaimDeps, token: string): Promise<{ sentTo: string }> {
  const claim = await openClaim(deps, token, { allowExpired: true });
  if (!(await deps.claimLinks.takeLinkRequest(claim.record.id, deps.clock.now()))) {
    throw new TooManyRequestsError('A new link was sent a few minutes ago. Check your inbox (and spam folder) before asking again.');
  }
  const { url, expiresAt } = await createClaimLink(deps, { credentialId: claim.record.id, issuanceId: claim.issuance.id });
  const { credential } = await claimedDocument(deps, claim.record);
  const email = claimLinkEmail({ achievementName: String(credential.name ?? ''), issuerName: String(credential.issuer?.name ?? deps.settings.institutionName), claimUrl: url, expiresAt });
  await deps.mailer.send({ to: contactAddress(claim.issuance), ...email, tags: { credential: claim.record.id, purpose: 'claim-link' } });
  await deps.audit.append({ type: 'credential', id: claim.record.id }, { actor: LEARNER_ACTOR, action: 'CLAIM_LINK_SENT', after: { expiresAt } });
  return { sentTo: maskedContact(claim.issuance) };
}

/**
 * The learner asks to be written to at another address: a link is sent to that address, and
 * only opening it there (and confirming) changes anything, so a mistyped address or someone at an
 * unlocked screen cannot redirect the learner's mail.
 */
export async function requestContactChange(deps: ClaimDeps, claim: Claim, newEmail: string): Promise<{ sentTo: string }> {
  const email = normalizeEmail(newEmail);
  const token = newLinkToken();
  const now = deps.clock.now();
  const expiresAt = addMs(now, CONTACT_LINK_HOURS * 3_600_000);
  await deps.claimLinks.create(token, { purpose: 'contact', credentialId: claim.record.id, issuanceId: claim.issuance.id, createdAt: now.toISOString(), expiresAt, newEmail: email });
  const { credential } = await claimedDocument(deps, claim.record);
  const message = contactConfirmationEmail({
    achievementName: String(credential.name ?? ''),
    issuerName: String(credential.issuer?.name ?? deps.settings.institutionName),
    confirmUrl: publicUrls(deps.settings.publicBaseUrl).confirmContact(token),
    hours: CONTACT_LINK_HOURS,
  });
  await deps.mailer.send({ to: email, ...message, tags: { credential: claim.record.id, purpose: 'contact-confirmation' } });
  return { sentTo: maskEmail(email) };
}

/** Confirms a new contact address, once: the link is used up by the first confirmation. */
export async function confirmContactChange(deps: ClaimDeps, token: string): Promise<{ address: string }> {
  const link = await deps.claimLinks.get(token);
  if (!link || link.purpose !== 'contact' || !link.newEmail) throw new NotFoundError('This confirmation link is not valid, or it was used already.');
  if (Date.parse(link.expiresAt) <= deps.clock.now().getTime()) throw new GoneError(`This confirmation link expired after ${CONTACT_LINK_HOURS} hours. Ask for the change again from your claim page.`);
  if (!(await deps.claimLinks.consume(token))) throw new NotFoundError('This confirmation link was used already.');
  await deps.issuances.setDeliveryEmail(link.issuanceId, link.newEmail);
  await deps.audit.append(
    { type: 'issuance', id: link.issuanceId },
    { actor: LEARNER_ACTOR, action: 'DELIVERY_ADDRESS_CHANGED', after: { deliveryAddressChanged: true, byLearner: true }, personal: { deliveryEmail: maskEmail(link.newEmail) } },
  );
  return { address: maskEmail(link.newEmail) };
}

/**
 * The learner declines a credential they do not want: it is revoked (for good, as any
 * revocation) with their reason, and the trail says the learner did it.
 */
export async function declineCredential(
  statusDeps: Parameters<typeof changeCredentialStatus>[0],
  claim: Claim,
  reason: string | undefined,
): Promise<CredentialRecord> {
  const why = `Declined by the learner${reason?.trim() ? `: ${reason.trim()}` : ''}`;
  return changeCredentialStatus(statusDeps, claim.record.id, 'revoke', { id: 'learner', name: LEARNER_ACTOR.name, kind: 'learner' }, why);
}
