import { beforeEach, describe, expect, it } from 'vitest';
import { createPathwayBody, type CreatePathwayBody } from '../../shared/api/schemas';
import type { CredentialRecord } from '../../shared/entities/credential';
import { ConflictError, ValidationError } from '../../shared/errors';
import { requestIssuance } from '../../shared/use-cases/issuances';
import {
  advancePathways,
  applyRevocationRules,
  awardIds,
  definePathway,
  evaluatePathway,
  learnerPathways,
  progressOf,
  updatePathway,
  type AdvanceDeps,
  type HeldCredential,
} from '../../shared/use-cases/pathways';
import { memoryPathways } from '../support/memory-pathways';
import { memoryWorld, staff, type MemoryWorld } from '../support/memory-world';

const DAY = 86_400_000;
const NOW = new Date('2026-09-01T09:00:00.000Z');
let n = 0;
/** A credential the learner holds, issued `daysAgo` before NOW. */
const held = (achievementId: string, daysAgo = 1, extra: Partial<HeldCredential> = {}): HeldCredential => ({
  credentialId: `${achievementId}-${++n}`,
  achievementId,
  issuedAt: new Date(NOW.getTime() - daysAgo * DAY).toISOString(),
  status: 'ACTIVE',
  ...extra,
});
const rule = (def: Partial<CreatePathwayBody> & Pick<CreatePathwayBody, 'requirements'>) => createPathwayBody.parse({ name: 'P', targetAchievementId: 'z', ...def });

describe('evaluatePathway: the rule', () => {
  const allAB = rule({ requirements: [{ kind: 'all', achievementIds: ['a', 'b'] }] });

  it('is satisfied by all of {A, B} in either order, and counts one of two before', () => {
    expect(evaluatePathway(allAB, [held('a')], NOW)).toMatchObject({ satisfied: false, counted: 1, required: 2 });
    const ab = evaluatePathway(allAB, [held('a', 5), held('b', 1)], NOW);
    const ba = evaluatePathway(allAB, [held('b', 5), held('a', 1)], NOW);
    expect(ab).toMatchObject({ satisfied: true, counted: 2, required: 2 });
    expect(ba).toMatchObject({ satisfied: true, counted: 2, required: 2 });
    expect(ba.constituents.map((c) => c.achievementId).sort()).toEqual(['a', 'b']);
  });

  it('ignores credentials of other achievements, and counts an achievement once however often it is held', () => {
    expect(evaluatePathway(allAB, [held('a', 3), held('a', 2), held('c')], NOW)).toMatchObject({ satisfied: false, counted: 1, constituents: [{ achievementId: 'a', issuedAt: new Date(NOW.getTime() - 2 * DAY).toISOString() }] });
  });

  it('counts any n of {C, D, E}: 1 of 2, then satisfied with two, and never more than n', () => {
    const anyTwo = rule({ requirements: [{ kind: 'anyOf', count: 2, achievementIds: ['c', 'd', 'e'] }] });
    expect(evaluatePathway(anyTwo, [held('d')], NOW)).toMatchObject({ satisfied: false, counted: 1, required: 2 });
    expect(evaluatePathway(anyTwo, [held('e', 2), held('c', 9)], NOW)).toMatchObject({ satisfied: true, counted: 2 });
    const three = evaluatePathway(anyTwo, [held('c', 3), held('d', 2), held('e', 1)], NOW);
    expect(three).toMatchObject({ satisfied: true, counted: 2, groups: [{ met: 2, required: 2 }] });
    // The newest two are counted, and they are what Z is awarded from.
    expect(three.constituents.map((c) => c.achievementId).sort()).toEqual(['d', 'e']);
  });

  it('needs every group: all of {A, B} and 1 of {C, D} is "2 of 3" with A and B', () => {
    const mixed = rule({ requirements: [{ kind: 'all', achievementIds: ['a', 'b'] }, { kind: 'anyOf', count: 1, achievementIds: ['c', 'd'] }] });
    expect(evaluatePathway(mixed, [held('a'), held('b')], NOW)).toMatchObject({ satisfied: false, counted: 2, required: 3 });
    expect(evaluatePathway(mixed, [held('d'), held('a'), held('b')], NOW)).toMatchObject({ satisfied: true, counted: 3, required: 3 });
  });

  it('withinDays: the counted constituents lie within the window of each other', () => {
    const within30 = rule({ requirements: [{ kind: 'all', achievementIds: ['a', 'b'] }], withinDays: 30 });
    expect(evaluatePathway(within30, [held('a', 100), held('b', 60)], NOW)).toMatchObject({ satisfied: false, counted: 1, required: 2 });
    expect(evaluatePathway(within30, [held('a', 100), held('b', 71)], NOW)).toMatchObject({ satisfied: true });
    // A newer A within the window of B completes it; the old A is not what Z is awarded from.
    const again = evaluatePathway(within30, [held('a', 100), held('b', 60), held('a', 50)], NOW);
    expect(again.satisfied).toBe(true);
    expect(again.constituents.map((c) => c.issuedAt)).toEqual([new Date(NOW.getTime() - 60 * DAY).toISOString(), new Date(NOW.getTime() - 50 * DAY).toISOString()]);
  });

  it('onlyValid: suspended, expired and superseded constituents do not count; without it they do', () => {
    const valid = rule({ requirements: [{ kind: 'all', achievementIds: ['a', 'b'] }], onlyValid: true });
    const lenient = rule({ requirements: [{ kind: 'all', achievementIds: ['a', 'b'] }] });
    const expired = held('b', 400, { validUntil: new Date(NOW.getTime() - DAY).toISOString() });
    const suspended = held('b', 1, { status: 'SUSPENDED' });
    const superseded = held('b', 1, { superseded: true });
    for (const b of [expired, suspended, superseded]) {
      expect(evaluatePathway(valid, [held('a'), b], NOW)).toMatchObject({ satisfied: false, counted: 1 });
      expect(evaluatePathway(lenient, [held('a'), b], NOW)).toMatchObject({ satisfied: true });
    }
    expect(evaluatePathway(valid, [held('a'), held('b', 1, { validUntil: new Date(NOW.getTime() + DAY).toISOString() })], NOW).satisfied).toBe(true);
  });

  it('never counts a revoked credential', () => {
    expect(evaluatePathway(allAB, [held('a'), held('b', 1, { status: 'REVOKED' })], NOW)).toMatchObject({ satisfied: false, counted: 1 });
  });
});

