import type { RenewalPolicy } from '../domain/achievement-definition';
import type { RequestIssuanceBody } from '../domain/award';
import type { Principal } from '../domain/staff';
import type { CredentialRecord, CredentialRepository } from '../entities/credential';
import { learnerOf, type Issuance } from '../entities/issuance';
import { ConflictError, NotFoundError } from '../errors';
import { requestIssuance, type IssuanceDeps } from './issuances';
import { contactAddress } from './learner-claims';

/**
 * Recertification: a credential renewed through the issuing core — the same workflow, with the
 * achievement's renewal policy in place of its rules and (when it names one) its approval — into a
 * new credential that names the one it renews (its evidence, `supersedes`), valid from the old
 * expiry or from the decision. The renewed credential is superseded when the new one is signed
 * (issuance-workflow.ts), once: a second renewal of it fails there, before anything is signed.
 *
 * Staff ask for it (POST /credentials/{id}/renewals), or the learner from their claim page.
 */
export type RenewalDeps = IssuanceDeps & {
  credentials: Pick<CredentialRepository, 'get'>;
};

/** The award a renewal brings: what a request brings, less the achievement and the learner (the credential's). */
export type RenewalInput = Omit<RequestIssuanceBody, 'achievementId' | 'recipient'>;

const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** When a credential may be renewed, by its achievement's policy: from `opensAt` until `closesAt`. */
export function renewalWindow(credential: Pick<CredentialRecord, 'validUntil'>, policy: RenewalPolicy): { opensAt: string; closesAt: string } | undefined {
  if (!credential.validUntil) return undefined;
  const end = Date.parse(credential.validUntil);
  return { opensAt: new Date(end - policy.opensDaysBefore * DAY_MS).toISOString(), closesAt: new Date(end + policy.graceDays * DAY_MS).toISOString() };
}

/** Why a credential cannot be renewed now: for good, or not yet, or no more. */
export type RenewalRefusal = 'revoked' | 'replaced' | 'not-renewable' | 'not-yet' | 'closed';

/** Why this credential cannot be renewed now, if it cannot; else its policy. */
export async function renewability(
  deps: Pick<RenewalDeps, 'achievements' | 'clock'>,
  credential: CredentialRecord,
): Promise<{ policy: RenewalPolicy } | { refused: string; why: RenewalRefusal }> {
  if (credential.status === 'REVOKED') return { why: 'revoked', refused: 'This credential was revoked: a revoked credential is not renewed.' };
  if (credential.supersededBy) return { why: 'replaced', refused: `This credential was already replaced (by ${credential.supersededBy.credentialId}): renew the current one.` };
  const achievement = await deps.achievements.getLatest(credential.achievementId);
  const policy = achievement?.renewal;
  if (!achievement || achievement.lifecycle === 'archived') return { why: 'not-renewable', refused: 'Its achievement is no longer awarded: it cannot be renewed.' };
  if (!policy) return { why: 'not-renewable', refused: 'Its achievement has no renewal policy: it is earned again, not renewed.' };
  const window = renewalWindow(credential, policy);
  if (!window) return { why: 'not-renewable', refused: 'This credential does not expire: there is nothing to renew.' };
  const now = deps.clock.now().getTime();
  if (now < Date.parse(window.opensAt)) return { why: 'not-yet', refused: `Renewal opens on ${day(Date.parse(window.opensAt))}, ${policy.opensDaysBefore} days before the credential expires.` };
  if (now > Date.parse(window.closesAt)) {
    return { why: 'closed', refused: `This credential expired on ${day(Date.parse(credential.validUntil!))}${policy.graceDays ? ` and its ${policy.graceDays}-day grace period has ended` : ''}: it is earned again, not renewed.` };
  }
  return { policy };
}

/** Asks for the renewal of a credential: a new issuance of its achievement (latest version) for the same learner. */
export async function requestRenewal(
  deps: RenewalDeps,
  credentialId: string,
  input: RenewalInput,
  actor: Principal,
  options: { by: 'staff' | 'learner'; idempotencyKey?: string | undefined },
): Promise<{ issuance: Issuance; replayed: boolean }> {
  const credential = await deps.credentials.get(credentialId);
  if (!credential) throw new NotFoundError(`No credential with id '${credentialId}'.`);
  const verdict = await renewability(deps, credential);
  if ('refused' in verdict) throw new ConflictError(verdict.refused);
  const original = await deps.issuances.get(credential.issuanceId);
  if (!original || 'erased' in original.recipient) throw new ConflictError("The learner's data was erased: this credential cannot be renewed.");
  const recipient = learnerOf(original);
  return requestIssuance(deps, { ...input, achievementId: credential.achievementId, recipient }, actor, options.idempotencyKey, undefined, {
    renews: { credentialId: credential.id, ...(credential.validUntil ? { validUntil: credential.validUntil } : {}), validFrom: verdict.policy.validFrom },
    by: options.by,
    // The learner is written to where they are written to now.
    ...(original.deliveryEmail ? { deliveryEmail: contactAddress(original) } : {}),
  });
}
