import type { VerificationStatus } from '../credentials/verify';
import type { CredentialRecord } from '../entities/credential';
import type { LearnerPages } from '../learner-deps';
import type { ClaimPageInput } from '../page/claim-page';
import type { ClaimTexts } from '../page/claim-texts';
import { publicUrls } from '../issuer';
import { claimedDocument, maskedContact, openClaim, type Claim, type ClaimDeps } from './learner-claims';

/**
 * The claim page's facts for a session's token: the signed credential, its status as the issuer
 * records it (the learner's own page need not re-verify the signature the public page checks),
 * the learner's choices, the masked contact address, and when the link ends.
 */
export async function claimPageInput(
  deps: Pick<ClaimDeps, 'claimLinks' | 'credentials' | 'issuances' | 'artifacts' | 'clock'>,
  pages: LearnerPages,
  texts: ClaimTexts,
  token: string,
  claim?: Claim,
): Promise<Omit<ClaimPageInput, 'notice' | 'offer'>> {
  const opened = claim ?? (await openClaim(deps, token));
  const { credential } = await claimedDocument(deps, opened.record);
  return {
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
