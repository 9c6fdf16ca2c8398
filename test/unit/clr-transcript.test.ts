import { createPrivateKey, sign as edSign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyIndependently } from '../../local/independent-verifier';
import { createPathwayBody } from '../../shared/api/schemas';
import { addProof, hashForProof } from '../../shared/credentials/data-integrity';
import { bundledDocumentLoader } from '../../shared/credentials/document-loader';
import { identityHash, normalizeEmail } from '../../shared/credentials/recipient';
import type { CredentialRecord } from '../../shared/entities/credential';
import { NotFoundError, ValidationError } from '../../shared/errors';
import { correctCredential } from '../../shared/use-cases/credential-reissue';
import { issueTranscript, type ClrCredential, type TranscriptDeps } from '../../shared/use-cases/clr-transcripts';
import { evidenceCheck, signCredential, storeCredential } from '../../shared/use-cases/issuance-workflow';
import { requestIssuance } from '../../shared/use-cases/issuances';
import { advancePathways, definePathway, type AdvanceDeps } from '../../shared/use-cases/pathways';
import { getIssuerKey, getIssuerProfile } from '../../shared/use-cases/public-documents';
import { currentSigner } from '../../shared/use-cases/signing-key';
import { getStatusListDocument } from '../../shared/use-cases/status-lists';
import { signingKeyDeps } from '../../shared/use-cases/workflow-context';
import { clrSchemaErrors } from '../support/clr-schema';
import { memoryPathways } from '../support/memory-pathways';
import { memoryWorld, staff, type MemoryWorld } from '../support/memory-world';
import { standardsFixture as read } from '../support/standards-kit';

/**
 * A learner's CLR 2.0 transcript over in-memory ports (issue #21, item 3): credentials issued
 * through the workflow's own steps, a pathway awarding Z from A and B, one credential revoked, one
 * corrected; then the transcript checked against the official ClrCredential schema, and its outer
 * proof and each embedded proof verified by Digital Bazaar's verifier (local/independent-verifier.ts),
 * which resolves the issuer's keys over "HTTP" — answered here from the same use cases the public
 * API serves them with.
 */

const issuer = staff('ivy.issuer', ['issuer']);
const registrar = staff('reg.registrar', ['registrar']);
const designer = staff('dee.designer', ['designer']);
const LEE = 'Lee.Learner@Example.edu';
const OTHER = 'ola.other@example.edu';
/** The address, however it is written, must be nowhere in what the transcript writes. */
const mentionsLee = (value: unknown) => /lee\.learner/i.test(typeof value === 'string' ? value : JSON.stringify(value));

let w: MemoryWorld;
let pathways: ReturnType<typeof memoryPathways>;
let deps: TranscriptDeps;
const ids: Record<'a' | 'b' | 'z' | 'c' | 'd' | 'e' | 'eCorrected' | 'other', string> = {} as never;
const achievements: Record<'a' | 'b' | 'z' | 'c' | 'd' | 'e', string> = {} as never;
let pathwayId: string;

/** Runs an auto-approved issuance through Evidence check, Sign and Store, as the workflow does. */
async function finish(issuanceId: string) {
  expect((await evidenceCheck(w.workflow, issuanceId)).decision).toBe('AUTO_APPROVED');
  const signed = await signCredential(w.workflow, issuanceId);
  await storeCredential(w.workflow, issuanceId, signed.credential, signed.jwt);
}
async function issue(achievementId: string, email = LEE): Promise<string> {
  const { issuance } = await w.request(issuer, { achievementId, recipient: { email, name: 'Lee Learner' } });
  await finish(issuance.id);
  return issuance.credentialId;
}
const signer = async (issuerId: string) => (await currentSigner(signingKeyDeps(w.workflow), issuerId)).signer;

/** The public API, as the verifier fetches it: issuer profiles, key documents, status lists. */
async function publicApi(url: string): Promise<unknown> {
  const base = w.settings.publicBaseUrl;
  if (!url.startsWith(base)) throw new Error(`no network here: ${url}`);
  const [kind, issuerId, ...rest] = url.slice(base.length).split('/');
  const publicDeps = { credentials: w.repos.credentials, keys: w.repos.keys, issuers: w.repos.issuers, artifacts: w.files.artifacts, publicBaseUrl: base, issuer: w.settings.issuer };
  if (kind === 'issuers' && rest.length === 0) return getIssuerProfile(publicDeps, issuerId!);
  if (kind === 'issuers' && rest[0] === 'keys') return (await getIssuerKey(publicDeps, issuerId!, rest[1]!)).document;
  if (kind === 'status') return JSON.parse(await getStatusListDocument({ lists: w.repos.lists }, issuerId!, rest[0] as 'revocation', Number(rest[1])));
  throw new Error(`not a public document: ${url}`);
}

