import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DETAIL_TYPES, EVENT_SCHEMAS } from '../../events/schemas';
import { verifyIndependently } from '../../local/independent-verifier';
import { openBadgeSchemaErrors } from '../../shared/credentials/schema';
import { httpKeyResolver, verifyCredential } from '../../shared/credentials/verify';
import { identityHash } from '../../shared/credentials/recipient';
import { issuanceKeys } from '../../shared/entities/issuance';
import { localCloud, uniqueId, LOCAL_FETCH_TIMEOUT_MS } from '../support/cloud';

const cloud = localCloud();
const finished = (i: { status: string }) => ['ISSUED', 'FAILED', 'REJECTED'].includes(i.status);

async function defineAchievement(approval: { mode: 'auto' } | { mode: 'single' }) {
  const designer = await cloud.as('dee.designer', ['designer']);
  const id = uniqueId('ach');
  const res = await designer.request('POST', '/achievements', {
    id,
    kind: 'course',
    name: `Course ${id}`,
    description: 'Introduction to statistics.',
    criteria: 'Passed the final exam.',
    approval,
  });
  expect(res.status).toBe(201);
  return id;
}

describe('issuing one credential end to end on the local cloud', () => {
  let credential: any;
  let issuance: any;
  const email = `${uniqueId('learner')}@Example.org`;

  beforeAll(async () => {
    const achievementId = await defineAchievement({ mode: 'auto' });
    const issuer = await cloud.as('ivy.issuer', ['issuer']);
    const requested = await issuer.request('POST', '/issuances', { achievementId, recipient: { email, name: 'Ivy Learner' } });
    expect(requested.status).toBe(202);
    expect(requested.headers.get('location')).toBe(`/issuances/${requested.body.id}`);
    issuance = await issuer.waitForIssuance(requested.body.id, finished);
    credential = await (await fetch(`${cloud.outputs.PublicApiUrl}/credentials/${issuance.credentialId}`)).json();
  });

  it('ends ISSUED with every step recorded in DynamoDB', async () => {
    expect(issuance.status).toBe('ISSUED');
    const { Item } = await cloud.table.send(new GetCommand({ TableName: cloud.outputs.TableName, Key: issuanceKeys.item(issuance.id) }));
    expect(Item?.status).toBe('ISSUED');
    expect(Object.fromEntries(Object.entries(Item?.steps ?? {}).map(([k, v]: [string, any]) => [k, v.status]))).toEqual({
      EvidenceCheck: 'SUCCEEDED',
      Approval: 'SKIPPED',
      Sign: 'SUCCEEDED',
      Store: 'SUCCEEDED',
      Deliver: 'SUCCEEDED',
      Record: 'SUCCEEDED',
    });
  });

  it('serves an OpenBadgeCredential that passes the official schema', () => {
    expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(openBadgeSchemaErrors(credential)).toEqual([]);
    expect(credential.proof).toHaveLength(1);
    expect(credential.proof[0]).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod' });
  });

  it('never carries the learner email in clear text, only its salted hash', () => {
    const text = JSON.stringify(credential).toLowerCase();
    expect(text).not.toContain(email.toLowerCase());
    const [identifier] = credential.credentialSubject.identifier;
    expect(identifier.identityHash).toBe(identityHash(email.toLowerCase(), identifier.salt));
    expect(credential.credentialSubject.name).toBeUndefined(); // the learner did not agree to publish it
  });

  it("verifies with Laurel's verifier, resolving the key over HTTP", async () => {
    const result = await verifyCredential(credential, { resolver: httpKeyResolver({ timeoutMs: LOCAL_FETCH_TIMEOUT_MS }) });
    expect(result.checks.filter((c) => !c.passed)).toEqual([]);
    expect(result.status).toBe('valid');
  });

  it('verifies with an independent Data Integrity verifier (@digitalbazaar/vc)', async () => {
    expect(await verifyIndependently(credential, { timeoutMs: LOCAL_FETCH_TIMEOUT_MS })).toEqual({ verified: true, revoked: false });
  });

  it('fails both verifiers once any signed value is changed', async () => {
    const tampered = structuredClone(credential);
    tampered.credentialSubject.achievement.name = 'Advanced Statistics';
    expect((await verifyCredential(tampered, { resolver: httpKeyResolver({ timeoutMs: LOCAL_FETCH_TIMEOUT_MS }) })).status).toBe('invalid');
    expect((await verifyIndependently(tampered, { timeoutMs: LOCAL_FETCH_TIMEOUT_MS })).verified).toBe(false);
  });

  it('emails the learner once, with the credential link and LinkedIn instructions', async () => {
    const mails = (await cloud.mail()).filter((m) => m.destination.to.includes(email.toLowerCase()));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.body.text).toContain(credential.id);
    expect(mails[0]!.body.html).toContain('linkedin.com/profile/add');
    expect(mails[0]!.messageId).toBe(issuance.delivery.messageId);
  });

  it('puts a CredentialIssued event that matches its schema on the bus', async () => {
    const events = await cloud.eventsFor(issuance.id);
    expect(events.map((e) => e['detail-type'])).toEqual([DETAIL_TYPES.credentialIssued]);
    expect(EVENT_SCHEMAS.CredentialIssued.parse(events[0]!.detail).credentialUrl).toBe(credential.id);
  });
});

