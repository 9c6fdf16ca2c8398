import { beforeAll, describe, expect, it } from 'vitest';
import type { AdminClient } from '../../local/admin-client';
import { verifyIndependently } from '../../local/independent-verifier';
import { verifyWithVerifierCore } from '../../local/verifier-core';
import { CLR_CREDENTIAL_SCHEMA_ID } from '../../shared/use-cases/clr-transcripts';
import { clrSchema, clrSchemaErrors } from '../support/clr-schema';
import { LOCAL_FETCH_TIMEOUT_MS, localCloud, uniqueId } from '../support/cloud';
import { learnerSession, linkFromMail } from '../support/learner';

/**
 * A learner's CLR 2.0 transcript on the local cloud (issue #21, item 3): two credentials and the
 * pathway award they earn, issued through the real admin API, workflow and EventBridge hop; then
 * the transcript a registrar signs (POST /transcripts) and the one the learner downloads from their
 * claim page, each checked against the official ClrCredential schema and verified by both
 * independent verifiers — the transcript's own proof, and each embedded credential's.
 */
const cloud = localCloud();

let staff: AdminClient;
let registrar: AdminClient;
let auditor: AdminClient;
let email: string;
const ids = { a: '', b: '', z: '', pathway: '', credA: '', credB: '', credZ: '' };