beforeAll(async () => {
  w = await memoryWorld();
  pathways = memoryPathways(w.table);
  for (const [key, name] of [['a', 'Statistics'], ['b', 'Programming'], ['z', 'Data Science'], ['c', 'Ethics'], ['d', 'Chemistry'], ['e', 'Writing']] as const) {
    achievements[key] = (await w.achievement({ name, approval: { mode: 'auto' } })).id;
  }
  pathwayId = (
    await definePathway(
      { pathways, achievements: w.repos.achievements, clock: w.clock },
      createPathwayBody.parse({ id: `ds-${w.issuerId}`, name: 'Data Science', targetAchievementId: achievements.z, requirements: [{ kind: 'all', achievementIds: [achievements.a, achievements.b] }] }),
      designer,
    )
  ).id;
  const advance: AdvanceDeps = {
    pathways,
    credentials: w.repos.credentials,
    issuances: w.repos.issuances,
    learners: w.repos.learners,
    learnerKeys: w.repos.learnerKeys,
    eventBus: w.bus.bus,
    clock: w.clock,
    publicBaseUrl: w.settings.publicBaseUrl,
    requestAward: (input, fixed, actor) => requestIssuance(w.issuances, input, actor, undefined, fixed),
  };

  ids.a = await issue(achievements.a);
  w.clock.advance(60_000);
  ids.b = await issue(achievements.b);
  // As CredentialIssued of B runs it: the pathway is satisfied, Z is requested, and issued.
  expect(await advancePathways(advance, ids.b)).toMatchObject([{ outcome: 'awarded' }]);
  const award = (await pathways.listAwards(pathwayId, { limit: 10 })).items[0]!;
  await finish(award.issuanceId);
  ids.z = award.credentialId;
  w.clock.advance(60_000);
  ids.c = await issue(achievements.c);
  ids.d = await issue(achievements.d);
  ids.e = await issue(achievements.e);
  ids.other = await issue(achievements.c, OTHER);
  w.clock.advance(60_000);

  // D revoked (its record, as the status change leaves it); E corrected: E' supersedes it.
  await w.repos.credentials.revoke(ids.d, { by: registrar.name, at: w.clock.now().toISOString(), reason: 'Issued in error.' });
  const reissueDeps = {
    credentials: w.repos.credentials,
    reminders: { get: async () => undefined },
    issuances: w.repos.issuances,
    achievements: w.repos.achievements,
    issuers: w.repos.issuers,
    artifacts: w.files.artifacts,
    signer,
    audit: w.repos.audit,
    clock: w.clock,
    settings: { publicBaseUrl: w.settings.publicBaseUrl, issuer: w.settings.issuer },
  };
  ids.eCorrected = (await correctCredential(reissueDeps, (await w.repos.credentials.get(ids.e))!, { name: 'Lee A. Learner', publishName: true }, 'Name corrected.', registrar)).id;
  w.clock.advance(60_000);

  deps = {
    learners: w.repos.learners,
    learnerKeys: w.repos.learnerKeys,
    credentials: w.repos.credentials,
    pathways,
    issuers: w.repos.issuers,
    artifacts: w.files.artifacts,
    signer,
    audit: w.repos.audit,
    clock: w.clock,
    settings: { publicBaseUrl: w.settings.publicBaseUrl, issuer: w.settings.issuer },
  };
  const realFetch = globalThis.fetch;
  vi.stubGlobal('fetch', async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith(w.settings.publicBaseUrl)) return realFetch(input, init);
    try {
      return new Response(JSON.stringify(await publicApi(url)), { status: 200, headers: { 'content-type': 'application/ld+json' } });
    } catch {
      return new Response('{}', { status: 404 });
    }
  });
});
afterAll(() => vi.unstubAllGlobals());

const credentialUrl = (id: string) => `${w.settings.publicBaseUrl}credentials/${id}`;
const achievementUrl = (id: string) => `${w.settings.publicBaseUrl}achievements/${id}`;
const embeddedIds = (t: ClrCredential) => t.credentialSubject.verifiableCredential.map((c) => c.id);

