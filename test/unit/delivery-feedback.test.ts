import { describe, expect, it } from 'vitest';
import { deliverCredential, recordDeliveryFeedback } from '../../shared/use-cases/credential-delivery';
import { evidenceCheck, recordOutcome, signCredential, storeCredential } from '../../shared/use-cases/issuance-workflow';
import { memoryWorld, staff } from '../support/memory-world';

/**
 * SES feedback is delivered at least once, and its function may fail between writing the fate
 * and auditing it: the retry must still audit it — once — even when a resend has archived that
 * delivery meanwhile (CI once lost an EMAIL_BOUNCED that way).
 */
const requester = staff('ria.issuer', ['issuer']);

describe('delivery feedback retried after its audit failed', () => {
  it('writes the fate once and audits it exactly once, also after the delivery was archived by a resend', async () => {
    const w = await memoryWorld();
    const a = await w.achievement({ approval: { mode: 'auto' } });
    const { issuance } = await w.request(requester, { achievementId: a.id, recipient: { email: 'lee@exmaple.org', publishName: false } });
    await evidenceCheck(w.workflow, issuance.id);
    const signed = await signCredential(w.workflow, issuance.id);
    await storeCredential(w.workflow, issuance.id, signed.credential, signed.jwt);
    await deliverCredential(w.workflow, issuance.id);
    await recordOutcome(w.workflow, issuance.id, { outcome: 'ISSUED' });
    const sent = (await w.repos.issuances.get(issuance.id))!;
    const messageId = sent.delivery!.messageId!;
    const bounce = { kind: 'BOUNCED' as const, messageId, issuanceId: issuance.id, detail: 'Permanent: General', at: w.clock.now().toISOString() };

    // The audit writer times out on the first attempt.
    const failing = { ...w.workflow, audit: { ...w.workflow.audit, append: async () => Promise.reject(new Error('audit writer timed out')) } };
    await expect(recordDeliveryFeedback(failing, bounce)).rejects.toThrow('timed out');
    expect((await w.repos.issuances.get(issuance.id))!.delivery!.status).toBe('BOUNCED');
    // Staff resend before the retry comes: the bounced delivery is archived.
    await w.repos.issuances.archiveDelivery(issuance.id, messageId, [{ ...sent.delivery!, status: 'BOUNCED' }]);

    expect(await recordDeliveryFeedback(w.workflow, bounce)).toBe('recorded');
    expect(await recordDeliveryFeedback(w.workflow, bounce)).toBe('recorded');
    const bounced = (await w.repos.audit.list({ type: 'issuance', id: issuance.id })).filter((e) => e.action === 'EMAIL_BOUNCED');
    expect(bounced).toHaveLength(1);
    // Feedback about a message the issuance never had stays stale.
    expect(await recordDeliveryFeedback(w.workflow, { ...bounce, messageId: 'another-message' })).toBe('stale');
  });
});
