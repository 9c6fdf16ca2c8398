import { generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { CANVAS_JWKS_URL } from '../../shared/integrations/canvas-live-events';
import { signedHeaders } from '../../shared/integrations/webhook-signature';
import { localCloud, uniqueId } from '../support/cloud';
import { completionsWorld } from '../support/completions';

/**
 * Completions in (issue #21) on the local cloud: the signed webhook with a good, a bad, a stale
 * and a replayed signature; the same completion sent again (another completion time) issuing
 * nothing more; an unmapped course and an unknown learner kept as failures and replayed once
 * fixed; and Moodle's recipe POST with its bearer token. Exactly one credential per completion.
 */
const cloud = localCloud();
const api = cloud.outputs.AdminApiUrl;
const ISSUED = (i: { status: string }) => ['ISSUED', 'FAILED', 'REJECTED'].includes(i.status);

/** The recipe's HTTP step, as tool_trigger sends it with "JSON encode" (parse_str, then json_encode: strings). */
const moodleRecipe = JSON.parse(readFileSync('test/fixtures/moodle-course-completed-recipe.json', 'utf8')) as { httpparams: string };

async function post(path: string, body: string, headers: Record<string, string>) {
  const res = await fetch(`${api}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as Record<string, any> };
}

const setUp = () => completionsWorld(cloud, 'lms');

describe('the signed completion webhook', () => {
  it('issues once per source, course and learner; refuses bad, stale and replayed signatures; keeps an unmapped course and an unknown learner for replay', async () => {
    const { admin, designer, achievementId } = await setUp();
    const sourceId = uniqueId('sis');
    const source = await admin.request('POST', '/completion-sources', { id: sourceId, name: 'Banner SIS', kind: 'webhook' });
    expect(source.status, JSON.stringify(source.body)).toBe(201);
    expect(source.body).toMatchObject({ kind: 'webhook', secretVersion: 1, delivery: { url: `${api}/inbound/completions` } });
    const secret = source.body.secret as string;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Nobody sees the secret again.
    expect(JSON.stringify((await designer.request('GET', '/completion-sources')).body)).not.toContain(secret);

    const email = `${uniqueId('grace')}@example.edu`;
    const studentNumber = uniqueId('S');
    const completion = (completedAt: string) => JSON.stringify({ source: sourceId, course: { id: 'CS-101.2026', name: 'Computer Science I', url: 'https://lms.example.edu/courses/565' }, learner: { email, name: 'Grace Hopper', studentNumber }, completedAt, score: 91 });
    const send = (body: string, key = secret, at = new Date()) => post('/inbound/completions', body, signedHeaders(key, body, at));

    // Not mapped yet: kept, and said why.
    const first = completion('2026-11-30T10:00:00Z');
    const unmapped = await send(first);
    expect(unmapped.status, JSON.stringify(unmapped.body)).toBe(202);
    expect(unmapped.body).toMatchObject({ status: 'FAILED', duplicate: false, failure: { reason: 'UNMAPPED_COURSE' } });
    const failed = await designer.request('GET', `/completions?failed=true`);
    expect(failed.body.items.map((c: any) => c.id)).toContain(unmapped.body.completionId);

    // The signature is checked before anything is written: wrong secret, stale, missing, replayed.
    expect((await send(first, 'not-the-secret')).status).toBe(401);
    expect((await send(first, secret, new Date(Date.now() - 301_000))).status).toBe(401);
    expect((await post('/inbound/completions', first, {})).status).toBe(401);
    // A minute back (inside the ±300 s window): signed at the same second as the first delivery,
    // the same body has the same signature, which the replay cache rightly refuses (CI run 70).
    const headers = signedHeaders(secret, first, new Date(Date.now() - 60_000));
    expect((await post('/inbound/completions', first, headers)).status).toBe(202);
    const replayed = await post('/inbound/completions', first, headers);
    expect(replayed.status).toBe(409);
    expect(replayed.body.detail).toMatch(/used already/);
    // A body changed after signing.
    expect((await post('/inbound/completions', first.replace('91', '99'), signedHeaders(secret, first, new Date()))).status).toBe(401);

    // Mapped, then replayed: requested through the issuing core, and issued.
    const mapped = await designer.request('PUT', `/completion-sources/${sourceId}/courses/CS-101.2026`, { achievementId, scoreResultKey: 'score', evidenceNarrative: 'Completed all six modules.' });
    expect(mapped.status, JSON.stringify(mapped.body)).toBe(200);
    const replay = await designer.request('POST', `/completions/${unmapped.body.completionId}/replay`, {});
    expect(replay.body).toMatchObject({ status: 'REQUESTED', issuanceId: expect.any(String) });
    const issued = await designer.waitForIssuance(replay.body.issuanceId, ISSUED);
    expect(issued.status).toBe('ISSUED');
    const credential = (await (await fetch(`${cloud.outputs.PublicApiUrl}/credentials/${issued.credentialId}`, { headers: { accept: 'application/ld+json' } })).json()) as Record<string, any>;
    expect(credential.credentialSubject.result).toEqual([expect.objectContaining({ value: '91' })]);
    expect(JSON.stringify(credential.evidence)).toContain('https://lms.example.edu/courses/565');
    expect(JSON.stringify(credential)).not.toContain(email);

    // The same completion again, with another completion time, from a retrying SIS: nothing more.
    const again = await send(completion('2026-12-01T08:00:00Z'));
    expect(again.body).toMatchObject({ status: 'REQUESTED', duplicate: true, issuanceId: replay.body.issuanceId });
    // A replay of an issued completion is refused.
    expect((await designer.request('POST', `/completions/${unmapped.body.completionId}/replay`, {})).status).toBe(409);
    expect((await cloud.mail()).filter((m) => m.destination.to.includes(email.toLowerCase()))).toHaveLength(1);

    // A learner known by a student number Laurel has never seen, and no address: kept; replayed with the address.
    const stranger = JSON.stringify({ source: sourceId, course: { id: 'CS-101.2026' }, learner: { studentNumber: uniqueId('S') }, completedAt: '2026-11-30T10:00:00Z', score: 70 });
    const unknown = await send(stranger);
    expect(unknown.body).toMatchObject({ status: 'FAILED', failure: { reason: 'UNKNOWN_LEARNER' } });
    const strangerEmail = `${uniqueId('alan')}@example.edu`;
    const fixed = await designer.request('POST', `/completions/${unknown.body.completionId}/replay`, { email: strangerEmail });
    expect(fixed.body).toMatchObject({ status: 'REQUESTED' });
    expect((await designer.waitForIssuance(fixed.body.issuanceId, ISSUED)).status).toBe('ISSUED');

    // The activity lists both, each with its request's status; the auditor sees no full address.
    const auditor = await cloud.as('aud.itor', ['auditor']);
    const activity = await auditor.request('GET', `/completions?sourceId=${sourceId}`);
    expect(activity.body.items).toHaveLength(2);
    expect(activity.body.items.map((c: any) => c.issuanceStatus).sort()).toEqual(['ISSUED', 'ISSUED']);
    expect(JSON.stringify(activity.body)).not.toContain(email);
  });

  it('sends a score below the rule to the evidence check, which rejects it; mapped to the right achievement and replayed, it issues as a new attempt', async () => {
    const { admin, designer, achievementId } = await setUp();
    const sourceId = uniqueId('sis');
    const { body: source } = await admin.request('POST', '/completion-sources', { id: sourceId, name: 'Workday Student', kind: 'webhook' });
    await designer.request('PUT', `/completion-sources/${sourceId}/courses/C2`, { achievementId, scoreResultKey: 'score' });
    const body = JSON.stringify({ source: sourceId, course: { id: 'C2' }, learner: { email: `${uniqueId('low')}@example.edu` }, completedAt: '2026-11-30T10:00:00Z', score: 30 });
    const low = await post('/inbound/completions', body, signedHeaders(source.secret, body, new Date()));
    expect(low.body).toMatchObject({ status: 'REQUESTED' });
    expect((await designer.waitForIssuance(low.body.issuanceId, ISSUED)).status).toBe('REJECTED');
    const listed = await designer.request('GET', `/completions?sourceId=${sourceId}`);
    expect(listed.body.items[0]).toMatchObject({ status: 'REQUESTED', issuanceStatus: 'REJECTED' });
    // The course was mapped to the wrong achievement: mapped to the right one and replayed, it issues, as attempt 2.
    const participation = uniqueId('lms');
    await designer.request('POST', '/achievements', { id: participation, kind: 'course', name: 'CS I participation', description: 'd', criteria: 'c', approval: { mode: 'auto' } });
    await designer.request('PUT', `/completion-sources/${sourceId}/courses/C2`, { achievementId: participation });
    const second = await designer.request('POST', `/completions/${low.body.completionId}/replay`, {});
    expect(second.body.status, JSON.stringify(second.body)).toBe('REQUESTED');
    expect(second.body.issuanceId).not.toBe(low.body.issuanceId);
    expect((await designer.waitForIssuance(second.body.issuanceId, ISSUED)).status).toBe('ISSUED');
  });
});

describe('Moodle, by the README recipe', () => {
  it('issues from what tool_trigger posts with the bearer token, once; refuses another token', async () => {
    const { admin, designer } = await setUp();
    // Moodle's completion carries no score: the achievement asks for none.
    const achievementId = uniqueId('lms');
    await designer.request('POST', '/achievements', { id: achievementId, kind: 'course', name: 'Maths 101', description: 'd', criteria: 'Complete the course.', approval: { mode: 'auto' } });
    const sourceId = uniqueId('moodle');
    const source = await admin.request('POST', '/completion-sources', { id: sourceId, name: 'Moodle (main campus)', kind: 'moodle' });
    expect(source.body.delivery).toEqual({ url: `${api}/inbound/moodle/${sourceId}`, headers: ['authorization'] });
    await designer.request('PUT', `/completion-sources/${sourceId}/courses/6`, { achievementId });

    // What parse_str + json_encode make of the recipe's parameters, its placeholders filled in as Moodle would.
    const email = `${uniqueId('kat')}@example.edu`;
    const values: Record<string, string> = { courseid: '6', course_fullname: 'Maths 101', relateduserid: '42', user_email: email, user_firstname: 'Katherine', user_lastname: 'Johnson', user_idnumber: '', timecreated: String(Math.floor(Date.now() / 1000) - 3600) };
    // With JSON encode on, tool_trigger fills the placeholders in as they are (no URL encoding), then parse_str decodes.
    const params = new URLSearchParams(moodleRecipe.httpparams.replace(/\{(\w+)\}/g, (_, field: string) => values[field] ?? ''));
    const body = JSON.stringify(Object.fromEntries(params));
    const bearer = { authorization: `Bearer ${source.body.secret}` };

    expect((await post(`/inbound/moodle/${sourceId}`, body, { authorization: 'Bearer not-the-token-of-this-source' })).status).toBe(401);
    const received = await post(`/inbound/moodle/${sourceId}`, body, bearer);
    expect(received.status, JSON.stringify(received.body)).toBe(200);
    expect(received.body).toMatchObject({ status: 'REQUESTED' });
    expect((await designer.waitForIssuance(received.body.issuanceId, ISSUED)).status).toBe('ISSUED');
    // Cron posts it again later (no time window for Moodle): the same issuance.
    expect((await post(`/inbound/moodle/${sourceId}`, body, bearer)).body).toMatchObject({ duplicate: true, issuanceId: received.body.issuanceId });
    // The token is the Moodle source's alone: the webhook route does not take it, nor another source's id.
    expect((await post(`/inbound/moodle/${uniqueId('other')}`, body, bearer)).status).toBe(401);
  });
});

/** The kit's real course_completed (Canvas's documentation), with this test's course and learner. */
const canvasEvent = (courseId: string, user: { id: string; email: string }, rootAccountId = '21070000000000001') => {
  const event = JSON.parse(readFileSync('test/fixtures/standards/examples/lms/canvas_course_completed.payload.json', 'utf8'));
  event.metadata.root_account_id = rootAccountId;
  event.body.course.id = courseId;
  event.body.user = { ...event.body.user, ...user };
  return event as Record<string, any>;
};

describe('Canvas Live Events', () => {
  /** Instructure's key set, as the tests' internet serves it at its real URL: a key generated here, its kid matched. */
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'test-2026-12';
  const signedPayload = (claims: unknown, keyId = kid, key = privateKey) => {
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const head = `${b64({ alg: 'RS256', typ: 'JWT', kid: keyId })}.${b64(claims)}`;
    return `${head}.${sign('RSA-SHA256', Buffer.from(head), key).toString('base64url')}`;
  };
  const serveKeySet = () =>
    fetch(`${cloud.outputs.InternetUrl}/__documents`, { method: 'PUT', body: JSON.stringify({ url: CANVAS_JWKS_URL, body: JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' }] }), contentType: 'application/json' }) });

  it('over signed HTTPS: issues course_completed once, ignores other events, refuses a payload not signed by Canvas', async () => {
    expect((await serveKeySet()).status).toBeLessThan(300);
    const { admin, designer } = await setUp();
    const achievementId = uniqueId('lms');
    await designer.request('POST', '/achievements', { id: achievementId, kind: 'course', name: 'Computer Science I', description: 'd', criteria: 'Complete every module.', approval: { mode: 'auto' } });
    const sourceId = uniqueId('canvas');
    const source = await admin.request('POST', '/completion-sources', { id: sourceId, name: 'Canvas (https)', kind: 'canvas' });
    expect(source.body.secret).toBeUndefined();
    await designer.request('PUT', `/completion-sources/${sourceId}/courses/565`, { achievementId });
    const email = `${uniqueId('isaac')}@example.edu`;
    const event = canvasEvent('565', { id: uniqueId('u').replace(/\D/g, '').slice(0, 12) || '123', email });
    const path = `/inbound/canvas/${sourceId}`;
    const postJwt = (jwt: string) => post(path, jwt, { 'content-type': 'application/jwt' });

    const { privateKey: stranger } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect((await postJwt(signedPayload(event, kid, stranger))).status).toBe(401);
    expect((await postJwt(signedPayload(event, 'unknown-kid'))).status).toBe(401);
    expect((await post(path, JSON.stringify(event), {})).status).toBe(401);

    const received = await postJwt(signedPayload(event));
    expect(received.status, JSON.stringify(received.body)).toBe(200);
    expect(received.body).toMatchObject({ status: 'REQUESTED' });
    expect((await designer.waitForIssuance(received.body.issuanceId, ISSUED)).status).toBe('ISSUED');
    // Canvas retries (three times in 10–20 minutes): the same issuance.
    expect((await postJwt(signedPayload(event))).body).toMatchObject({ duplicate: true, issuanceId: received.body.issuanceId });
    const other = { ...event, metadata: { ...event.metadata, event_name: 'grade_change' } };
    expect((await postJwt(signedPayload(other))).body).toEqual({ ignored: 'grade_change' });
  });

  it('through the SQS queue Laurel provisions: the kit payload, sent twice, issues once', async () => {
    const { admin, designer } = await setUp();
    const achievementId = uniqueId('lms');
    await designer.request('POST', '/achievements', { id: achievementId, kind: 'course', name: 'Computer Science I', description: 'd', criteria: 'Complete every module.', approval: { mode: 'auto' } });
    const sourceId = uniqueId('canvas');
    const rootAccountId = String(Date.now()).slice(-12);
    expect((await admin.request('POST', '/completion-sources', { id: sourceId, name: 'Canvas (SQS)', kind: 'canvas', canvasRootAccountId: rootAccountId })).status).toBe(201);
    await designer.request('PUT', `/completion-sources/${sourceId}/courses/566`, { achievementId });
    const queueUrl = cloud.outputs.CanvasLiveEventsQueueUrl;
    expect(queueUrl).toMatch(/canvas-live-events-/);
    const sqs = new SQSClient({ endpoint: cloud.outputs.SqsEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const email = `${uniqueId('emmy')}@example.edu`;
    const event = canvasEvent('566', { id: '456', email }, rootAccountId);
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(event) }));
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(event) }));

    // Both messages are the one completion: one issuance, issued.
    let activity: any;
    for (let i = 0; i < 200; i++) {
      activity = (await designer.request('GET', `/completions?sourceId=${sourceId}`)).body;
      if (activity.items[0]?.issuanceStatus === 'ISSUED' && activity.items[0]?.received === 2) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(activity.items).toHaveLength(1);
    expect(activity.items[0]).toMatchObject({ via: 'canvas-sqs', courseId: '566', received: 2, issuanceStatus: 'ISSUED', learner: { externalId: '456' } });
    expect((await cloud.mail()).filter((m) => m.destination.to.includes(email))).toHaveLength(1);
  });
});
