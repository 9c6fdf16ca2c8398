import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import type { Completion, CompletionRepository } from '../../shared/entities/completion';
import type { CompletionSource } from '../../shared/entities/completion-source';
import type { CourseMapping } from '../../shared/entities/course-mapping';
import { memoryIntegrationSecrets } from '../../shared/integrations/integration-secrets';
import { checkSignature, signedHeaders } from '../../shared/integrations/webhook-signature';
import { authenticateBearer, authenticateSigned, PREVIOUS_SECRET_HOURS } from '../../shared/use-cases/completion-sources';
import { receiveCompletion, type CompletionDeps, type ReportedCompletion } from '../../shared/use-cases/completions';
import { LearnerHoldsError } from '../../shared/use-cases/issuances';
import type { LearnerKeyer } from '../../shared/ports';

/**
 * Completions in, on in-memory ports: the exactly-once rules (a redelivery, two deliveries at
 * once), what is kept as failed and carried out later, and the receivers' authentication.
 */
const now = new Date('2026-12-01T12:00:00Z');
const clock = { now: () => now };
const keys: LearnerKeyer = { ready: async () => undefined, keyFor: (id) => createHmac('sha256', 'test').update(id).digest('hex') };

/** The repository's conditions, in memory: the attempt guards every mark, as the table's conditions do. */
function memoryCompletions(): Pick<CompletionRepository, 'receive' | 'get' | 'refresh' | 'markRequested' | 'markHeld' | 'markFailed' | 'nextAttempt'> & { all: Map<string, Completion> } {
  const all = new Map<string, Completion>();
  const guarded = async (id: string, attempt: number, change: Partial<Completion>) => {
    const c = all.get(id);
    if (!c || c.attempt !== attempt) return undefined;
    const next = { ...c, ...change };
    all.set(id, next);
    return next;
  };
  return {
    all,
    async receive(c) {
      const existing = all.get(c.id);
      if (!existing) return all.set(c.id, c), { created: true, completion: c };
      const counted = { ...existing, received: existing.received + 1, lastReceivedAt: c.receivedAt };
      all.set(c.id, counted);
      return { created: false, completion: counted };
    },
    get: async (id) => all.get(id),
    async refresh({ id }, d) {
      const c = all.get(id);
      if (!c || c.status !== 'FAILED') return undefined;
      const next = { ...c, ...JSON.parse(JSON.stringify(d)) };
      all.set(id, next);
      return next;
    },
    markRequested: (id, attempt, ids) => guarded(id, attempt, { status: 'REQUESTED', ...ids, failure: undefined }),
    markHeld: (id, attempt) => guarded(id, attempt, { status: 'HELD', failure: undefined }),
    markFailed: (id, attempt, failure) => guarded(id, attempt, { status: 'FAILED', failure }),
    nextAttempt: async (id, from) => guarded(id, from, { attempt: from + 1, status: 'RECEIVED' }),
  };
}

const SOURCE: CompletionSource = { id: 'banner', name: 'Banner', kind: 'webhook', status: 'active', secretVersion: 1, createdAt: 'x', createdBy: { id: 'a', name: 'a' }, updatedAt: 'x' };
const MAPPING: CourseMapping = { sourceId: 'banner', courseId: 'CS-101', achievementId: 'cs-one', policy: 'issue', scoreResultKey: 'score', courseAsEvidence: true, publishName: false, updatedAt: 'x', updatedBy: { id: 'd', name: 'd' } };

function world(options: { mapped?: boolean; holds?: boolean } = {}) {
  const completions = memoryCompletions();
  const mappings = new Map<string, CourseMapping>(options.mapped === false ? [] : [['banner/CS-101', MAPPING]]);
  const requests: { issuanceId: string; input: unknown; requireApproval: boolean | undefined }[] = [];
  const deps: CompletionDeps = {
    sources: { get: async (id) => (id === SOURCE.id ? SOURCE : undefined) },
    mappings: { get: async (s, c) => mappings.get(`${s}/${c}`) },
    completions,
    learnerKeys: keys,
    emailOfStudent: async (n) => (n === 'S-KNOWN' ? 'known@example.edu' : undefined),
    async requestIssuance(input, ids) {
      if (options.holds) throw new LearnerHoldsError('holds');
      requests.push({ issuanceId: ids.issuanceId, input, requireApproval: ids.origin?.requireApproval });
      return { issuance: { id: ids.issuanceId } as never, replayed: requests.filter((r) => r.issuanceId === ids.issuanceId).length > 1 };
    },
    clock,
  };
  return { deps, completions, mappings, requests };
}

