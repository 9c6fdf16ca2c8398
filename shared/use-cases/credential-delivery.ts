import { learnerOf, stepUpdate, type Issuance } from '../entities/issuance';
import { redactEmails } from '../domain/redact';
import { ConflictError, httpStatusOf, retryTransient, TransientError } from '../errors';
import { countBusinessEvent } from '../observability';
import { normalizeEmail } from '../credentials/recipient';
import { publicUrls } from '../issuer';
import { credentialEmail } from '../email/credential-email';
import { createClaimLink } from './learner-claims';
import { audit, issuerProfile, loadAchievement, loadIssuance, nowIso, type WorkflowDeps } from './workflow-context';

/**
 * The learner's email, at most once, for one issuance and for every cohort row (the workflow's
 * Deliver step and the email queue's consumer); what SES reports about it; and a staff resend.
 */

// ---------------------------------------------------------------- Deliver

/** How long a claimed-but-unconfirmed send blocks another attempt (longer than the step timeout). */
const DELIVERY_LEASE_MS = 5 * 60_000;

/**
 * Sends the learner's email at most once. The message id is recorded after sending; a claim
 * written before sending stops a concurrent or retried attempt from sending again while the
 * first one may still be in flight.
 */
export async function deliverCredential(
  deps: Pick<WorkflowDeps, 'issuances' | 'deliveryClaims' | 'claimLinks' | 'achievements' | 'issuers' | 'mailer' | 'audit' | 'settings' | 'clock'>,
  issuanceId: string,
  options: { keepStatus?: boolean } = {},
): Promise<{ messageId: string; sent: boolean }> {
  const issuance = await loadIssuance(deps, issuanceId);
  if (issuance.delivery?.messageId) return { messageId: issuance.delivery.messageId, sent: false };
  const now = deps.clock.now();
  const claimedAt = now.toISOString();
  // Delivery n: a resend archived the earlier ones, and claims its own lease.
  const n = issuance.deliveries.length;
  const claimed = await deps.deliveryClaims.claim(issuanceId, n, claimedAt, new Date(now.getTime() - DELIVERY_LEASE_MS).toISOString());
  if (!claimed) throw new TransientError('another attempt is delivering this credential');
  const achievement = await loadAchievement(deps, issuance);
  const urls = publicUrls(deps.settings.publicBaseUrl);
  const learner = learnerOf(issuance);
  const issuer = await issuerProfile(deps, issuance.issuerId);
  // Each email carries a claim link of its own: a resend's replaces nothing, and an attempt that
  // SES refused leaves an unused link that simply expires.
  const claim = await createClaimLink(deps, { credentialId: issuance.credentialId, issuanceId: issuance.id });
  const email = credentialEmail({
    learnerName: learner.name,
    achievementName: achievement.name,
    achievementDescription: achievement.description,
    issuerName: issuer.name,
    credentialUrl: urls.credential(issuance.credentialId),
    issuedAt: issuance.issuedAt ?? now.toISOString(),
    credentialId: issuance.credentialId,
    claim,
    ...(issuer.linkedInOrganizationId ? { linkedInOrganizationId: issuer.linkedInOrganizationId } : {}),
  });
  let messageId: string;
  try {
    ({ messageId } = await deps.mailer.send({
      to: issuance.deliveryEmail ?? learner.email,
      subject: email.subject,
      html: email.html,
      text: email.text,
      tags: { issuance: issuance.id, credential: issuance.credentialId },
    }));
  } catch (e) {
    // SES answered with an error (throttling, 5xx, a rejection): nothing was sent, so release the
    // claim and let the retry send. No answer at all (a timeout) is ambiguous: the claim stays
    // until its lease runs out, so the email is never sent twice.
    if (httpStatusOf(e) !== undefined) await deps.deliveryClaims.release(issuanceId, n, claimedAt);
    throw e;
  }
  // The email has gone: recording its id must not be lost to a passing throttle, or every retry
  // would find the claim and none could tell the email was sent. Retry the (idempotent) write.
  await retryTransient(() =>
    deps.issuances.recordProgress(issuanceId, {
      // A cohort row is ISSUED before its email leaves the queue; it stays so.
      ...(options.keepStatus ? {} : { status: 'DELIVERED' }),
      delivery: { messageId, sentAt: nowIso(deps), status: 'SENT' },
      ...stepUpdate(nowIso(deps), 'Deliver', 'SUCCEEDED', `SES message ${messageId}`),
    }),
  );
  await audit(deps, issuanceId, { action: 'DELIVERED', after: { messageId } });
  return { messageId, sent: true };
}

