import type { ReminderRepository } from '../entities/reminder';

/**
 * SES feedback on a reminder (its tags name the credential and the address's hash): a bounce or
 * a complaint stops reminders to that address; a new one resumes them. Answers whether it was one.
 */
export async function recordReminderFeedback(
  deps: { reminders: Pick<ReminderRepository, 'markBounced'> },
  feedback: { kind: 'DELIVERED' | 'BOUNCED' | 'COMPLAINED'; tags: Record<string, string[]>; at: string },
): Promise<boolean> {
  if (feedback.tags.purpose?.[0] !== 'reminder') return false;
  const credentialId = feedback.tags.credential?.[0];
  const to = feedback.tags.to?.[0];
  if (feedback.kind !== 'DELIVERED' && credentialId && to) await deps.reminders.markBounced(credentialId, { at: feedback.at, addressHash: to });
  return true;
}
