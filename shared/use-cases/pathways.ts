import { randomUUID } from 'node:crypto';
import type { CreatePathwayBody, UpdatePathwayBody } from '../api/schemas';
import type { RequestIssuanceBody } from '../domain/award';
import type { Principal } from '../domain/staff';
import type { AchievementRepository } from '../entities/achievement';
import type { AuditLog } from '../entities/audit';
import type { CredentialRecord, CredentialRepository } from '../entities/credential';
import { decodeCursor, encodeCursor } from '../entities/cursor';
import { isErased, learnerOf, type Issuance, type IssuanceRepository } from '../entities/issuance';
import { learnerIndexKey, type LearnerRepository } from '../entities/learner';
import { constituentAchievements, type Pathway, type PathwayAward, type PathwayRepository } from '../entities/pathway';
import { derivedUuid } from '../derived-id';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { DETAIL_TYPES, type PathwayCompletedV1, type PathwayProgressedV1 } from '../../events/schemas';
import type { Clock } from '../clock';
import type { EventBus, LearnerKeyer } from '../ports';
import { publicUrls } from '../issuer';
import { LearnerHoldsError, type SystemRequest } from './issuances';
import type { StatusActor } from './credential-status';

/**
 * Pathways: declarative rules that award an achievement (Z) by themselves — all of {A, B}; any n
 * of {C, D, E}; optionally within a time window; optionally only credentials still valid — once
 * per learner and pathway version, through the issuing core (requestIssuance: Z's own evidence
 * rules and approval policy), with the constituent credentials as Z's evidence, by URL.
 *
 * Who "the learner" is: the learner index's EMAIL key (shared/entities/learner.ts,
 * `LEARNER#email:<hmac>`). Every issuance names an email; a student number is optional, given by
 * some requests and not others, and means something only within one institution's records — a
 * pathway keyed by it would miss constituents issued without it. A learner who changes their
 * address between constituents is two learners to a pathway until staff issue under one address.
 *
 * Exactly once: the award's issuance and credential ids are derived from (pathway, version,
 * learner), so a second evaluation — a retry, or a concurrent one for another constituent —
 * requests the same issuance and finds it ('id-taken', or the holding that issuance took). The
 * award record is claimed first (a conditional put with the constituents' index items), so the
 * constituents Z names are those of the first evaluation to get there. Every read is strongly
 * consistent (base-table items, ConsistentRead): a credential record is written before its
 * CredentialIssued goes out, so of two constituents issued at the same moment, the later
 * evaluation sees both.
 *
 * Credentials from other issuers, presented by the learner, do not count (yet): only Laurel's own.
 */

// ------------------------------------------------------------------ definition

export interface PathwayDefinitionDeps {
  pathways: Pick<PathwayRepository, 'create' | 'getLatest' | 'getVersion' | 'createVersion' | 'setLifecycle' | 'list'>;
  achievements: Pick<AchievementRepository, 'getLatest'>;
  clock: Clock;
}

/** Z's evidence holds at most 20 entries (requestIssuanceBody): one per constituent. */
const MAX_CONSTITUENTS = 20;

/** What makes a definition impossible or meaningless, and the achievements it names. */
async function checkDefinition(deps: Pick<PathwayDefinitionDeps, 'achievements'>, p: Pick<Pathway, 'targetAchievementId' | 'requirements'>) {
  const problems: { path: string; message: string }[] = [];
  const counted = constituentAchievements(p);
  if (counted.includes(p.targetAchievementId)) problems.push({ path: 'body.requirements', message: 'a pathway cannot count the achievement it awards' });
  if (counted.length > MAX_CONSTITUENTS) problems.push({ path: 'body.requirements', message: `at most ${MAX_CONSTITUENTS} different achievements (each becomes one evidence entry of the award)` });
  p.requirements.forEach((r, i) => {
    if (new Set(r.achievementIds).size !== r.achievementIds.length) problems.push({ path: `body.requirements.${i}.achievementIds`, message: 'names an achievement twice' });
    if (r.kind === 'anyOf' && r.count > r.achievementIds.length) problems.push({ path: `body.requirements.${i}.count`, message: `asks for ${r.count} of ${r.achievementIds.length} achievements` });
  });
  const found = await Promise.all([p.targetAchievementId, ...counted].map(async (id) => [id, await deps.achievements.getLatest(id)] as const));
  for (const [id, a] of found) if (!a) problems.push({ path: id === p.targetAchievementId ? 'body.targetAchievementId' : 'body.requirements', message: `no achievement '${id}'` });
  if (problems.length) throw new ValidationError('The pathway cannot be defined so.', problems);
  return found[0]![1]!;
}