const reported = (over: Partial<ReportedCompletion> = {}): ReportedCompletion => ({
  sourceId: 'banner',
  via: 'webhook',
  courseId: 'CS-101',
  learner: { email: 'Grace@Example.edu', name: 'Grace Hopper' },
  completedAt: '2026-11-30T10:00:00Z',
  score: 91,
  evidenceUrl: 'https://lms.example.edu/c/1',
  ...over,
});

describe('receiving a completion', () => {
  it('requests once, with the score as its result and the course as evidence; a redelivery at another time is the same completion', async () => {
    const w = world();
    const first = await receiveCompletion(w.deps, reported());
    expect(first).toMatchObject({ status: 'REQUESTED', duplicate: false });
    expect(w.requests[0]!.input).toMatchObject({
      achievementId: 'cs-one',
      recipient: { email: 'Grace@Example.edu', publishName: false },
      results: [{ resultKey: 'score', value: '91' }],
      evidence: [{ id: 'https://lms.example.edu/c/1', genre: 'Course completion' }],
      completedAt: '2026-11-30T10:00:00Z',
    });
    const again = await receiveCompletion(w.deps, reported({ completedAt: '2026-12-01T09:00:00Z', learner: { email: 'grace@example.edu' } }));
    expect(again).toMatchObject({ completionId: first.completionId, duplicate: true, issuanceId: first.issuanceId });
    expect(w.requests).toHaveLength(1);
    expect(w.completions.all.get(first.completionId)!.received).toBe(2);
  });

  it('turns two deliveries at once into requests for the same issuance id (the issuing core makes it one)', async () => {
    const w = world();
    const [a, b] = await Promise.all([receiveCompletion(w.deps, reported()), receiveCompletion(w.deps, reported())]);
    expect(a.completionId).toBe(b.completionId);
    expect(new Set(w.requests.map((r) => r.issuanceId)).size).toBe(1);
  });

  it('keeps an unmapped course as failed; a delivery after it is mapped requests it', async () => {
    const w = world({ mapped: false });
    const kept = await receiveCompletion(w.deps, reported());
    expect(kept).toMatchObject({ status: 'FAILED', failure: { reason: 'UNMAPPED_COURSE' } });
    expect(w.requests).toHaveLength(0);
    w.mappings.set('banner/CS-101', MAPPING);
    expect(await receiveCompletion(w.deps, reported())).toMatchObject({ status: 'REQUESTED', duplicate: true });
    expect(w.requests).toHaveLength(1);
  });

  it('finds the address of a known student number; keeps an unknown one as UNKNOWN_LEARNER', async () => {
    const w = world();
    expect(await receiveCompletion(w.deps, reported({ learner: { studentNumber: 'S-KNOWN' } }))).toMatchObject({ status: 'REQUESTED' });
    expect(w.requests[0]!.input).toMatchObject({ recipient: { email: 'known@example.edu', studentId: 'S-KNOWN' } });
    expect(await receiveCompletion(w.deps, reported({ learner: { studentNumber: 'S-NEW' } }))).toMatchObject({ status: 'FAILED', failure: { reason: 'UNKNOWN_LEARNER' } });
    expect(await receiveCompletion(w.deps, reported({ learner: { email: 'not an address', externalId: '77' } }))).toMatchObject({ status: 'FAILED', failure: { reason: 'UNKNOWN_LEARNER' } });
  });

  it('records a learner who holds the achievement already as HELD, and an approval mapping as requiring approval', async () => {
    expect(await receiveCompletion(world({ holds: true }).deps, reported())).toMatchObject({ status: 'HELD' });
    const w = world();
    w.mappings.set('banner/CS-101', { ...MAPPING, policy: 'approval' });
    await receiveCompletion(w.deps, reported());
    expect(w.requests[0]!.requireApproval).toBe(true);
  });

  it('refuses a completion that names nobody', async () => {
    await expect(receiveCompletion(world().deps, reported({ learner: { name: 'Nobody' } }))).rejects.toThrow('does not say who');
  });
});

