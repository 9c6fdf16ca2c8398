import { createHash, timingSafeEqual } from 'node:crypto';
import type { AchievementRepository } from '../entities/achievement';
import type { AuditLog } from '../entities/audit';
import type { CompletionSource, CompletionSourceRepository } from '../entities/completion-source';
import type { CourseMapping, CourseMappingRepository } from '../entities/course-mapping';
import type { SignatureReplayCache } from '../entities/signature-replay';
import type { Principal } from '../domain/staff';
import { ConflictError, NotFoundError, UnauthorizedError, ValidationError } from '../errors';
import type { IntegrationSecretPurpose, IntegrationSecrets } from '../integrations/integration-secrets';
import { checkSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../integrations/webhook-signature';
import type { Clock } from '../clock';

/**
 * Completion sources and their course mappings (the admin API), and how a receiver
 * authenticates a source's request: the webhook's signature, Moodle's bearer token. Secrets are
 * derived (IntegrationSecrets), so the source's item says only which version is current, and
 * until when the one before is still accepted after a rotation.
 */
export const PREVIOUS_SECRET_HOURS = 24;

export interface SourceDeps {
  sources: Pick<CompletionSourceRepository, 'create' | 'get' | 'list' | 'update' | 'rotate'>;
  secrets: IntegrationSecrets;
  audit: Pick<AuditLog, 'append'>;
  clock: Clock;
}

/** Which secret a source of each kind holds: Canvas authenticates by its JWT or the queue, the bus by IAM. */
const PURPOSE: Record<CompletionSource['kind'], IntegrationSecretPurpose | undefined> = {
  webhook: 'source-signing',
  moodle: 'source-token',
  canvas: undefined,
  eventbridge: undefined,
};

const staffActor = (p: Principal) => ({ kind: 'staff' as const, id: p.id, name: p.name });
const auditedSource = (s: CompletionSource) => ({ name: s.name, kind: s.kind, status: s.status, secretVersion: s.secretVersion, ...(s.canvasRootAccountId ? { canvasRootAccountId: s.canvasRootAccountId } : {}) });

async function secretOf(deps: Pick<SourceDeps, 'secrets'>, source: CompletionSource): Promise<string | undefined> {
  const purpose = PURPOSE[source.kind];
  return purpose ? deps.secrets.secretFor(purpose, source.id, source.secretVersion) : undefined;
}

export async function createSource(deps: SourceDeps, input: { id: string; name: string; kind: CompletionSource['kind']; canvasRootAccountId?: string | undefined }, actor: Principal) {
  if (input.kind !== 'canvas' && input.canvasRootAccountId) {
    throw new ValidationError('Only a Canvas source answers for a Canvas account.', [{ path: 'body.canvasRootAccountId', message: `not for a ${input.kind} source` }]);
  }
  const now = deps.clock.now().toISOString();
  const source: CompletionSource = {
    id: input.id,
    name: input.name,
    kind: input.kind,
    ...(input.canvasRootAccountId ? { canvasRootAccountId: input.canvasRootAccountId } : {}),
    status: 'active',
    secretVersion: 1,
    createdAt: now,
    createdBy: { id: actor.id, name: actor.name },
    updatedAt: now,
  };
  if (!(await deps.sources.create(source))) throw new ConflictError(`A completion source with id '${input.id}' exists already.`);
  await deps.audit.append({ type: 'source', id: source.id }, { actor: staffActor(actor), action: 'SOURCE_CREATED', after: auditedSource(source) }, now);
  return { source, secret: await secretOf(deps, source) };
}

export async function updateSource(deps: Pick<SourceDeps, 'sources' | 'audit' | 'clock'>, id: string, change: { name?: string | undefined; status?: CompletionSource['status'] | undefined; canvasRootAccountId?: string | undefined }, actor: Principal) {
  const before = await getSource(deps, id);
  if (change.canvasRootAccountId && before.kind !== 'canvas') {
    throw new ValidationError('Only a Canvas source answers for a Canvas account.', [{ path: 'body.canvasRootAccountId', message: `not for a ${before.kind} source` }]);
  }
  const now = deps.clock.now().toISOString();
  const after = await deps.sources.update(id, change, now);
  if (!after) throw new NotFoundError(`No completion source with id '${id}'.`);
  await deps.audit.append({ type: 'source', id }, { actor: staffActor(actor), action: 'SOURCE_CHANGED', before: auditedSource(before), after: auditedSource(after) }, now);
  return after;
}

/** A new secret version; the previous accepted for PREVIOUS_SECRET_HOURS. Two rotations at once: one wins, the other is a 409. */
export async function rotateSourceSecret(deps: SourceDeps, id: string, actor: Principal) {
  const source = await getSource(deps, id);
  if (!PURPOSE[source.kind]) throw new ConflictError(`A ${source.kind} source has no secret of Laurel's to rotate.`);
  const now = deps.clock.now();
  const until = new Date(now.getTime() + PREVIOUS_SECRET_HOURS * 3_600_000).toISOString();
  const rotated = await deps.sources.rotate(id, source.secretVersion, until, now.toISOString());
  if (!rotated) throw new ConflictError('The secret was rotated by someone else just now: read the source again.');
  await deps.audit.append({ type: 'source', id }, { actor: staffActor(actor), action: 'SOURCE_SECRET_ROTATED', before: { secretVersion: source.secretVersion }, after: { secretVersion: rotated.secretVersion, previousAcceptedUntil: until } }, now.toISOString());
  return { source: rotated, secret: await secretOf(deps, rotated) };
}

export async function getSource(deps: { sources: Pick<CompletionSourceRepository, 'get'> }, id: string): Promise<CompletionSource> {
  const source = await deps.sources.get(id);
  if (!source) throw new NotFoundError(`No completion source with id '${id}'.`);
  return source;
}

/** The secrets a request of this source may be signed with now: the current one, and the previous during its overlap. */
async function acceptedSecrets(deps: Pick<SourceDeps, 'secrets' | 'clock'>, source: CompletionSource): Promise<string[]> {
  const purpose = PURPOSE[source.kind];
  if (!purpose) return [];
  const current = await deps.secrets.secretFor(purpose, source.id, source.secretVersion);
  const overlap = source.previousSecretUntil && Date.parse(source.previousSecretUntil) > deps.clock.now().getTime() && source.secretVersion > 1;
  return overlap ? [current, await deps.secrets.secretFor(purpose, source.id, source.secretVersion - 1)] : [current];
}

/**
 * An active source of the kind the route serves. Unknown, disabled and wrong-kind sources get
 * the same 401 as a bad signature: a stranger learns nothing about which sources exist.
 */
async function activeSource(deps: { sources: Pick<CompletionSourceRepository, 'get'> }, id: string, kind: CompletionSource['kind']): Promise<CompletionSource> {
  const source = await deps.sources.get(id);
  if (!source || source.kind !== kind || source.status !== 'active') throw new UnauthorizedError(`The request is not signed by an active ${kind} source of this deployment.`);
  return source;
}

const REFUSALS: Record<string, string> = {
  'missing-timestamp': `no ${TIMESTAMP_HEADER} header`,
  'bad-timestamp': `${TIMESTAMP_HEADER} is not Unix seconds`,
  'stale-timestamp': `${TIMESTAMP_HEADER} is more than 300 s from now: sign each delivery when it is sent`,
  'missing-signature': `no ${SIGNATURE_HEADER} header`,
  'bad-signature': `${SIGNATURE_HEADER} does not match the body signed with the source's secret`,
};

/** The signed webhook: the signature over the raw body, within ±300 s, never seen in the last ten minutes. */
type AuthDeps = { sources: Pick<CompletionSourceRepository, 'get'>; secrets: IntegrationSecrets; clock: Clock };

export async function authenticateSigned(
  deps: AuthDeps & { replays: Pick<SignatureReplayCache, 'claim'> },
  request: { sourceId: string; timestamp: string | undefined; signature: string | undefined; rawBody: Uint8Array | string },
): Promise<CompletionSource> {
  const source = await activeSource(deps, request.sourceId, 'webhook');
  const now = deps.clock.now();
  const check = checkSignature({ timestamp: request.timestamp, signature: request.signature, rawBody: request.rawBody, secrets: await acceptedSecrets(deps, source), now });
  if (!check.ok) throw new UnauthorizedError(`The signature was refused: ${REFUSALS[check.refusal!] ?? check.refusal}.`);
  if (!(await deps.replays.claim(check.signatureHash!, now))) throw new ConflictError('This signature was used already: a replayed request is refused. Sign each delivery anew.');
  return source;
}

/** Moodle's bearer token, compared as SHA-256 digests (equal lengths, constant time). */
export async function authenticateBearer(deps: AuthDeps, request: { sourceId: string; authorization: string | undefined }): Promise<CompletionSource> {
  const source = await activeSource(deps, request.sourceId, 'moodle');
  const token = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(request.authorization?.trim() ?? '')?.[1];
  if (!token) throw new UnauthorizedError('Send the source’s token as `Authorization: Bearer <token>`.');
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  const sent = digest(token);
  const matches = (await acceptedSecrets(deps, source)).some((secret) => timingSafeEqual(sent, digest(secret)));
  if (!matches) throw new UnauthorizedError('The token is not this source’s.');
  return source;
}

/**
 * The source a `CompletionRecorded` event on Laurel's bus names: an active source of kind
 * `eventbridge`, and only that kind. Being let to put events on the bus (IAM, in Laurel's
 * account) is the event's authentication; a webhook or Moodle source's id in an event is
 * refused, or anyone who may put events could speak for a source that signs its requests.
 */
export async function eventBridgeSource(deps: { sources: Pick<CompletionSourceRepository, 'get'> }, sourceId: string): Promise<CompletionSource> {
  const source = await deps.sources.get(sourceId);
  if (!source || source.kind !== 'eventbridge' || source.status !== 'active') throw new UnauthorizedError('The event’s detail.source names no active completion source of kind eventbridge.');
  return source;
}

/**
 * A Canvas source for a Live Event: by the route's source id (HTTPS), which must be an active
 * Canvas source and, when it names its root account, the event's; or (SQS, one queue per
 * deployment) the one active Canvas source that answers for the event's root account.
 */
export async function canvasSourceFor(deps: { sources: Pick<CompletionSourceRepository, 'get' | 'list'> }, event: { sourceId?: string; rootAccountId?: string | undefined }): Promise<CompletionSource> {
  if (event.sourceId) {
    const source = await activeSource(deps, event.sourceId, 'canvas');
    if (source.canvasRootAccountId && source.canvasRootAccountId !== event.rootAccountId) throw new UnauthorizedError(`The event is from another Canvas account than the source answers for.`);
    return source;
  }
  const candidates = (await deps.sources.list()).filter((s) => s.kind === 'canvas' && s.status === 'active');
  const source = candidates.find((s) => s.canvasRootAccountId !== undefined && s.canvasRootAccountId === event.rootAccountId) ?? (candidates.length === 1 && !candidates[0]!.canvasRootAccountId ? candidates[0] : undefined);
  if (!source) throw new UnauthorizedError(`No active Canvas source answers for root account ${event.rootAccountId ?? '(none)'}: set canvasRootAccountId on its source.`);
  return source;
}

// ---------------------------------------------------------------- course mappings

export interface MappingDeps {
  sources: Pick<CompletionSourceRepository, 'get'>;
  mappings: Pick<CourseMappingRepository, 'put' | 'list' | 'remove'>;
  achievements: Pick<AchievementRepository, 'getLatest'>;
  audit: Pick<AuditLog, 'append'>;
  clock: Clock;
}

type MappingInput = Omit<CourseMapping, 'sourceId' | 'courseId' | 'updatedAt' | 'updatedBy'>;

/** Maps a course to an achievement that exists and is awarded, with a score result it describes. */
export async function mapCourse(deps: MappingDeps, sourceId: string, courseId: string, input: MappingInput, actor: Principal): Promise<CourseMapping> {
  await getSource(deps, sourceId);
  const achievement = await deps.achievements.getLatest(input.achievementId);
  if (!achievement) throw new ValidationError('The achievement does not exist.', [{ path: 'body.achievementId', message: `no achievement '${input.achievementId}'` }]);
  if (achievement.lifecycle === 'archived') throw new ValidationError('The achievement is archived: it is no longer awarded.', [{ path: 'body.achievementId', message: 'archived' }]);
  const keys = achievement.resultDescriptions.map((d) => d.key);
  if (input.scoreResultKey && !keys.includes(input.scoreResultKey)) {
    throw new ValidationError('The score must report one of the achievement’s results.', [{ path: 'body.scoreResultKey', message: `'${input.scoreResultKey}' is not a result of ${achievement.id}${keys.length ? ` (known: ${keys.join(', ')})` : ' (it describes none)'}` }]);
  }
  const now = deps.clock.now().toISOString();
  const mapping: CourseMapping = { ...input, sourceId, courseId, updatedAt: now, updatedBy: { id: actor.id, name: actor.name } };
  await deps.mappings.put(mapping);
  const { updatedAt: _a, updatedBy: _b, ...audited } = mapping;
  await deps.audit.append({ type: 'source', id: sourceId }, { actor: staffActor(actor), action: 'COURSE_MAPPED', after: audited }, now);
  return mapping;
}

export async function unmapCourse(deps: MappingDeps, sourceId: string, courseId: string, actor: Principal): Promise<void> {
  const removed = await deps.mappings.remove(sourceId, courseId);
  if (!removed) throw new NotFoundError(`Course '${courseId}' of '${sourceId}' is not mapped.`);
  await deps.audit.append({ type: 'source', id: sourceId }, { actor: staffActor(actor), action: 'COURSE_UNMAPPED', before: { courseId, achievementId: removed.achievementId, policy: removed.policy } });
}

export async function listMappings(deps: Pick<MappingDeps, 'sources' | 'mappings'>, sourceId: string): Promise<CourseMapping[]> {
  await getSource(deps, sourceId);
  return deps.mappings.list(sourceId);
}

/** Where a source delivers, for the admin API's views: the route it posts to, with the headers it signs. */
export function deliveryOf(source: Pick<CompletionSource, 'id' | 'kind'>, apiBaseUrl: string) {
  const base = apiBaseUrl.replace(/\/$/, '');
  switch (source.kind) {
    case 'webhook':
      return { url: `${base}/inbound/completions`, headers: [TIMESTAMP_HEADER, SIGNATURE_HEADER] };
    case 'moodle':
      return { url: `${base}/inbound/moodle/${source.id}`, headers: ['authorization'] };
    case 'canvas':
      return { url: `${base}/inbound/canvas/${source.id}` };
    case 'eventbridge':
      return { detailType: 'CompletionRecorded' };
  }
}

/** The admin API's own base URL, from the request (the HTTP API's domain; plain http on a local machine). */
export function apiBaseOf(domainName: string): string {
  return `${/^(localhost|127\.|\[::1\])/.test(domainName) ? 'http' : 'https'}://${domainName}`;
}