export async function definePathway(deps: PathwayDefinitionDeps, input: CreatePathwayBody, actor: Principal): Promise<Pathway> {
  const { id, ...fields } = input;
  const target = await checkDefinition(deps, fields);
  const pathway: Pathway = {
    ...fields,
    id: id ?? randomUUID(),
    version: 1,
    issuerId: target.issuerId,
    lifecycle: 'active',
    createdAt: deps.clock.now().toISOString(),
    createdBy: actor.name,
  };
  if (!(await deps.pathways.create(pathway))) throw new ConflictError(`A pathway with id '${pathway.id}' already exists.`);
  return pathway;
}

/**
 * A change writes version n+1 (awards already made keep the version they satisfied; a learner
 * may complete the new version and be awarded again, if Z's policy allows repeats). Archiving or
 * restoring alone changes the state, not the rule.
 */
export async function updatePathway(deps: PathwayDefinitionDeps, id: string, patch: UpdatePathwayBody, actor: Principal): Promise<Pathway> {
  const current = await getPathway(deps, id);
  const { lifecycle, changeNote, withinDays, ...fields } = patch;
  const changes = Object.keys(fields).length > 0 || withinDays !== undefined;
  let latest = current;
  if (changes) {
    if (current.lifecycle === 'archived') throw new ConflictError('The pathway is archived: restore it before changing it.');
    const { withinDays: _w, changeNote: _c, ...kept } = current;
    const next: Pathway = {
      ...kept,
      ...fields,
      ...(withinDays === undefined ? (current.withinDays ? { withinDays: current.withinDays } : {}) : withinDays === null ? {} : { withinDays }),
      ...(changeNote ? { changeNote } : {}),
      version: current.version + 1,
      createdAt: deps.clock.now().toISOString(),
      createdBy: actor.name,
    };
    const target = await checkDefinition(deps, next);
    next.issuerId = target.issuerId;
    if (!(await deps.pathways.createVersion(next, current))) throw new ConflictError('The pathway changed a moment ago; read it and try again.');
    latest = next;
  }
  if (lifecycle && lifecycle !== latest.lifecycle) {
    const moved = await deps.pathways.setLifecycle(id, latest.lifecycle, lifecycle);
    if (!moved) throw new ConflictError('The pathway changed a moment ago; read it and try again.');
    latest = moved;
  }
  return latest;
}

export async function getPathway(deps: { pathways: Pick<PathwayRepository, 'getLatest' | 'getVersion'> }, id: string, version?: number): Promise<Pathway> {
  const p = version === undefined ? await deps.pathways.getLatest(id) : await deps.pathways.getVersion(id, version);
  if (!p) throw new NotFoundError(version === undefined ? `No pathway with id '${id}'.` : `Pathway '${id}' has no version ${version}.`);
  return p;
}

export async function listPathways(deps: Pick<PathwayDefinitionDeps, 'pathways'>, q: { limit: number; cursor?: string | undefined }) {
  const after = decodeCursor(q.cursor, { GSI1PK: 'PATHWAYS' });
  const { items, next } = await deps.pathways.list({ limit: q.limit, after });
  return { items, ...(next ? { cursor: encodeCursor(next) } : {}) };
}

// ------------------------------------------------------------------ evaluation

/** One credential a learner holds, as a pathway counts it. */
export interface HeldCredential {
  credentialId: string;
  achievementId: string;
  issuedAt: string;
  status: CredentialRecord['status'];
  validUntil?: string | undefined;
  superseded?: boolean;
}