describe('a learner’s transcript (CLR 2.0)', () => {
  let transcript: ClrCredential;
  let credentialIds: string[];
  beforeAll(async () => {
    ({ credential: transcript, credentialIds } = await issueTranscript(deps, { email: LEE }, { kind: 'staff', id: registrar.id, name: registrar.name }));
  });

  it('embeds the current credentials: revoked left out, a corrected one as its correction, none of another learner’s', () => {
    expect(credentialIds.sort()).toEqual([ids.a, ids.b, ids.z, ids.c, ids.eCorrected].sort());
    expect(embeddedIds(transcript).sort()).toEqual([ids.a, ids.b, ids.z, ids.c, ids.eCorrected].map(credentialUrl).sort());
    for (const gone of [ids.d, ids.e, ids.other]) expect(JSON.stringify(transcript)).not.toContain(gone);
    expect(transcript).toMatchObject({ type: ['VerifiableCredential', 'ClrCredential'], partial: false, issuer: { id: `${w.settings.publicBaseUrl}issuers/${w.issuerId}`, name: w.settings.issuer.name } });
    expect(transcript['@context']).toEqual([
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json',
    ]);
    expect(String(transcript.description)).toMatch(/Revoked and suspended credentials are not included/);
  });

  it('embeds each credential exactly as it was signed and stored', async () => {
    for (const embedded of transcript.credentialSubject.verifiableCredential) {
      const id = String(embedded.id).split('/').pop()!;
      const record = (await w.repos.credentials.get(id))!;
      expect(embedded).toEqual(JSON.parse((await w.files.artifacts.read(record.artifact.key))!.body));
    }
  });

  it('says the pathway award isParentOf each credential it was awarded from, by achievement id', () => {
    expect(transcript.credentialSubject.association).toEqual(
      expect.arrayContaining([
        { type: 'Association', associationType: 'isParentOf', sourceId: achievementUrl(achievements.z), targetId: achievementUrl(achievements.a) },
        { type: 'Association', associationType: 'isParentOf', sourceId: achievementUrl(achievements.z), targetId: achievementUrl(achievements.b) },
      ]),
    );
    expect(transcript.credentialSubject.association).toHaveLength(2);
    // Each end is an achievement the transcript holds.
    const held = (transcript.credentialSubject.achievement as { id: string }[]).map((a) => a.id);
    for (const a of transcript.credentialSubject.association!) expect(held).toEqual(expect.arrayContaining([a.sourceId, a.targetId]));
  });

  it('passes the official ClrCredential schema', () => {
    expect(clrSchemaErrors(transcript)).toEqual([]);
    // The check can fail: no credentials, or an association of an unknown kind, is refused.
    expect(clrSchemaErrors({ ...transcript, credentialSubject: { ...transcript.credentialSubject, verifiableCredential: [] } })).not.toEqual([]);
    expect(clrSchemaErrors({ ...transcript, credentialSubject: { ...transcript.credentialSubject, association: [{ type: 'Association', associationType: 'isFriendOf', sourceId: 'a', targetId: 'b' }] } })).not.toEqual([]);
  });

  it('names the learner by a salted hash of their email only: the address is nowhere in it, nor in the audit trail', async () => {
    const [identity] = transcript.credentialSubject.identifier as { identityHash: string; salt: string; hashed: boolean; identityType: string }[];
    expect(identity).toMatchObject({ type: 'IdentityObject', identityType: 'emailAddress', hashed: true });
    expect(identity!.identityHash).toBe(identityHash(normalizeEmail(LEE), identity!.salt));
    expect(mentionsLee(transcript)).toBe(false);
    // The events themselves (sealed details live apart, and a transcript seals none).
    const recorded = w.table.scan((i) => String(i.PK).startsWith('AUDIT#credential#') && i.action === 'TRANSCRIPT_ISSUED');
    expect(recorded.length).toBeGreaterThanOrEqual(5);
    expect(recorded.filter((e) => e.sealed !== undefined || e.personal !== undefined)).toEqual([]);
    expect(mentionsLee(recorded)).toBe(false);
  });

  it('records TRANSCRIPT_ISSUED on the trail of each credential it embeds, and of no other', async () => {
    for (const id of [ids.a, ids.b, ids.z, ids.c, ids.eCorrected]) {
      const events = await w.repos.audit.list({ type: 'credential', id });
      expect(events.filter((e) => e.action === 'TRANSCRIPT_ISSUED').map((e) => ({ actor: e.actor.name, after: e.after }))).toContainEqual({
        actor: registrar.name,
        after: { transcriptId: transcript.id, partial: false, credentials: 5 },
      });
    }
    for (const id of [ids.d, ids.e, ids.other]) expect((await w.repos.audit.list({ type: 'credential', id })).some((e) => e.action === 'TRANSCRIPT_ISSUED')).toBe(false);
  });

  it("verifies with Digital Bazaar's verifier: the transcript's proof, and each embedded credential's own", async () => {
    expect(await verifyIndependently(transcript)).toMatchObject({ verified: true });
    for (const embedded of transcript.credentialSubject.verifiableCredential) expect(await verifyIndependently(embedded), String(embedded.id)).toMatchObject({ verified: true, revoked: false });
  });

  it('a tampered embedded credential fails on its own, and fails the transcript', async () => {
    const tampered = structuredClone(transcript);
    const victim = tampered.credentialSubject.verifiableCredential[0] as { name: string };
    victim.name = `${victim.name} with Honours`;
    expect((await verifyIndependently(victim)).verified).toBe(false);
    expect((await verifyIndependently(tampered)).verified).toBe(false);
    // And the transcript's own claims are covered too.
    expect((await verifyIndependently({ ...structuredClone(transcript), partial: true })).verified).toBe(false);
  });
});