describe('pathways over the issuing core (in memory)', () => {
  let world: MemoryWorld;
  let pathways: ReturnType<typeof memoryPathways>;
  let deps: AdvanceDeps;
  const designer = staff('dee.designer', ['designer']);
  const issuer = staff('ivy.issuer', ['issuer']);
  let ids: { a: string; b: string; z: string };
  let position = 0;

  beforeEach(async () => {
    world = await memoryWorld();
    pathways = memoryPathways(world.table);
    const [a, b, z] = [await world.achievement({ name: 'A' }), await world.achievement({ name: 'B' }), await world.achievement({ name: 'Z' })];
    ids = { a: a.id, b: b.id, z: z.id };
    deps = {
      pathways,
      credentials: world.repos.credentials,
      issuances: world.repos.issuances,
      learners: world.repos.learners,
      learnerKeys: world.repos.learnerKeys,
      eventBus: world.bus.bus,
      clock: world.clock,
      publicBaseUrl: world.settings.publicBaseUrl,
      requestAward: (input, fixed, actor) => requestIssuance(world.issuances, input, actor, undefined, fixed),
    };
  });

  const define = (def: Partial<CreatePathwayBody> = {}) =>
    definePathway({ pathways, achievements: world.repos.achievements, clock: world.clock }, createPathwayBody.parse({ id: 'ab-to-z', name: 'A and B', targetAchievementId: ids.z, requirements: [{ kind: 'all', achievementIds: [ids.a, ids.b] }], ...def }), designer);

  /** Requests and "issues" a credential: the issuance as staff request it, its record as the Store step writes it. */
  async function issue(achievementId: string, email: string): Promise<CredentialRecord> {
    const { issuance } = await world.request(issuer, { achievementId, recipient: { email, name: 'Lee Learner' } });
    const record: CredentialRecord = {
      id: issuance.credentialId,
      issuanceId: issuance.id,
      achievementId,
      achievementVersion: 1,
      issuerId: world.issuerId,
      status: 'ACTIVE',
      issuedAt: world.clock.now().toISOString(),
      artifact: { key: `credentials/${issuance.credentialId}.json`, sha256: 'x' },
      verificationMethod: 'did:web:example#key',
      signingKeyId: 'key',
      statusPosition: { listNo: 0, index: ++position },
    };
    await world.repos.credentials.putOnce(record);
    world.clock.advance(60_000);
    return record;
  }
  const zIssuances = () => world.items('Issuance').filter((i) => i.achievementId === ids.z);
  const events = (type: string) => world.bus.published.filter((e) => e.detailType === type).map((e) => e.detail as Record<string, unknown>);

  it('checks a definition: the achievements exist, the target is not a constituent, anyOf asks for no more than it names', async () => {
    await expect(define({ requirements: [{ kind: 'all', achievementIds: [ids.a, 'nope'] }] })).rejects.toBeInstanceOf(ValidationError);
    await expect(define({ requirements: [{ kind: 'all', achievementIds: [ids.a, ids.z] }] })).rejects.toBeInstanceOf(ValidationError);
    await expect(define({ requirements: [{ kind: 'anyOf', count: 3, achievementIds: [ids.a, ids.b] }] })).rejects.toBeInstanceOf(ValidationError);
    await define();
    await expect(define()).rejects.toBeInstanceOf(ConflictError);
  });

  it('a new version rewrites the index of the achievements it counts; archiving stops awards', async () => {
    const v1 = await define();
    const c = await world.achievement({ name: 'C' });
    const v2 = await updatePathway({ pathways, achievements: world.repos.achievements, clock: world.clock }, v1.id, { requirements: [{ kind: 'all', achievementIds: [ids.a, c.id] }] }, designer);
    expect(v2.version).toBe(2);
    expect(await pathways.countingAchievement(ids.b)).toEqual([]);
    expect(await pathways.countingAchievement(c.id)).toEqual([v1.id]);
    expect((await pathways.getVersion(v1.id, 1))?.requirements[0]?.achievementIds).toEqual([ids.a, ids.b]);
    const archived = await updatePathway({ pathways, achievements: world.repos.achievements, clock: world.clock }, v1.id, { lifecycle: 'archived' }, designer);
    expect(archived).toMatchObject({ version: 2, lifecycle: 'archived' });
    const first = await issue(ids.a, 'lee@example.org');
    await issue(c.id, 'lee@example.org');
    expect(await advancePathways(deps, first.id)).toEqual([]);
  });

  it.each([
    ['A then B', ['a', 'b'] as const],
    ['B then A', ['b', 'a'] as const],
  ])('%s: progress, then Z requested once through requestIssuance, with both credentials as evidence', async (_, order) => {
    await define();
    const first = await issue(ids[order[0]], 'Lee@Example.org');
    expect(await advancePathways(deps, first.id)).toEqual([{ pathwayId: 'ab-to-z', outcome: 'progressed', counted: 1, required: 2 }]);
    const second = await issue(ids[order[1]], 'lee@example.org');
    expect(await advancePathways(deps, second.id)).toEqual([{ pathwayId: 'ab-to-z', outcome: 'awarded', counted: 2, required: 2 }]);

    const [z] = zIssuances();
    expect(zIssuances()).toHaveLength(1);
    const learnerKey = `email:${world.repos.learnerKeys.keyFor('lee@example.org')}`;
    expect(z).toMatchObject({ id: awardIds('ab-to-z', 1, learnerKey).issuanceId, requestedBy: { id: 'pathway:ab-to-z' }, recipient: { email: 'lee@example.org', name: 'Lee Learner' } });
    const evidence = (z!.award as { evidence: { id: string }[] }).evidence.map((e) => e.id).sort();
    expect(evidence).toEqual([first.id, second.id].map((id) => `${world.settings.publicBaseUrl}credentials/${id}`).sort());
    // The workflow started, under the issuance's name, and the trail names the pathway as a system actor.
    expect(world.issuanceMachine.starts).toEqual(expect.arrayContaining([expect.objectContaining({ name: z!.id, started: true })]));
    expect((await world.repos.audit.list({ type: 'issuance', id: String(z!.id) }))[0]?.actor).toMatchObject({ kind: 'system', id: 'pathway:ab-to-z' });

    expect(events('PathwayProgressed').map((e) => [e.counted, e.required, e.satisfied])).toEqual([[1, 2, false], [2, 2, true]]);
    expect(events('PathwayCompleted')).toHaveLength(1);
    expect(events('PathwayCompleted')[0]).toMatchObject({ pathwayId: 'ab-to-z', pathwayVersion: 1, issuanceId: z!.id, constituentCredentialIds: expect.arrayContaining([first.id, second.id]) });
    // No learner data in the events: a pseudonymous id, never the email or its index key.
    expect(JSON.stringify(world.bus.published)).not.toMatch(/lee@example|Lee Learner/i);
    expect(JSON.stringify(world.bus.published)).not.toContain(learnerKey);

    // Each evaluation again (a retry, a late duplicate) finds the award made.
    expect((await advancePathways(deps, second.id))[0]?.outcome).toBe('already-awarded');
    expect((await advancePathways(deps, first.id))[0]?.outcome).toBe('already-awarded');
    expect(zIssuances()).toHaveLength(1);
    expect(events('PathwayCompleted')).toHaveLength(1);
  });

  it('two constituents evaluated at the same moment award Z once', async () => {
    await define();
    const [a, b] = [await issue(ids.a, 'kim@example.org'), await issue(ids.b, 'kim@example.org')];
    const outcomes = (await Promise.all([advancePathways(deps, a.id), advancePathways(deps, b.id)])).flat().map((r) => r.outcome).sort();
    expect(outcomes.filter((o) => o === 'awarded')).toHaveLength(1);
    expect(zIssuances()).toHaveLength(1);
    expect(events('PathwayCompleted')).toHaveLength(1);
  });

  it('an evaluation that stopped after its claim is finished by the next one, under the same ids', async () => {
    await define();
    const [a, b] = [await issue(ids.a, 'sam@example.org'), await issue(ids.b, 'sam@example.org')];
    const failing: AdvanceDeps = { ...deps, requestAward: async () => Promise.reject(new Error('the state machine is throttled')) };
    await expect(advancePathways(failing, b.id)).rejects.toThrow('throttled');
    expect(zIssuances()).toHaveLength(0);
    // The retry finds the claim without its issuance, and makes the request the claim names.
    expect((await advancePathways(deps, b.id))[0]?.outcome).toBe('awarded');
    expect(zIssuances()).toHaveLength(1);
    expect(zIssuances()[0]?.id).toBe((await pathways.listAwards('ab-to-z', { limit: 1 })).items[0]?.issuanceId);
    expect(events('PathwayCompleted')).toHaveLength(1);
    expect((await advancePathways(deps, a.id))[0]?.outcome).toBe('already-awarded');
    expect(zIssuances()).toHaveLength(1);
  });

  it('does not combine two learners, and treats a Z the learner already holds as the award', async () => {
    await define();
    await issue(ids.a, 'one@example.org');
    const other = await issue(ids.b, 'two@example.org');
    expect((await advancePathways(deps, other.id))[0]?.outcome).toBe('progressed');

    await issue(ids.z, 'three@example.org');
    await issue(ids.a, 'three@example.org');
    const last = await issue(ids.b, 'three@example.org');
    expect((await advancePathways(deps, last.id))[0]?.outcome).toBe('held');
    expect(zIssuances()).toHaveLength(1);
    expect(events('PathwayCompleted')).toHaveLength(0);
  });

  it("reports a learner's progress for staff: \"1 of 2 toward Z\", then the award", async () => {
    await define();
    const a = await issue(ids.a, 'pat@example.org');
    const progressDeps = { ...deps, pathways, achievements: world.repos.achievements };
    expect(await progressOf(progressDeps, 'ab-to-z', { email: 'PAT@example.org' })).toMatchObject({ summary: '1 of 2 toward Z', satisfied: false, groups: [{ counted: [a.id] }] });
    const b = await issue(ids.b, 'pat@example.org');
    await advancePathways(deps, b.id);
    expect(await progressOf(progressDeps, 'ab-to-z', { email: 'pat@example.org' })).toMatchObject({ summary: '2 of 2 toward Z', satisfied: true, award: { outcome: 'requested' } });
  });

  it("lists the pathways a learner is on, for their claim page: by name, with progress, none they have not begun", async () => {
    await define();
    const other = await world.achievement({ name: 'Other' });
    await definePathway({ pathways, achievements: world.repos.achievements, clock: world.clock }, createPathwayBody.parse({ id: 'not-begun', name: 'Not begun', targetAchievementId: ids.z, requirements: [{ kind: 'all', achievementIds: [other.id] }] }), designer);
    await issue(ids.a, 'cam@example.org');
    const onClaimPage = await learnerPathways({ ...deps, achievements: world.repos.achievements }, { email: 'cam@example.org' });
    expect(onClaimPage).toEqual([{ pathwayId: 'ab-to-z', name: 'A and B', target: 'Z', counted: 1, required: 2, satisfied: false, awarded: false, summary: '1 of 2 toward Z' }]);
  });

  describe('revoking a constituent', () => {
    async function awarded(onRevoke: 'review' | 'suspend') {
      await define({ onRevoke });
      const a = await issue(ids.a, 'rev@example.org');
      const b = await issue(ids.b, 'rev@example.org');
      await advancePathways(deps, b.id);
      const [z] = zIssuances();
      // Z's credential, as its Store step writes it.
      await world.repos.credentials.putOnce({ id: String(z!.credentialId), issuanceId: String(z!.id), achievementId: ids.z, achievementVersion: 1, issuerId: world.issuerId, status: 'ACTIVE', issuedAt: world.clock.now().toISOString(), artifact: { key: 'k', sha256: 'x' }, verificationMethod: 'v', signingKeyId: 'k', statusPosition: { listNo: 0, index: ++position } });
      const suspended: string[] = [];
      const ruleDeps = {
        pathways,
        credentials: world.repos.credentials,
        audit: world.repos.audit,
        clock: world.clock,
        suspend: async (id: string, actor: { name: string }, reason: string) => {
          suspended.push(id);
          return world.repos.credentials.suspend(id, { by: actor.name, at: world.clock.now().toISOString(), reason });
        },
      };
      return { a, zCredentialId: String(z!.credentialId), suspended, ruleDeps };
    }

    it('suspend: Z is suspended once, through the status change', async () => {
      const { a, zCredentialId, suspended, ruleDeps } = await awarded('suspend');
      expect(await applyRevocationRules(ruleDeps, a)).toEqual([{ pathwayId: 'ab-to-z', applied: 'suspend' }]);
      expect((await world.repos.credentials.get(zCredentialId))?.status).toBe('SUSPENDED');
      expect(await applyRevocationRules(ruleDeps, a)).toEqual([]);
      expect(suspended).toEqual([zCredentialId]);
      expect((await pathways.listAwards('ab-to-z', { limit: 10 })).items[0]?.revocations).toMatchObject([{ credentialId: a.id, applied: 'suspend' }]);
    });

    it('review: Z is flagged for review with an audit event, once; its status stays', async () => {
      const { a, zCredentialId, suspended, ruleDeps } = await awarded('review');
      expect(await applyRevocationRules(ruleDeps, a)).toEqual([{ pathwayId: 'ab-to-z', applied: 'review' }]);
      expect(await applyRevocationRules(ruleDeps, a)).toEqual([]);
      const z = await world.repos.credentials.get(zCredentialId);
      expect(z).toMatchObject({ status: 'ACTIVE', review: { pathwayId: 'ab-to-z', constituentCredentialId: a.id } });
      expect(suspended).toEqual([]);
      const trail = await world.repos.audit.list({ type: 'credential', id: zCredentialId });
      expect(trail.map((e) => e.action)).toEqual(['FLAGGED_FOR_REVIEW']);
    });

    it('a credential that counted toward nothing changes nothing', async () => {
      const { ruleDeps } = await awarded('suspend');
      const loose = await issue(ids.a, 'else@example.org');
      expect(await applyRevocationRules(ruleDeps, loose)).toEqual([]);
    });
  });
});