export interface GroupProgress {
  kind: 'all' | 'anyOf';
  achievementIds: string[];
  required: number;
  met: number;
  /** The credentials counted toward this group (one per achievement). */
  counted: string[];
}
export interface PathwayProgress {
  satisfied: boolean;
  /** Constituents counted, of those required, over all groups: "2 of 3 toward Z". */
  counted: number;
  required: number;
  groups: GroupProgress[];
  /** The credentials counted (each once), with their achievements: what Z is awarded from. */
  constituents: HeldCredential[];
}

const DAY_MS = 86_400_000;

/** Whether a credential counts at all, and (onlyValid) whether it is still valid at `now`. */
function counts(p: Pick<Pathway, 'onlyValid'>, c: HeldCredential, now: Date): boolean {
  // A revoked credential never counts: revocation says it should not have been issued.
  if (c.status === 'REVOKED') return false;
  if (!p.onlyValid) return true;
  return c.status === 'ACTIVE' && !c.superseded && (!c.validUntil || Date.parse(c.validUntil) > now.getTime());
}

/** The groups as the credentials of one window meet them (per achievement, its newest credential there). */
function groupsOver(p: Pick<Pathway, 'requirements'>, window: HeldCredential[]): GroupProgress[] {
  const newest = new Map<string, HeldCredential>();
  for (const c of window) {
    const seen = newest.get(c.achievementId);
    if (!seen || c.issuedAt > seen.issuedAt) newest.set(c.achievementId, c);
  }
  return p.requirements.map((r) => {
    const present = r.achievementIds.map((a) => newest.get(a)).filter((c): c is HeldCredential => c !== undefined);
    const required = r.kind === 'all' ? r.achievementIds.length : r.count;
    // anyOf: the newest `count` of those present.
    const chosen = r.kind === 'all' ? present : [...present].sort((a, b) => b.issuedAt.localeCompare(a.issuedAt)).slice(0, required);
    return { kind: r.kind, achievementIds: r.achievementIds, required, met: Math.min(required, chosen.length), counted: chosen.map((c) => c.credentialId) };
  });
}

/**
 * How far a learner's credentials take them along a pathway, in whatever order they were issued.
 * A credential counts toward every group naming its achievement. With `withinDays`, the counted
 * credentials must all lie within that many days of each other: each window starting at one of
 * them is tried, and the first that satisfies every group (else the one that meets the most) is
 * the answer.
 */
export function evaluatePathway(p: Pick<Pathway, 'requirements' | 'withinDays' | 'onlyValid'>, held: readonly HeldCredential[], now: Date): PathwayProgress {
  const wanted = new Set(constituentAchievements(p));
  const eligible = held.filter((c) => wanted.has(c.achievementId) && counts(p, c, now)).sort((a, b) => a.issuedAt.localeCompare(b.issuedAt));
  const windows = p.withinDays
    ? eligible.map((start) => eligible.filter((c) => Date.parse(c.issuedAt) >= Date.parse(start.issuedAt) && Date.parse(c.issuedAt) - Date.parse(start.issuedAt) <= p.withinDays! * DAY_MS))
    : [eligible];
  let best: GroupProgress[] | undefined;
  let bestMet = -1;
  for (const window of windows.length ? windows : [[]]) {
    const groups = groupsOver(p, window);
    const met = groups.reduce((n, g) => n + g.met, 0);
    if (groups.every((g) => g.met >= g.required)) {
      best = groups;
      break;
    }
    // Ties go to the later window: the most recent progress is the one a learner can build on.
    if (met >= bestMet) {
      best = groups;
      bestMet = met;
    }
  }
  const groups = best!;
  const ids = new Set(groups.flatMap((g) => g.counted));
  return {
    satisfied: groups.every((g) => g.met >= g.required),
    counted: groups.reduce((n, g) => n + g.met, 0),
    required: groups.reduce((n, g) => n + g.required, 0),
    groups,
    constituents: eligible.filter((c) => ids.has(c.credentialId)),
  };
}

// ------------------------------------------------------------------ a learner's credentials

export interface LearnerCredentialDeps {
  learners: Pick<LearnerRepository, 'entries'>;
  learnerKeys: LearnerKeyer;
  credentials: Pick<CredentialRepository, 'get'>;
}

/** The learner index key pathways know a learner by (see the module's comment: the email). */
export async function pathwayLearnerKey(deps: Pick<LearnerCredentialDeps, 'learnerKeys'>, email: string): Promise<string> {
  await deps.learnerKeys.ready();
  return learnerIndexKey(deps.learnerKeys, { email });
}

