import type { VerificationStatus } from '../credentials/verify';
import type { CredentialRecord } from '../entities/credential';
import type { LearnerPages } from '../learner-deps';
import type { ClaimPageInput } from '../page/claim-page';
import type { ClaimTexts } from '../page/claim-texts';
import { publicUrls } from '../issuer';
import type { AchievementRepository } from '../entities/achievement';
import { directorySettings, type IssuerRepository } from '../entities/issuer';
import type { ReminderRepository } from '../entities/reminder';
import type { Clock } from '../clock';
import type { ClaimRenewal } from '../page/claim-page';
import { renewability, renewalWindow } from './renewals';
import { claimedDocument, maskedContact, openClaim, type Claim, type ClaimDeps } from './learner-claims';

/**
 * The claim page's facts for a session's token: the signed credential, its status as the issuer
 * records it (the learner's own page need not re-verify the signature the public page checks),
 * the learner's choices, the masked contact address, and when the link ends.
 */
export async function claimPageInput(
  deps: Pick<ClaimDeps, 'claimLinks' | 'credentials' | 'issuances' | 'artifacts' | 'clock'> & RenewalViewDeps & { issuers?: Pick<IssuerRepository, 'get'> },
  pages: LearnerPages,
  texts: ClaimTexts,
  token: string,
  claim?: Claim,
  /** The learner's progress along pathways, by their email (the claim page itself; not a wallet offer's page). */
  pathwaysOf?: (email: string) => Promise<ClaimPageInput['pathways']>,
): Promise<Omit<ClaimPageInput, 'notice' | 'offer'>> {
  const opened = claim ?? (await openClaim(deps, token));
  const [{ credential }, renewal, pathways, issuer] = await Promise.all([
    claimedDocument(deps, opened.record),
    renewalView(deps, opened.record),
    pathwaysOf && !('erased' in opened.issuance.recipient) ? pathwaysOf(opened.issuance.recipient.email) : undefined,
    deps.issuers?.get(opened.record.issuerId),
  ]);
  return {
    // The directory's checkbox only where the issuer has a directory (an issuer that has one is stored).
    ...(directorySettings(issuer).enabled ? { directory: { url: publicUrls(pages.urls.base).directory(opened.record.issuerId) } } : {}),
    renewal,
    ...(pathways?.length ? { pathways } : {}),
    texts,
    branding: pages.branding,
    credential,
    status: recordStatus(opened.record, deps.clock.now()),
    visibility: { private: opened.record.visibility?.private ?? false, directory: opened.record.visibility?.directory ?? false },
    contact: maskedContact(opened.issuance),
    linkExpiresAt: opened.link.expiresAt,
    urls: { publicPage: publicUrls(pages.urls.base).credential(opened.record.id), verify: pages.urls.verify, actions: pages.urls.actions, downloads: pages.urls.downloads },
  };
}

export function recordStatus(record: Pick<CredentialRecord, 'status' | 'validUntil'>, now: Date): VerificationStatus {
  if (record.status === 'REVOKED') return 'revoked';
  if (record.status === 'SUSPENDED') return 'suspended';
  if (record.validUntil && Date.parse(record.validUntil) <= now.getTime()) return 'expired';
  return 'valid';
}

export interface RenewalViewDeps {
  reminders: Pick<ReminderRepository, 'get'>;
  achievements: Pick<AchievementRepository, 'getLatest'>;
  clock: Clock;
}

/** Renewal and reminders as the learner sees them: what the form asks, or why it is closed; the reminders and their switch. */
export async function renewalView(deps: RenewalViewDeps, record: CredentialRecord): Promise<ClaimRenewal | undefined> {
  if (!record.validUntil || record.status === 'REVOKED' || record.supersededBy) return undefined;
  const [schedule, verdict] = await Promise.all([deps.reminders.get(record.id), renewability(deps, record)]);
  const reminders = schedule && !schedule.ended && schedule.daysBefore.length ? { daysBefore: schedule.daysBefore, off: Boolean(schedule.optedOutAt) } : undefined;
  if ('refused' in verdict) {
    // Only a credential whose achievement renews says why it cannot now; others have nothing to say.
    return { validUntil: record.validUntil, reminders, ...(verdict.why === 'not-yet' || verdict.why === 'closed' ? { refused: verdict.refused } : {}) };
  }
  const { policy } = verdict;
  const credits = policy.rules.find((r) => r.kind === 'minimumCredits');
  return {
    validUntil: record.validUntil,
    reminders,
    open: {
      closesAt: renewalWindow(record, policy)!.closesAt,
      approval: (policy.approval?.mode ?? 'single') !== 'auto',
      ...(credits && credits.kind === 'minimumCredits' ? { minimumCredits: credits.minimum } : {}),
      evidenceUrl: policy.rules.some((r) => r.kind === 'evidenceUrl'),
    },
  };
}
