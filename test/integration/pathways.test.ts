import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AdminClient } from '../../local/admin-client';
import { readDeploymentTemplate } from '../../local/deployment-template';
import * as PATHWAY_FUNCTIONS from '../../shared/wiring/pathways';
import { localCloud, uniqueId } from '../support/cloud';
import { learnerSession, linkFromMail } from '../support/learner';

/**
 * Pathways on the local cloud (issue #20, item 4): CredentialIssued on Laurel's bus runs the
 * AdvancePathways function (an EventBridge rule), which requests the target achievement through
 * the issuing core once a learner holds the constituents — exactly once, in any order, also when
 * the constituents are issued at the same moment — and a revoked constituent applies the
 * pathway's rule (suspend, or flag for review).
 */
const cloud = localCloud();

let staff: AdminClient;
let registrar: AdminClient;
beforeAll(async () => {
  staff = await cloud.as('pia.pathways', ['designer', 'issuer']);
  registrar = await cloud.as('rex.registrar', ['registrar']);
});

async function achievement(name: string): Promise<string> {
  const id = uniqueId(name.toLowerCase());
  const res = await staff.request('POST', '/achievements', { id, kind: 'course', name, description: `${name}.`, criteria: 'Passes.', approval: { mode: 'auto' } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return id;
}

/** A(,B) → Z, defined through the admin API (for achievements `given`, or new ones). */
async function pathway(onRevoke: 'review' | 'suspend' = 'review', given?: { a: string; b: string; z: string }) {
  const { a, b, z } = given ?? { a: await achievement('A'), b: await achievement('B'), z: await achievement('Z') };
  const id = uniqueId('path');
  const res = await staff.request('POST', '/pathways', { id, name: `A and B make Z ${id}`, targetAchievementId: z, requirements: [{ kind: 'all', achievementIds: [a, b] }], onRevoke });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body).toMatchObject({ id, version: 1, lifecycle: 'active', onRevoke });
  return { id, a, b, z };
}

/** Requests and waits for an issued credential; its id. */
async function issue(achievementId: string, email: string): Promise<string> {
  const { status, body } = await staff.request('POST', '/issuances', { achievementId, recipient: { email, name: 'Pat Pathway' } });
  expect(status, JSON.stringify(body)).toBe(202);
  const issuance = await staff.waitForIssuance(body.id, (i) => ['ISSUED', 'FAILED', 'REJECTED'].includes(i.status));
  expect(issuance.status).toBe('ISSUED');
  return issuance.credentialId;
}

const progress = async (pathwayId: string, email: string) => {
  const res = await staff.request('POST', `/pathways/${pathwayId}/progress`, { email });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

/** Polls the learner's progress until the pathway's award is there, then waits for Z to be issued. */
async function awardOf(pathwayId: string, email: string, timeoutMs = 60_000) {
  const started = Date.now();
  for (;;) {
    const p = await progress(pathwayId, email);
    // The award is claimed a moment before its issuance is requested: wait for both.
    if (p.award && (await staff.request('GET', `/issuances/${p.award.issuanceId}`)).status === 200) {
      const z = await staff.waitForIssuance(p.award.issuanceId, (i) => ['ISSUED', 'FAILED', 'REJECTED'].includes(i.status));
      return { progress: p, z };
    }
    if (Date.now() - started > timeoutMs) throw new Error(`no award of ${pathwayId} after ${timeoutMs} ms: ${JSON.stringify(p)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Z's issuances in the table, for one learner's award (by its derived id) and for anyone. */
const issuancesOf = async (achievementId: string) => {
  const { body } = await staff.request('GET', `/issuances?achievementId=${achievementId}&limit=100`);
  return body.items as { id: string; recipient: { email?: string } }[];
};

/** The AdvancePathways function as the local cloud runs it: its logical id, found by its entry in the synthesized deployment. */
const advanceFunction = () => {
  const { Resources } = readDeploymentTemplate(`${process.env.LAUREL_TEST_STATE_DIR ?? '.local/test'}/cdk.out`);
  return Object.entries(Resources).find(([, r]) => r.Type === 'AWS::Lambda::Function' && r.Metadata?.['laurel:entry'] === PATHWAY_FUNCTIONS.AdvancePathwaysFn.entry)![0];
};
/** Invokes it with an event, as EventBridge does; the handler's answer. */
async function invokeAdvance(event: unknown): Promise<{ results: { outcome: string }[] }> {
  const lambda = new LambdaClient({ endpoint: cloud.outputs.LambdaEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  const out = await lambda.send(new InvokeCommand({ FunctionName: advanceFunction(), Payload: new TextEncoder().encode(JSON.stringify(event)) }));
  expect(out.FunctionError, new TextDecoder().decode(out.Payload)).toBeUndefined();
  return JSON.parse(new TextDecoder().decode(out.Payload));
}

const credentialUrl = (id: string) => `${cloud.outputs.PublicApiUrl}/credentials/${id}`;

describe('pathways on the local cloud', () => {
  it.each([['A then B'], ['B then A']])('%s: Z awarded once, with both credentials as evidence by URL', async (order) => {
    const p = await pathway();
    const email = `${uniqueId('learner')}@example.org`;
    const [first, second] = order === 'A then B' ? [p.a, p.b] : [p.b, p.a];
    const one = await issue(first, email);
    // Progress is "1 of 2" once the first constituent is issued; its evaluation (on its event)
    // says so on the bus before the second is issued, so each evaluation sees one more.
    expect((await progress(p.id, email)).summary).toMatch(/^1 of 2 toward Z/);
    if (order === 'A then B') {
      // The learner sees it on their claim page too, opened from the email's link.
      const learner = learnerSession(cloud);
      await learner.open(await linkFromMail(cloud, email));
      const page = await learner.page();
      expect(page.html).toContain('<h2 id="pathways">Pathways</h2>');
      expect(page.html).toMatch(/1 of 2 toward Z/);
    }
    await expect
      .poll(async () => (await cloud.events()).filter((e) => e['detail-type'] === 'PathwayProgressed' && e.detail.pathwayId === p.id).map((e) => e.detail.counted), { timeout: 60_000 })
      .toEqual([1]);
    const two = await issue(second, email);
    const { progress: done, z } = await awardOf(p.id, email);
    expect(done).toMatchObject({ satisfied: true, counted: 2, required: 2, award: { outcome: 'requested' } });
    expect(z.status).toBe('ISSUED');
    expect(z.requestedBy.id).toBe(`pathway:${p.id}`);
    expect(z.award.evidence.map((e: { id: string }) => e.id).sort()).toEqual([credentialUrl(one), credentialUrl(two)].sort());

    // The signed credential names them too.
    const credential: any = await (await fetch(credentialUrl(z.credentialId))).json();
    expect(credential.evidence.map((e: { id: string }) => e.id)).toEqual(expect.arrayContaining([credentialUrl(one), credentialUrl(two)]));

    // Exactly once: Z's own CredentialIssued ran the rule again (it counts nothing), and each
    // constituent's event was evaluated; still one issuance of Z and one PathwayCompleted.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await issuancesOf(p.z)).toHaveLength(1);
    const events = await cloud.events();
    expect(events.filter((e) => e['detail-type'] === 'PathwayCompleted' && e.detail.pathwayId === p.id)).toHaveLength(1);
    const progressed = events.filter((e) => e['detail-type'] === 'PathwayProgressed' && e.detail.pathwayId === p.id);
    expect(progressed.map((e) => e.detail.counted).sort()).toEqual([1, 2]);
    // No learner data on the bus.
    expect(JSON.stringify(events.filter((e) => e['detail-type'].startsWith('Pathway')))).not.toContain(email);
  });

  it('constituents issued at the same moment award Z exactly once', async () => {
    const p = await pathway();
    const email = `${uniqueId('learner')}@example.org`;
    await Promise.all([issue(p.a, email), issue(p.b, email)]);
    const { z } = await awardOf(p.id, email);
    expect(z.status).toBe('ISSUED');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await issuancesOf(p.z)).toHaveLength(1);
    const { body } = await staff.request('GET', `/pathways/${p.id}/awards`);
    expect(body.items).toHaveLength(1);
    expect((await cloud.events()).filter((e) => e['detail-type'] === 'PathwayCompleted' && e.detail.pathwayId === p.id)).toHaveLength(1);
  });

  it('the same constituents evaluated by four invocations at once (EventBridge redelivering both events twice) award Z once', async () => {
    const ids = { a: await achievement('A'), b: await achievement('B'), z: await achievement('Z') };
    const email = `${uniqueId('learner')}@example.org`;
    const [a, b] = await Promise.all([issue(ids.a, email), issue(ids.b, email)]);
    // Defined afterwards, so that (unless the rule's evaluations of their events are still on the
    // way) nothing has awarded it yet: the four evaluations below race for it.
    const p = await pathway('review', ids);
    const issued = (await cloud.events()).filter((e) => e['detail-type'] === 'CredentialIssued' && [a, b].includes(e.detail.credentialId));
    expect(issued).toHaveLength(2);
    const results = await Promise.all([...issued, ...issued].map((event) => invokeAdvance(event)));
    const outcomes = results.flatMap((r) => r.results).map((r: { outcome: string }) => r.outcome);
    // The rule's own two evaluations may still be running, and race these four: whichever wins
    // awards, every other finds the award made.
    expect(outcomes).toHaveLength(4);
    expect(outcomes.filter((o) => o === 'awarded').length).toBeLessThanOrEqual(1);
    expect(outcomes.every((o) => o === 'awarded' || o === 'already-awarded')).toBe(true);
    const { z } = await awardOf(p.id, email);
    expect(z.status).toBe('ISSUED');
    expect(await issuancesOf(p.z)).toHaveLength(1);
    expect((await cloud.events()).filter((e) => e['detail-type'] === 'PathwayCompleted' && e.detail.pathwayId === p.id)).toHaveLength(1);
  });

  it("revoking a constituent applies the pathway's rule: suspend suspends Z", async () => {
    const p = await pathway('suspend');
    const email = `${uniqueId('learner')}@example.org`;
    const a = await issue(p.a, email);
    await issue(p.b, email);
    const { z } = await awardOf(p.id, email);
    expect(z.status).toBe('ISSUED');
    const revoked = await registrar.request('POST', `/credentials/${a}/revoke`, { reason: 'Awarded in error' });
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    const { body: record } = await registrar.request('GET', `/credentials/${z.credentialId}`);
    expect(record).toMatchObject({ status: 'SUSPENDED', suspension: { by: `pathway ${p.id} (version 1)`, reason: expect.stringContaining(a) } });
    // Repeating the revocation changes nothing more.
    expect((await registrar.request('POST', `/credentials/${a}/revoke`, { reason: 'Awarded in error' })).status).toBe(200);
    const { body: awards } = await staff.request('GET', `/pathways/${p.id}/awards`);
    expect(awards.items[0].revocations).toMatchObject([{ credentialId: a, applied: 'suspend' }]);
  });

  it("revoking a constituent applies the pathway's rule: review flags Z for staff", async () => {
    const p = await pathway('review');
    const email = `${uniqueId('learner')}@example.org`;
    await issue(p.a, email);
    const b = await issue(p.b, email);
    const { z } = await awardOf(p.id, email);
    expect((await registrar.request('POST', `/credentials/${b}/revoke`, { reason: 'Misconduct' })).status).toBe(200);
    const { body: record } = await registrar.request('GET', `/credentials/${z.credentialId}`);
    expect(record).toMatchObject({ status: 'ACTIVE', review: { pathwayId: p.id, constituentCredentialId: b } });
    const { body: trail } = await registrar.request('GET', `/credentials/${z.credentialId}/audit`);
    expect(trail.events.map((e: { action: string }) => e.action)).toContain('FLAGGED_FOR_REVIEW');
    const { body: awards } = await staff.request('GET', `/pathways/${p.id}/awards`);
    expect(awards.items[0].revocations).toMatchObject([{ credentialId: b, applied: 'review' }]);
  });
});