/** A pseudonymous id for events: the same learner under every pathway, not the table's key. */
export const eventLearnerId = (learnerKey: string) => derivedUuid(['laurel-pathway-learner', learnerKey], { version: '8', variant: 'a' });

/**
 * The learner's credentials of these achievements, read strongly consistently: the learner
 * index's entries, then each credential record (absent while its issuance is still under way).
 */
export async function heldCredentials(deps: LearnerCredentialDeps, learnerKey: string, achievementIds: readonly string[]): Promise<HeldCredential[]> {
  const wanted = new Set(achievementIds);
  const entries = (await deps.learners.entries(learnerKey)).filter((e) => wanted.has(e.achievementId));
  const records = await Promise.all([...new Set(entries.map((e) => e.credentialId))].map((id) => deps.credentials.get(id)));
  return records
    .filter((r): r is CredentialRecord => r !== undefined)
    .map((r) => ({ credentialId: r.id, achievementId: r.achievementId, issuedAt: r.issuedAt, status: r.status, validUntil: r.validUntil, superseded: r.supersededBy !== undefined }));
}

/** A learner's progress along a pathway (its latest version, or `version`), for staff. */
export async function progressOf(
  deps: LearnerCredentialDeps & { pathways: Pick<PathwayRepository, 'getLatest' | 'getVersion' | 'getAward'>; clock: Clock; achievements?: Pick<AchievementRepository, 'getLatest'> },
  pathwayId: string,
  learner: { email: string },
  version?: number,
) {
  const pathway = await getPathway(deps, pathwayId, version);
  const learnerKey = await pathwayLearnerKey(deps, learner.email);
  const progress = evaluatePathway(pathway, await heldCredentials(deps, learnerKey, constituentAchievements(pathway)), deps.clock.now());
  const award = await deps.pathways.getAward(pathway.id, pathway.version, learnerKey);
  const target = (await deps.achievements?.getLatest(pathway.targetAchievementId))?.name ?? pathway.targetAchievementId;
  return {
    pathwayId: pathway.id,
    pathwayVersion: pathway.version,
    targetAchievementId: pathway.targetAchievementId,
    learnerId: eventLearnerId(learnerKey),
    summary: `${progress.counted} of ${progress.required} toward ${target}`,
    satisfied: progress.satisfied,
    counted: progress.counted,
    required: progress.required,
    groups: progress.groups.map(({ kind, achievementIds, required, met, counted }) => ({ kind, achievementIds, required, met, counted })),
    ...(award ? { award: awardView(award) } : {}),
  };
}

/**
 * Every active pathway a learner is on (one counting an achievement they were issued), with their
 * progress: what their claim page shows ("2 of 3 toward Data Science"). Names, not ids: it is
 * the learner's own page. Pathways they have not begun are not listed.
 */
export async function learnerPathways(
  deps: LearnerCredentialDeps & { pathways: Pick<PathwayRepository, 'countingAchievement' | 'getLatest' | 'getAward'>; achievements: Pick<AchievementRepository, 'getLatest'>; clock: Clock },
  learner: { email: string },
) {
  const learnerKey = await pathwayLearnerKey(deps, learner.email);
  const achieved = [...new Set((await deps.learners.entries(learnerKey)).map((e) => e.achievementId))];
  const ids = [...new Set((await Promise.all(achieved.map((a) => deps.pathways.countingAchievement(a)))).flat())];
  const pathways = (await Promise.all(ids.map((id) => deps.pathways.getLatest(id)))).filter((p): p is Pathway => p?.lifecycle === 'active');
  const held = await heldCredentials(deps, learnerKey, [...new Set(pathways.flatMap(constituentAchievements))]);
  const now = deps.clock.now();
  return Promise.all(
    pathways
      .map((p) => ({ p, progress: evaluatePathway(p, held, now) }))
      .filter(({ progress }) => progress.counted > 0)
      .map(async ({ p, progress }) => {
        const target = (await deps.achievements.getLatest(p.targetAchievementId))?.name ?? p.targetAchievementId;
        const award = await deps.pathways.getAward(p.id, p.version, learnerKey);
        return { pathwayId: p.id, name: p.name, target, counted: progress.counted, required: progress.required, satisfied: progress.satisfied, awarded: award !== undefined, summary: `${progress.counted} of ${progress.required} toward ${target}` };
      }),
  );
}