describe('the approval step', () => {
  it('waits for an approver, refuses the requester and other roles, then issues', async () => {
    const achievementId = await defineAchievement({ mode: 'single' });
    // The requester holds both roles: separation of duties must still stop them.
    const requester = await cloud.as('rita.requester', ['issuer', 'approver']);
    const { body } = await requester.request('POST', '/issuances', { achievementId, recipient: { email: `${uniqueId('l')}@example.org` } });
    const waiting = await requester.waitForIssuance(body.id, (i) => i.status === 'AWAITING_APPROVAL');
    expect(waiting.steps.Approval).toMatchObject({ status: 'WAITING' });
    expect(waiting.approval.taskToken).toBeUndefined(); // a capability, never shown

    const self = await requester.request('POST', `/issuances/${body.id}/approve`, {});
    expect(self.status).toBe(403);
    expect(self.body.detail).toMatch(/separation of duties/i);

    const registrar = await cloud.as('reg.istrar', ['registrar']);
    expect((await registrar.request('POST', `/issuances/${body.id}/approve`, {})).status).toBe(403);

    const approver = await cloud.as('abe.approver', ['approver']);
    const approved = await approver.request('POST', `/issuances/${body.id}/approve`, { comment: 'Exam marked.' });
    expect(approved.status).toBe(200);
    expect(approved.body.approval).toMatchObject({ decision: 'APPROVED', decidedBy: { name: 'abe.approver' }, comment: 'Exam marked.' });
    // The approver role does not see the learner's clear-text email.
    expect(approved.body.recipient.email).toMatch(/^\w\*\*\*@example\.org$/);

    const again = await approver.request('POST', `/issuances/${body.id}/approve`, {});
    expect(again.status).toBe(409);
    const done = await requester.waitForIssuance(body.id, finished);
    expect(done.status).toBe('ISSUED');
  });

  it('ends REJECTED with the approver’s reason when rejected', async () => {
    const achievementId = await defineAchievement({ mode: 'single' });
    const issuer = await cloud.as('ian.issuer', ['issuer']);
    const { body } = await issuer.request('POST', '/issuances', { achievementId, recipient: { email: `${uniqueId('l')}@example.org` } });
    await issuer.waitForIssuance(body.id, (i) => i.status === 'AWAITING_APPROVAL');
    const approver = await cloud.as('abe.approver', ['approver']);
    const missingReason = await approver.request('POST', `/issuances/${body.id}/reject`, {});
    expect(missingReason.status).toBe(400);
    expect((await approver.request('POST', `/issuances/${body.id}/reject`, { reason: 'Exam not passed.' })).status).toBe(200);
    const done = await issuer.waitForIssuance(body.id, finished);
    expect(done).toMatchObject({ status: 'REJECTED', rejection: { stage: 'approval', reason: 'Exam not passed.' } });
    expect(done.credential).toBeUndefined();
    const events = await cloud.eventsFor(body.id);
    expect(events.map((e) => e['detail-type'])).toEqual([DETAIL_TYPES.issuanceRejected]);
    expect(EVENT_SCHEMAS.IssuanceRejected.parse(events[0]!.detail)).toMatchObject({ stage: 'approval', reason: 'Exam not passed.' });
  });
});

describe('a realistic award through the API', () => {
  it('carries results, evidence, alignments and hashed identifiers, and verifies', async () => {
    const { dataLiteracyAchievement, sampleAward } = await import('../../local/sample-data');
    const staff = await cloud.as('dana.registrar', ['designer', 'issuer']);
    const id = uniqueId('dl');
    expect((await staff.request('POST', '/achievements', { ...dataLiteracyAchievement, id, approval: { mode: 'auto' } })).status).toBe(201);
    const award = { ...sampleAward(`${uniqueId('lee')}@example.org`), achievementId: id };
    const { body } = await staff.request('POST', '/issuances', award);
    const done = await staff.waitForIssuance(body.id, finished);
    expect(done.status).toBe('ISSUED');
    const credential: any = await (await fetch(`${cloud.outputs.PublicApiUrl}/credentials/${done.credentialId}`)).json();
    expect(credential.credentialSubject.result[0]).toMatchObject({ value: '82', status: 'Completed' });
    expect(credential.credentialSubject.achievement.alignment).toHaveLength(2);
    expect(credential.evidence[0].name).toMatch(/Capstone/);
    expect(credential.credentialSubject.identifier).toHaveLength(3);
    expect(JSON.stringify(credential)).not.toContain('S1234567');
    expect((await verifyCredential(credential, { resolver: httpKeyResolver({ timeoutMs: LOCAL_FETCH_TIMEOUT_MS }) })).status).toBe('valid');
    expect(await verifyIndependently(credential, { timeoutMs: LOCAL_FETCH_TIMEOUT_MS })).toMatchObject({ verified: true, revoked: false });
  });

  it('refuses a result the achievement does not describe, naming the field', async () => {
    const { sampleAward } = await import('../../local/sample-data');
    const staff = await cloud.as('dana.registrar', ['designer', 'issuer']);
    const achievementId = await defineAchievement({ mode: 'auto' });
    const res = await staff.request('POST', '/issuances', { ...sampleAward(), achievementId });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: 'body.results.0.resultKey' });
  });
});