// ---------------------------------------------------------------- SES feedback

export interface DeliveryFeedback {
  kind: 'DELIVERED' | 'BOUNCED' | 'COMPLAINED';
  messageId: string;
  issuanceId?: string;
  detail?: string;
  at: string;
}

/**
 * Marks an email's fate, as SES reports it, on the issuance and its credential. Feedback about
 * an email that a resend has replaced is ignored: only the current message's fate counts.
 */
export async function recordDeliveryFeedback(
  deps: Pick<WorkflowDeps, 'issuances' | 'credentials' | 'audit'>,
  feedback: DeliveryFeedback,
): Promise<'recorded' | 'stale' | 'unknown'> {
  const issuance = feedback.issuanceId ? await deps.issuances.get(feedback.issuanceId) : undefined;
  if (!issuance) return 'unknown';
  // A bounce's diagnostic quotes the refused address: kept, and audited, without it.
  if (feedback.detail) feedback = { ...feedback, detail: redactEmails(feedback.detail) };
  const updated = await deps.issuances.recordDeliveryFeedback(issuance.id, feedback.messageId, { status: feedback.kind, at: feedback.at, ...(feedback.detail ? { detail: feedback.detail } : {}) });
  // A retry of feedback whose status was written before its audit event failed (a resend may
  // have archived that delivery meanwhile) finishes the job; any other miss is stale feedback.
  if (!updated && !alreadyRecorded(issuance, feedback)) return 'stale';
  if (updated && feedback.kind === 'BOUNCED') countBusinessEvent('DeliveryBounced');
  if (updated && feedback.kind === 'COMPLAINED') countBusinessEvent('DeliveryComplained');
  await deps.credentials.recordDelivery(issuance.credentialId, { status: feedback.kind, at: feedback.at, ...(feedback.detail ? { detail: feedback.detail } : {}) });
  const action = `EMAIL_${feedback.kind}`;
  // Once per message and fate: the first attempt's append may have been written before it failed.
  const trail = updated ? [] : await deps.audit.list({ type: 'issuance', id: issuance.id });
  if (!trail.some((e) => e.action === action && e.after?.messageId === feedback.messageId)) {
    await audit(deps, issuance.id, { action, after: { messageId: feedback.messageId }, ...(feedback.detail ? { reason: feedback.detail } : {}) });
  }
  return 'recorded';
}

/** The issuance already holds this fate for this message, current or archived by a resend. */
const alreadyRecorded = (issuance: Issuance, feedback: DeliveryFeedback) =>
  [issuance.delivery, ...issuance.deliveries].some((d) => d?.messageId === feedback.messageId && d.status === feedback.kind);

/**
 * Staff resend the learner's email, optionally to a corrected address. The current delivery is
 * archived and a new one claimed, so the same at-most-once rules apply to the resend.
 */
export async function resendCredentialEmail(deps: WorkflowDeps, issuanceId: string, actor: { id: string; name: string }, email?: string) {
  const issuance = await loadIssuance(deps, issuanceId);
  learnerOf(issuance); // an erased learner has no address left to send to
  if (!issuance.delivery?.messageId) throw new ConflictError('The credential has not been delivered yet; there is nothing to resend.');
  const archived = await deps.issuances.archiveDelivery(issuanceId, issuance.delivery.messageId, [...issuance.deliveries, issuance.delivery], email ? normalizeEmail(email) : undefined);
  if (!archived) throw new ConflictError('The delivery changed a moment ago; read the credential and retry.');
  await deps.audit.append(
    { type: 'issuance', id: issuanceId },
    {
      actor: { kind: 'staff', id: actor.id, name: actor.name },
      action: 'RESEND_REQUESTED',
      before: { messageId: issuance.delivery.messageId, status: issuance.delivery.status },
      after: { addressChanged: Boolean(email) },
    },
  );
  return deliverCredential(deps, issuanceId);
}