const awardView = (a: PathwayAward) => ({
  pathwayVersion: a.pathwayVersion,
  learnerId: eventLearnerId(a.learnerKey),
  issuanceId: a.issuanceId,
  credentialId: a.credentialId,
  outcome: a.outcome,
  awardedAt: a.awardedAt,
  constituents: a.constituents,
  onRevoke: a.onRevoke,
  revocations: a.revocations,
});

/** A pathway's awards (learners who completed it, by version), with what revocations did to them. */
export async function listPathwayAwards(deps: { pathways: Pick<PathwayRepository, 'getLatest' | 'listAwards'> }, pathwayId: string, q: { limit: number; cursor?: string | undefined }) {
  if (!(await deps.pathways.getLatest(pathwayId))) throw new NotFoundError(`No pathway with id '${pathwayId}'.`);
  const after = decodeCursor(q.cursor, { PK: `PATHWAY#${pathwayId}` });
  const { items, next } = await deps.pathways.listAwards(pathwayId, { limit: q.limit, after });
  return { items: items.map(awardView), ...(next ? { cursor: encodeCursor(next) } : {}) };
}

// ------------------------------------------------------------------ advancing on an issue

export interface AdvanceDeps extends LearnerCredentialDeps {
  pathways: Pick<PathwayRepository, 'countingAchievement' | 'getLatest' | 'getAward' | 'claimAward' | 'markHeld'>;
  issuances: Pick<IssuanceRepository, 'get'>;
  eventBus: EventBus;
  clock: Clock;
  publicBaseUrl: string;
  /**
   * Requests Z through the issuing core: requestIssuance with the derived ids and the pathway as
   * a system actor (shared/use-cases/issuances.ts). 'replayed' when that issuance existed.
   */
  requestAward(input: RequestIssuanceBody, ids: SystemRequest, actor: Principal): Promise<{ issuance: Issuance; replayed: boolean }>;
  /** Where a refused award is told (Z archived, a rule that refuses it): retrying would not help. */
  warn?(message: string, detail: Record<string, unknown>): void;
}

export type AdvanceOutcome = 'progressed' | 'awarded' | 'already-awarded' | 'held' | 'refused';

/** Derived from what is awarded, so every evaluation of one award names the same issuance. */
export const awardIds = (pathwayId: string, version: number, learnerKey: string): SystemRequest => ({
  issuanceId: derivedUuid(['pathway-award', pathwayId, String(version), learnerKey], { version: '8', variant: '8' }),
  credentialId: derivedUuid(['pathway-award-credential', pathwayId, String(version), learnerKey], { version: '8', variant: '8' }),
});

const pathwayActor = (p: Pick<Pathway, 'id' | 'version'>): Principal => ({ id: `pathway:${p.id}`, name: `pathway ${p.id} (version ${p.version})`, roles: [], groups: [] });

/**
 * Runs when a credential is issued (CredentialIssued): every pathway counting its achievement is
 * evaluated for its learner, PathwayProgressed goes out for each, and a satisfied one awards Z —
 * once per learner and pathway version, whichever evaluation gets there first. Idempotent: run
 * again for the same credential, it finds the award made and requests nothing new.
 */