describe('a pathway’s transcript', () => {
  it("holds the pathway's target and constituents only, and says it is partial", async () => {
    const { credential } = await issueTranscript(deps, { email: LEE, pathwayId }, { kind: 'staff', id: registrar.id, name: registrar.name });
    expect(embeddedIds(credential).sort()).toEqual([ids.a, ids.b, ids.z].map(credentialUrl).sort());
    expect(credential.partial).toBe(true);
    expect(credential.credentialSubject.association).toHaveLength(2);
    expect(clrSchemaErrors(credential)).toEqual([]);
    expect(await verifyIndependently(credential)).toMatchObject({ verified: true });
  });

  it('an unknown pathway is a 400 naming body.pathwayId; a learner with nothing current, a 404 that names no one', async () => {
    const unknown = await issueTranscript(deps, { email: LEE, pathwayId: 'no-such-pathway' }, { kind: 'staff', name: registrar.name }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(ValidationError);
    expect((unknown as ValidationError).errors).toEqual([{ path: 'body.pathwayId', message: "no pathway 'no-such-pathway'" }]);
    const nobody = await issueTranscript(deps, { email: 'nobody@example.edu' }, { kind: 'staff', name: registrar.name }).catch((e: unknown) => e);
    expect(nobody).toBeInstanceOf(NotFoundError);
    expect((nobody as Error).message).not.toMatch(/nobody/);
  });

  it('leaves a revoked or suspended credential out even when it is all the learner has', async () => {
    const lone = await issue(achievements.c, 'lone.learner@example.edu');
    await w.repos.credentials.revoke(lone, { by: registrar.name, at: w.clock.now().toISOString(), reason: 'Withdrawn.' });
    await expect(issueTranscript(deps, { email: 'lone.learner@example.edu' }, { kind: 'staff', name: registrar.name })).rejects.toBeInstanceOf(NotFoundError);
    const paused = await issue(achievements.c, 'paused.learner@example.edu');
    await w.repos.credentials.suspend(paused, { by: registrar.name, at: w.clock.now().toISOString(), reason: 'Under review.' });
    await expect(issueTranscript(deps, { email: 'paused.learner@example.edu' }, { kind: 'staff', name: registrar.name })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('keeps an expired credential: it was earned, and says when it lapsed', async () => {
    const a = await w.achievement({ name: 'Safety', approval: { mode: 'auto' }, validityDays: 1 });
    const id = await issue(a.id, 'exp.learner@example.edu');
    w.clock.advance(3 * 86_400_000);
    const record = (await w.repos.credentials.get(id)) as CredentialRecord;
    expect(Date.parse(record.validUntil!)).toBeLessThan(w.clock.now().getTime());
    const { credential } = await issueTranscript(deps, { email: 'exp.learner@example.edu' }, { kind: 'staff', name: registrar.name });
    expect(embeddedIds(credential)).toEqual([credentialUrl(id)]);
    expect(credential.credentialSubject.verifiableCredential[0]).toMatchObject({ validUntil: record.validUntil });
  });
});

describe('the CLR 2.0 context, as bundled', () => {
  const vector = JSON.parse(read('clr/01_1edtech_clr_v2p0_testvector_signed.json'));
  const key = JSON.parse(read('signed/03_1edtech_testvector_key.json'));

  it("reproduces 1EdTech's signed ClrCredential test vector: its canonical forms and its signature", async () => {
    const { proof: [proof], ...unsigned } = vector;
    const { proofValue: _v, ...config } = proof;
    const hashed = await hashForProof(unsigned, config, bundledDocumentLoader);
    expect(hashed.canonicalDocument).toBe(read('test-vectors/1edtech_clrv2p0_document-canon.txt'));
    expect(hashed.canonicalProofConfig).toBe(read('test-vectors/1edtech_clrv2p0_proof-canon.txt'));
    const seed = Buffer.from(key.privateKeyHex_seed_plus_pub.slice(0, 64), 'hex');
    const privateKey = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });
    const signed = await addProof(unsigned, { verificationMethod: proof.verificationMethod, sign: async (m) => edSign(null, m, privateKey) }, { created: proof.created, documentLoader: bundledDocumentLoader });
    expect(signed.proof[0]?.proofValue).toBe(proof.proofValue);
    expect(clrSchemaErrors(vector)).toEqual([]);
  });
});