async function achievement(name: string): Promise<string> {
  const id = uniqueId(name.toLowerCase().replace(/\s+/g, '-'));
  const res = await staff.request('POST', '/achievements', { id, kind: 'course', name, description: `${name}.`, criteria: 'Passes.', approval: { mode: 'auto' } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return id;
}

async function issue(achievementId: string): Promise<string> {
  const { status, body } = await staff.request('POST', '/issuances', { achievementId, recipient: { email, name: 'Cleo Record' } });
  expect(status, JSON.stringify(body)).toBe(202);
  const issuance = await staff.waitForIssuance(body.id, (i) => ['ISSUED', 'FAILED', 'REJECTED'].includes(i.status));
  expect(issuance.status).toBe('ISSUED');
  return issuance.credentialId;
}

/** The pathway's award, once its evaluation (after CredentialIssued's EventBridge hop) made it and Z is issued. */
async function awardedZ(timeoutMs = 90_000): Promise<string> {
  const started = Date.now();
  for (;;) {
    const { body } = await staff.request('POST', `/pathways/${ids.pathway}/progress`, { email });
    if (body.award && (await staff.request('GET', `/issuances/${body.award.issuanceId}`)).status === 200) {
      const z = await staff.waitForIssuance(body.award.issuanceId, (i) => ['ISSUED', 'FAILED', 'REJECTED'].includes(i.status));
      expect(z.status).toBe('ISSUED');
      return z.credentialId;
    }
    if (Date.now() - started > timeoutMs) throw new Error(`no award after ${timeoutMs} ms: ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const credentialUrl = (id: string) => `${cloud.outputs.PublicApiUrl}/credentials/${id}`;
const achievementUrl = (id: string) => `${cloud.outputs.PublicApiUrl}/achievements/${id}`;
type Transcript = { id: string; partial: boolean; credentialSubject: { verifiableCredential: Record<string, unknown>[]; association?: unknown[]; identifier: unknown[] } };
const embeddedIds = (t: Transcript) => t.credentialSubject.verifiableCredential.map((c) => c.id).sort();
/** The CLR schema where verifier-core would fetch it (this machine has no internet). */
const CLR_DOCUMENTS = new Map<string, unknown>([[CLR_CREDENTIAL_SCHEMA_ID, clrSchema]]);

/** Checked as any verifier would: the schema, the transcript's proof, and each credential inside on its own. */
async function expectValidAndVerified(transcript: Transcript) {
  expect(clrSchemaErrors(transcript)).toEqual([]);
  expect(await verifyIndependently(transcript, { timeoutMs: LOCAL_FETCH_TIMEOUT_MS })).toMatchObject({ verified: true });
  const core = await verifyWithVerifierCore(transcript, CLR_DOCUMENTS);
  expect(core.errors).toEqual([]);
  expect(core.steps).toMatchObject({ valid_signature: true });
  for (const embedded of transcript.credentialSubject.verifiableCredential) {
    expect(await verifyIndependently(embedded, { timeoutMs: LOCAL_FETCH_TIMEOUT_MS }), String(embedded.id)).toMatchObject({ verified: true, revoked: false });
    const one = await verifyWithVerifierCore(embedded);
    expect(one.errors, String(embedded.id)).toEqual([]);
    expect(one.steps, String(embedded.id)).toMatchObject({ valid_signature: true, revocation_status: true });
  }
}

beforeAll(async () => {
  staff = await cloud.as('tia.transcripts', ['designer', 'issuer']);
  registrar = await cloud.as('rory.registrar', ['registrar']);
  auditor = await cloud.as('ada.auditor', ['auditor']);
  email = `${uniqueId('cleo')}@example.edu`;
  [ids.a, ids.b, ids.z] = [await achievement('Statistics'), await achievement('Programming'), await achievement('Data Science')];
  ids.pathway = uniqueId('clr-path');
  const defined = await staff.request('POST', '/pathways', { id: ids.pathway, name: `Data Science ${ids.pathway}`, targetAchievementId: ids.z, requirements: [{ kind: 'all', achievementIds: [ids.a, ids.b] }] });
  expect(defined.status, JSON.stringify(defined.body)).toBe(201);
  ids.credA = await issue(ids.a);
  ids.credB = await issue(ids.b);
  ids.credZ = await awardedZ();
}, 240_000);

describe('CLR 2.0 transcripts on the local cloud', () => {
  it('POST /transcripts: a registrar gets the signed ClrCredential of the learner’s credentials and the award they make', async () => {
    const res = await registrar.request('POST', '/transcripts', { email });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/ld+json');
    const transcript = res.body as Transcript;
    expect(embeddedIds(transcript)).toEqual([ids.credA, ids.credB, ids.credZ].map(credentialUrl).sort());
    expect(transcript.partial).toBe(false);
    expect(transcript.credentialSubject.association).toEqual(
      expect.arrayContaining([
        { type: 'Association', associationType: 'isParentOf', sourceId: achievementUrl(ids.z), targetId: achievementUrl(ids.a) },
        { type: 'Association', associationType: 'isParentOf', sourceId: achievementUrl(ids.z), targetId: achievementUrl(ids.b) },
      ]),
    );
    // The learner is a salted hash; the address is nowhere in the document.
    expect(JSON.stringify(transcript).toLowerCase()).not.toContain(email.toLowerCase());
    expect(JSON.stringify(transcript)).not.toContain(email.split('@')[0]!);
    await expectValidAndVerified(transcript);

    // Each credential's trail says a transcript embedded it, and by whom; the address is not there either.
    const trail = await auditor.request('GET', `/credentials/${ids.credA}/audit`);
    expect(trail.status).toBe(200);
    expect(trail.body.events).toContainEqual(expect.objectContaining({ action: 'TRANSCRIPT_ISSUED', actor: expect.objectContaining({ name: 'rory.registrar' }), after: { transcriptId: transcript.id, partial: false, credentials: 3 } }));
    expect(JSON.stringify(trail.body)).not.toContain(email.split('@')[0]!);
  });

  it('a pathway’s transcript holds its award and constituents, partial', async () => {
    const res = await registrar.request('POST', '/transcripts', { email, pathwayId: ids.pathway });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ partial: true });
    expect(embeddedIds(res.body)).toEqual([ids.credA, ids.credB, ids.credZ].map(credentialUrl).sort());
    expect(clrSchemaErrors(res.body)).toEqual([]);
  });

  it('refuses what it cannot do: another role, a missing or malformed email, an unknown pathway — naming the field', async () => {
    const issuer = await cloud.as('ivan.issuer', ['issuer']);
    expect((await issuer.request('POST', '/transcripts', { email })).status).toBe(403);
    const missing = await registrar.request('POST', '/transcripts', {});
    expect(missing.status).toBe(400);
    expect(missing.headers.get('content-type')).toMatch(/problem\+json/);
    expect(missing.body.errors.map((e: { path: string }) => e.path)).toContain('body.email');
    const malformed = await registrar.request('POST', '/transcripts', { email: 'not-an-address' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((e: { path: string }) => e.path)).toContain('body.email');
    const unknown = await registrar.request('POST', '/transcripts', { email, pathwayId: 'no-such-pathway' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ path: 'body.pathwayId', message: "no pathway 'no-such-pathway'" }]);
    const nobody = await registrar.request('POST', '/transcripts', { email: `${uniqueId('nobody')}@example.edu` });
    expect(nobody.status).toBe(404);
  });

  it('the learner downloads it from their claim page', async () => {
    const learner = learnerSession(cloud);
    await learner.open(await linkFromMail(cloud, email));
    const page = await learner.page();
    expect(page.status).toBe(200);
    // A form, not a link: making a transcript signs and audits (POST), where the downloads only read.
    expect(page.html).toMatch(/<form method="post" action="[^"]*\/claim\/credential\/transcript"><button[^>]*>Transcript \(CLR 2\.0\)/);
    expect((await learner.send('GET', '/claim/credential/download/transcript.json')).status).toBeGreaterThanOrEqual(400);
    const res = await learner.send('POST', '/claim/credential/transcript', { form: {} });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/ld+json');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="transcript-clr.json"');
    const text = await res.text();
    expect(text.toLowerCase()).not.toContain(email.toLowerCase());
    const transcript = JSON.parse(text) as Transcript;
    expect(embeddedIds(transcript)).toEqual([ids.credA, ids.credB, ids.credZ].map(credentialUrl).sort());
    expect(transcript.credentialSubject.association).toHaveLength(2);
    await expectValidAndVerified(transcript);
    // A learner's own download is on the trail as theirs.
    const trail = await auditor.request('GET', `/credentials/${ids.credZ}/audit`);
    expect(trail.body.events).toContainEqual(expect.objectContaining({ action: 'TRANSCRIPT_ISSUED', actor: expect.objectContaining({ kind: 'learner' }), after: expect.objectContaining({ transcriptId: transcript.id }) }));
  });
});