export async function advancePathways(deps: AdvanceDeps, credentialId: string): Promise<{ pathwayId: string; outcome: AdvanceOutcome; counted: number; required: number }[]> {
  const credential = await deps.credentials.get(credentialId);
  // Written before CredentialIssued is published, and read consistently: absent means gone since
  // (a learner's erasure) or never ours. Nothing to advance, and no retry would find it.
  if (!credential) {
    deps.warn?.('CredentialIssued names no credential record', { credentialId });
    return [];
  }
  const pathwayIds = await deps.pathways.countingAchievement(credential.achievementId);
  if (!pathwayIds.length) return [];
  const issuance = await deps.issuances.get(credential.issuanceId);
  // An erased learner is no one any more: nothing is awarded to them.
  if (!issuance || isErased(issuance)) return [];
  const recipient = learnerOf(issuance);
  const learnerKey = await pathwayLearnerKey(deps, recipient.email);
  const pathways = (await Promise.all(pathwayIds.map((id) => deps.pathways.getLatest(id)))).filter((p): p is Pathway => p !== undefined && p.lifecycle === 'active');
  const held = await heldCredentials(deps, learnerKey, [...new Set(pathways.flatMap(constituentAchievements))]);
  const results = [];
  for (const pathway of pathways) {
    const now = deps.clock.now();
    const progress = evaluatePathway(pathway, held, now);
    const result = { pathwayId: pathway.id, counted: progress.counted, required: progress.required };
    const claimed = await deps.pathways.getAward(pathway.id, pathway.version, learnerKey);
    if (claimed) {
      // A claim whose request never went out (its evaluation stopped between the two) is finished
      // here, from the claim; one whose issuance exists is the award, made.
      const made = claimed.outcome === 'held' || (await deps.issuances.get(claimed.issuanceId)) !== undefined;
      results.push({ ...result, outcome: made ? ('already-awarded' as const) : await award(deps, pathway, learnerKey, recipient, progress, now) });
      continue;
    }
    const learnerId = eventLearnerId(learnerKey);
    const progressed: PathwayProgressedV1 = {
      version: '1',
      pathwayId: pathway.id,
      pathwayVersion: pathway.version,
      targetAchievementId: pathway.targetAchievementId,
      learnerId,
      credentialId,
      counted: progress.counted,
      required: progress.required,
      satisfied: progress.satisfied,
      progressedAt: now.toISOString(),
    };
    await deps.eventBus.publish([{ detailType: DETAIL_TYPES.pathwayProgressed, detail: progressed }]);
    if (!progress.satisfied) {
      results.push({ ...result, outcome: 'progressed' as const });
      continue;
    }
    results.push({ ...result, outcome: await award(deps, pathway, learnerKey, recipient, progress, now) });
  }
  return results;
}

async function award(
  deps: AdvanceDeps,
  pathway: Pathway,
  learnerKey: string,
  recipient: ReturnType<typeof learnerOf>,
  progress: PathwayProgress,
  now: Date,
): Promise<AdvanceOutcome> {
  const ids = awardIds(pathway.id, pathway.version, learnerKey);
  const urls = publicUrls(deps.publicBaseUrl);
  const claim: PathwayAward = {
    pathwayId: pathway.id,
    pathwayVersion: pathway.version,
    learnerKey,
    targetAchievementId: pathway.targetAchievementId,
    ...ids,
    constituents: progress.constituents.map((c) => ({ credentialId: c.credentialId, achievementId: c.achievementId, url: urls.credential(c.credentialId) })),
    awardedAt: now.toISOString(),
    outcome: 'requested',
    onRevoke: pathway.onRevoke,
    revocations: [],
  };
  // The first evaluation's claim stands; a later one (or a retry) finishes what it began.
  const stored = (await deps.pathways.claimAward(claim)) === 'claimed' ? claim : ((await deps.pathways.getAward(pathway.id, pathway.version, learnerKey)) ?? claim);
  if (stored.outcome === 'held') return 'held';
  const input: RequestIssuanceBody = {
    achievementId: pathway.targetAchievementId,
    recipient: {
      email: recipient.email,
      ...(recipient.name ? { name: recipient.name } : {}),
      publishName: recipient.publishName,
      ...(recipient.studentId ? { studentId: recipient.studentId } : {}),
      ...(recipient.orcid ? { orcid: recipient.orcid } : {}),
    },
    evidence: stored.constituents.map((c) => ({
      id: c.url,
      name: `Credential: ${c.achievementId}`,
      description: `Counted toward the pathway '${pathway.name}' (version ${pathway.version}).`,
      genre: 'Credential',
    })),
    results: [],
    evidenceFiles: [],
    completedAt: now.toISOString(),
  };
  try {
    const { replayed } = await deps.requestAward(input, { issuanceId: stored.issuanceId, credentialId: stored.credentialId }, pathwayActor(pathway));
    if (replayed) return 'already-awarded';
  } catch (e) {
    if (e instanceof LearnerHoldsError) {
      // The learner holds Z already (issued directly, or by another pathway): that is the award.
      await deps.pathways.markHeld(stored);
      return 'held';
    }
    if (e instanceof ConflictError || e instanceof ValidationError) {
      // Z archived, or a request its rules refuse: no retry changes that. The claim stays, so the
      // next constituent issued (after Z is restored) requests it again under the same ids.
      deps.warn?.('a pathway award was refused', { pathwayId: pathway.id, version: pathway.version, error: e.message });
      return 'refused';
    }
    throw e;
  }
  const completed: PathwayCompletedV1 = {
    version: '1',
    pathwayId: pathway.id,
    pathwayVersion: pathway.version,
    targetAchievementId: pathway.targetAchievementId,
    learnerId: eventLearnerId(learnerKey),
    issuanceId: stored.issuanceId,
    credentialId: stored.credentialId,
    constituentCredentialIds: stored.constituents.map((c) => c.credentialId),
    completedAt: now.toISOString(),
  };
  await deps.eventBus.publish([{ detailType: DETAIL_TYPES.pathwayCompleted, detail: completed, resources: [urls.credential(stored.credentialId)] }]);
  return 'awarded';
}

