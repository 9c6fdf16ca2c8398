import { readFileSync } from 'node:fs';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { describe, expect, it } from 'vitest';
import { localCloud, uniqueId } from '../support/cloud';

const cloud = localCloud();
const sample = JSON.parse(readFileSync(new URL('../../events/samples/ses-email-bounced.json', import.meta.url), 'utf8'));
const eventBridge = new EventBridgeClient({ endpoint: cloud.outputs.EventBridgeEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });

/** What SES puts on the default bus, for one of our messages. */
async function sesEvent(detailType: string, eventType: string, messageId: string, issuanceId: string, extra: Record<string, unknown> = {}) {
  const detail = { ...sample.detail, eventType, ...extra, mail: { ...sample.detail.mail, messageId, tags: { issuance: [issuanceId] } } };
  if (eventType !== 'Bounce') delete detail.bounce;
  await eventBridge.send(new PutEventsCommand({ Entries: [{ Source: 'aws.ses', DetailType: detailType, Detail: JSON.stringify(detail), EventBusName: 'default' }] }));
}

describe('SES delivery feedback, and resending to a corrected address', () => {
  it('marks a bounce on the issuance and credential; staff correct the address and resend exactly once', async () => {
    const staff = await cloud.as('ivy.issuer', ['designer', 'issuer']);
    const achievementId = uniqueId('mail');
    await staff.request('POST', '/achievements', { id: achievementId, kind: 'badge', name: 'Mail', description: 'd', criteria: 'c', approval: { mode: 'auto' } });
    const typo = `${uniqueId('lee')}@exmaple.org`;
    const { body } = await staff.request('POST', '/issuances', { achievementId, recipient: { email: typo } });
    const issued = await staff.waitForIssuance(body.id, (i) => i.status === 'ISSUED');
    expect(issued.delivery).toMatchObject({ status: 'SENT' });

    // Mail servers quote the refused address in their diagnostic: it is kept and audited without it.
    const recipient = { ...sample.detail.bounce.bouncedRecipients[0], emailAddress: typo, diagnosticCode: `smtp; 550 5.1.1 <${typo}>: user unknown` };
    await sesEvent('Email Bounced', 'Bounce', issued.delivery.messageId, issued.id, { bounce: { ...sample.detail.bounce, bouncedRecipients: [recipient] } });
    const bounced = await staff.waitForIssuance(issued.id, (i) => i.delivery?.status === 'BOUNCED');
    expect(bounced.delivery.feedback).toBe('Permanent: NoEmail: smtp; 550 5.1.1 <[email]>: user unknown');

    // A stale event about some other message changes nothing.
    await sesEvent('Email Delivered', 'Delivery', 'some-other-message', issued.id);

    const registrar = await cloud.as('rhea.registrar', ['registrar']);
    const fixed = `${uniqueId('lee')}@example.org`;
    const resent = await registrar.request('POST', `/credentials/${issued.credentialId}/resend`, { email: fixed });
    expect(resent.status, JSON.stringify(resent.body)).toBe(202);
    expect(resent.body.messageId).not.toBe(issued.delivery.messageId);
    const after = await staff.waitForIssuance(issued.id, (i) => i.delivery?.messageId === resent.body.messageId);
    expect(after).toMatchObject({ deliveryEmail: fixed, delivery: { status: 'SENT' } });
    expect(after.deliveries).toEqual([expect.objectContaining({ messageId: issued.delivery.messageId, status: 'BOUNCED' })]);
    const mail = await cloud.mail();
    expect(mail.filter((m) => m.destination.to.includes(fixed))).toHaveLength(1);
    expect(mail.filter((m) => m.destination.to.includes(typo))).toHaveLength(1);

    await sesEvent('Email Delivered', 'Delivery', resent.body.messageId, issued.id);
    await staff.waitForIssuance(issued.id, (i) => i.delivery?.status === 'DELIVERED', 10_000);
    // The feedback's audit event follows its status update: wait for the trail, not only the status.
    const auditor = await cloud.as('aud.itor', ['auditor']);
    let trail = await auditor.request('GET', `/issuances/${issued.id}/audit`);
    for (let i = 0; i < 50 && !trail.body.events.some((e: any) => e.action === 'EMAIL_DELIVERED'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      trail = await auditor.request('GET', `/issuances/${issued.id}/audit`);
    }
    expect(trail.body.events.map((e: any) => e.action)).toEqual(expect.arrayContaining(['EMAIL_BOUNCED', 'RESEND_REQUESTED', 'EMAIL_DELIVERED']));
    expect(trail.body.events.find((e: any) => e.action === 'EMAIL_BOUNCED')).toMatchObject({ reason: 'Permanent: NoEmail: smtp; 550 5.1.1 <[email]>: user unknown' });
    expect(JSON.stringify(trail.body)).not.toContain(typo);
    expect(trail.body.chain.valid).toBe(true);
  });

  it('needs the registrar role to resend', async () => {
    const issuer = await cloud.as('ivy.issuer', ['issuer']);
    expect((await issuer.request('POST', '/credentials/00000000-0000-4000-8000-000000000000/resend', {})).status).toBe(403);
    const registrar = await cloud.as('rhea.registrar', ['registrar']);
    expect((await registrar.request('POST', '/credentials/00000000-0000-4000-8000-000000000000/resend', {})).status).toBe(404);
    expect((await registrar.request('POST', '/credentials/00000000-0000-4000-8000-000000000000/resend', { email: 'nope' })).status).toBe(400);
  });
});