describe('authenticating a source', () => {
  const secrets = memoryIntegrationSecrets(Buffer.alloc(32, 7));
  const seen = new Set<string>();
  const replays = { claim: async (hash: string) => (seen.has(hash) ? false : (seen.add(hash), true)) };
  const sources = (s: CompletionSource) => ({ get: async (id: string) => (id === s.id ? s : undefined) });

  it('takes the current secret and, during the overlap, the previous one; refuses a replay, a stale time and another kind', async () => {
    const rotated = { ...SOURCE, secretVersion: 2, previousSecretUntil: new Date(now.getTime() + PREVIOUS_SECRET_HOURS * 3_600_000).toISOString() };
    const deps = { sources: sources(rotated), secrets, replays, clock };
    const body = '{"a":1}';
    for (const version of [2, 1]) {
      const h = signedHeaders(await secrets.secretFor('source-signing', 'banner', version), body, now);
      await expect(authenticateSigned(deps, { sourceId: 'banner', timestamp: h['laurel-timestamp'], signature: h['laurel-signature'], rawBody: body })).resolves.toMatchObject({ id: 'banner' });
      await expect(authenticateSigned(deps, { sourceId: 'banner', timestamp: h['laurel-timestamp'], signature: h['laurel-signature'], rawBody: body })).rejects.toThrow('used already');
    }
    const old = signedHeaders(await secrets.secretFor('source-signing', 'banner', 1), body, now);
    const after = { ...deps, sources: sources({ ...rotated, previousSecretUntil: '2026-11-01T00:00:00Z' }) };
    await expect(authenticateSigned(after, { sourceId: 'banner', timestamp: old['laurel-timestamp'], signature: old['laurel-signature'], rawBody: body })).rejects.toThrow('does not match');
    const stale = signedHeaders(await secrets.secretFor('source-signing', 'banner', 2), body, new Date(now.getTime() - 301_000));
    await expect(authenticateSigned(deps, { sourceId: 'banner', timestamp: stale['laurel-timestamp'], signature: stale['laurel-signature'], rawBody: body })).rejects.toThrow('300 s');
    await expect(authenticateSigned({ ...deps, sources: sources({ ...SOURCE, kind: 'moodle' }) }, { sourceId: 'banner', timestamp: '1', signature: 'v1=00', rawBody: body })).rejects.toThrow('not signed by an active webhook source');
  });

  it('checks a bearer token in constant time, only for an active Moodle source', async () => {
    const moodle = { ...SOURCE, kind: 'moodle' as const };
    const token = await secrets.secretFor('source-token', 'banner', 1);
    const deps = { sources: sources(moodle), secrets, clock };
    await expect(authenticateBearer(deps, { sourceId: 'banner', authorization: `Bearer ${token}` })).resolves.toMatchObject({ kind: 'moodle' });
    await expect(authenticateBearer(deps, { sourceId: 'banner', authorization: `Bearer ${'x'.repeat(43)}` })).rejects.toThrow('not this source');
    await expect(authenticateBearer(deps, { sourceId: 'banner', authorization: token })).rejects.toThrow('Bearer');
    await expect(authenticateBearer({ ...deps, sources: sources({ ...moodle, status: 'disabled' }) }, { sourceId: 'banner', authorization: `Bearer ${token}` })).rejects.toThrow('active moodle source');
  });

  it('parses the signature header within bounds, whatever it holds', () => {
    const base = { timestamp: String(Math.floor(now.getTime() / 1000)), rawBody: 'x', secrets: ['s'], now };
    expect(checkSignature({ ...base, signature: 'v1=' + 'a'.repeat(2000) }).refusal).toBe('bad-signature');
    expect(checkSignature({ ...base, signature: 'v0=abc, v1=' }).refusal).toBe('bad-signature');
    expect(checkSignature({ ...base, timestamp: '12e3', signature: 'v1=00' }).refusal).toBe('bad-timestamp');
    const good = signedHeaders('s', 'x', now)['laurel-signature']!;
    expect(checkSignature({ ...base, signature: `v1=${'0'.repeat(64)} ${good}` }).ok).toBe(true);
  });
});