// ------------------------------------------------------------------ revocation

export interface RevocationRuleDeps {
  pathways: Pick<PathwayRepository, 'awardsCounting' | 'getAward' | 'recordRevocation'>;
  credentials: Pick<CredentialRepository, 'get' | 'flagForReview'>;
  audit: Pick<AuditLog, 'append'>;
  clock: Clock;
  /** Suspends Z through the status-change use case (changeCredentialStatus), as `actor`. */
  suspend(credentialId: string, actor: StatusActor, reason: string): Promise<unknown>;
}

/**
 * A constituent was revoked: each award it counted toward gets its pathway's rule — `suspend`
 * suspends Z (through the status change, so its status list says so), `review` flags Z's record
 * for staff (a field and an audit event). Once per award and constituent: the award records what
 * was done, and a repeat finds it recorded; each step is itself idempotent, so a retry after a
 * failure part-way converges.
 */
export async function applyRevocationRules(deps: RevocationRuleDeps, revoked: Pick<CredentialRecord, 'id'>): Promise<{ pathwayId: string; applied: 'review' | 'suspend' | 'none' }[]> {
  const entries = await deps.pathways.awardsCounting(revoked.id);
  const results = [];
  for (const entry of entries) {
    const award = await deps.pathways.getAward(entry.pathwayId, entry.pathwayVersion, entry.learnerKey);
    if (!award || award.outcome !== 'requested' || award.revocations.some((r) => r.credentialId === revoked.id)) continue;
    const at = deps.clock.now().toISOString();
    const reason = `Constituent credential ${revoked.id} of pathway '${award.pathwayId}' (version ${award.pathwayVersion}) was revoked.`;
    const actor: StatusActor = { id: `pathway:${award.pathwayId}`, name: `pathway ${award.pathwayId} (version ${award.pathwayVersion})` };
    const target = await deps.credentials.get(award.credentialId);
    let applied: 'review' | 'suspend' | 'none' = 'none';
    let detail: string | undefined;
    if (!target) detail = 'the award was not issued yet';
    else if (target.status === 'REVOKED') detail = 'the award is revoked';
    else if (award.onRevoke === 'suspend') {
      if (target.status === 'ACTIVE') await deps.suspend(target.id, actor, reason);
      applied = 'suspend';
    } else {
      const flagged = await deps.credentials.flagForReview(target.id, { at, reason, pathwayId: award.pathwayId, constituentCredentialId: revoked.id });
      if (flagged) {
        await deps.audit.append(
          { type: 'credential', id: target.id },
          { actor: { kind: 'system', id: actor.id, name: actor.name }, action: 'FLAGGED_FOR_REVIEW', after: { pathwayId: award.pathwayId, constituentCredentialId: revoked.id }, reason },
          at,
        );
      }
      applied = 'review';
    }
    await deps.pathways.recordRevocation(award, { credentialId: revoked.id, at, applied, ...(detail ? { detail } : {}) }, award.revocations.length);
    results.push({ pathwayId: award.pathwayId, applied });
  }
  return results;
}
