import { randomUUID } from 'node:crypto';
import * as z from '../zod';
import type { CreateAchievementBody, UpdateAchievementBody } from '../api/schemas';
import { achievementFields, validityConflicts } from '../domain/achievement-definition';
import { renderBadgeSvg, type BadgeDesign } from '../domain/badge-design';
import type { Achievement, AchievementRepository } from '../entities/achievement';
import { loadIssuer, type IssuerRecord, type IssuerRepository } from '../entities/issuer';
import { ConflictError, NotFoundError, PreconditionFailedError, ValidationError } from '../errors';
import { publicUrls } from '../issuer';
import { decodeCursor, encodeCursor } from '../entities/cursor';
import type { Principal } from '../domain/staff';
import { zodIssues } from '../http/zod-issues';
import type { Clock } from '../clock';
import type { ArtifactLinks, Artifacts } from '../ports';

export interface AchievementDeps {
  achievements: Pick<AchievementRepository, 'create' | 'getLatest'>;
  issuers: Pick<IssuerRepository, 'get'>;
  defaultIssuer: Pick<IssuerRecord, 'issuerId' | 'name' | 'url'>;
  /** Where designed badges go; without it, an achievement keeps the image it names (or none). */
  badges?: BadgeStore;
  clock: Clock;
}

/** The badge images Laurel draws (shared/domain/badge-design.ts), stored as uploads are and served by the public API. */
export interface BadgeStore {
  artifacts: Pick<Artifacts, 'createOnly'>;
  publicBaseUrl: string;
  /** The institution's colour (laurel:brandColor), for a design that names none. */
  brandColor: string;
}

/** The icon an achievement's kind gets on its default badge. */
const KIND_ICONS: Record<Achievement['kind'], BadgeDesign['icon']> = { course: 'book', project: 'code', assessment: 'check', experience: 'leaf', competency: 'star', microcredential: 'trophy', badge: 'star' };

/** The badge of an achievement that has no image: its name on the institution's colour, an icon for its kind. */
export const defaultBadgeDesign = (a: Pick<Achievement, 'name' | 'kind'>): BadgeDesign => ({
  shape: 'circle',
  title: a.name.length > 40 ? `${a.name.slice(0, 39).trimEnd()}…` : a.name,
  icon: KIND_ICONS[a.kind] ?? 'star',
});

/**
 * Draws the design and stores it write-once under a new name (cached forever, as an upload is);
 * the achievement's `image` then points at it on the public API.
 */
async function drawBadge(store: BadgeStore, achievementId: string, design: BadgeDesign): Promise<NonNullable<Achievement['image']>> {
  const name = `${randomUUID()}.svg`;
  await store.artifacts.createOnly(`images/${achievementId}/${name}`, renderBadgeSvg(design, store.brandColor), { contentType: 'image/svg+xml' });
  return { id: publicUrls(store.publicBaseUrl).image(achievementId, name), caption: `${design.subtitle ? `${design.title}, ${design.subtitle}` : design.title} badge` };
}

const nowIso = (deps: { clock: Clock }) => deps.clock.now().toISOString();

export async function createAchievement(deps: AchievementDeps, input: CreateAchievementBody, actor: Principal): Promise<Achievement> {
  const { id, issuerId = deps.defaultIssuer.issuerId, ...fields } = input;
  if (!(await loadIssuer(deps, issuerId))) {
    throw new ValidationError('The issuer does not exist.', [{ path: 'body.issuerId', message: `no issuer '${issuerId}'` }]);
  }
  const conflicts = validityConflicts(fields);
  if (conflicts.length) throw new ValidationError('The achievement contradicts itself.', conflicts);
  const achievementId = id ?? randomUUID();
  // No achievement goes without an image: one uploaded, one designed, or the default design.
  const design = fields.image ? fields.design : (fields.design ?? defaultBadgeDesign(fields));
  const image = fields.image ?? (deps.badges && design ? await drawBadge(deps.badges, achievementId, design) : undefined);
  const achievement: Achievement = {
    ...fields,
    ...(image ? { image } : {}),
    ...(design && deps.badges ? { design } : {}),
    id: achievementId,
    version: 1,
    issuerId,
    lifecycle: 'active',
    createdAt: nowIso(deps),
    createdBy: actor.name,
  };
  if (!(await deps.achievements.create(achievement))) {
    throw new ConflictError(`An achievement with id '${achievement.id}' already exists.`);
  }
  return achievement;
}

export async function getAchievement(deps: { achievements: Pick<AchievementRepository, 'getLatest' | 'getVersion'> }, id: string, version?: number): Promise<Achievement> {
  const latest = await deps.achievements.getLatest(id);
  if (!latest) throw new NotFoundError(`No achievement with id '${id}'.`);
  if (version === undefined || version === latest.version) return latest;
  const old = await deps.achievements.getVersion(id, version);
  if (!old) throw new NotFoundError(`Achievement '${id}' has no version ${version} (the latest is ${latest.version}).`);
  // A past version's definition, with today's lifecycle: archiving applies to the achievement.
  return { ...old, lifecycle: latest.lifecycle, ...(latest.archived ? { archived: latest.archived } : {}) };
}

/** The ETag of an achievement version; If-Match takes it back. */
export const achievementEtag = (a: Pick<Achievement, 'version'>) => `"v${a.version}"`;

export interface UpdateAchievementDeps {
  achievements: Pick<AchievementRepository, 'getLatest' | 'createVersion'>;
  /** Where a changed design is drawn; without it, a design is kept but draws nothing. */
  badges?: BadgeStore;
  /** Is this our own uploaded badge image (then it must have arrived)? */
  imageExists?: (imageUrl: string) => Promise<boolean | undefined>;
  clock: Clock;
}

/**
 * A change is a new version: issued credentials keep theirs (the issuance records the version
 * it was issued under). The merged definition is validated as a whole, exactly as a new one is.
 * If-Match guards against overwriting a change one has not seen; without it, the conditional
 * transaction still refuses to lose a concurrent one.
 */
const achievementDefinition = z.strictObject(achievementFields);

export async function updateAchievement(deps: UpdateAchievementDeps, id: string, change: UpdateAchievementBody, actor: Principal, ifMatch?: string): Promise<Achievement> {
  const latest = await deps.achievements.getLatest(id);
  if (!latest) throw new NotFoundError(`No achievement with id '${id}'.`);
  if (ifMatch !== undefined && ifMatch !== '*' && ifMatch.replace(/^W\//, '') !== achievementEtag(latest)) {
    throw new PreconditionFailedError(`The achievement is at version ${latest.version} (ETag ${achievementEtag(latest)}), not the one you changed.`);
  }
  if (latest.lifecycle === 'archived') throw new ConflictError('The achievement is archived; restore it before changing it.');
  const { changeNote, ...fields } = change;
  const { id: _id, version, issuerId, createdAt: _c, createdBy: _b, changeNote: _n, lifecycle: _l, archived: _a, ...kept } = latest;
  // An uploaded image replaces the design that drew the last one.
  const { design: _d, ...withoutDesign } = kept;
  const designed = fields.image && !fields.design ? withoutDesign : kept;
  // One validity replaces the other: setting an end date drops the duration, and the other way round.
  const { validityDays: _vd, validUntilDate: _vu, ...withoutValidity } = designed;
  const current = fields.validUntilDate !== undefined || fields.validityDays !== undefined ? withoutValidity : designed;
  // The whole definition is checked again: a change may break a rule that spans fields.
  const merged = achievementDefinition.safeParse({ ...current, ...fields });
  if (!merged.success) throw new ValidationError('The changed achievement is not valid.', zodIssues(merged.error, 'body'));
  const conflicts = validityConflicts(merged.data);
  if (conflicts.length) throw new ValidationError('The changed achievement contradicts itself.', conflicts);
  if (fields.image && deps.imageExists && (await deps.imageExists(fields.image.id)) === false) {
    throw new ValidationError('The image has not been uploaded.', [{ path: 'body.image.id', message: 'PUT the file to the uploadUrl from POST /achievements/{id}/image first' }]);
  }
  // A new design without an image of its own is drawn: the new version shows it.
  const drawn = fields.design && !fields.image && deps.badges ? await drawBadge(deps.badges, id, merged.data.design!) : undefined;
  const next: Achievement = {
    ...merged.data,
    ...(drawn ? { image: drawn } : {}),
    id,
    version: version + 1,
    issuerId,
    lifecycle: 'active',
    createdAt: nowIso(deps),
    createdBy: actor.name,
    ...(changeNote ? { changeNote } : {}),
  };
  if (!(await deps.achievements.createVersion(next))) {
    throw new ConflictError('The achievement changed a moment ago (or was archived); read it again and reapply your change.');
  }
  return next;
}

export async function setAchievementLifecycle(
  deps: { achievements: Pick<AchievementRepository, 'getLatest' | 'setLifecycle'>; clock: Clock },
  id: string,
  to: Achievement['lifecycle'],
  actor: Principal,
  reason?: string,
): Promise<Achievement> {
  const latest = await deps.achievements.getLatest(id);
  if (!latest) throw new NotFoundError(`No achievement with id '${id}'.`);
  if (latest.lifecycle === to) return latest; // repeating an action converges
  const updated = await deps.achievements.setLifecycle(
    id,
    latest.lifecycle,
    to,
    to === 'archived' ? { by: actor.name, at: nowIso(deps), ...(reason ? { reason } : {}) } : undefined,
  );
  if (!updated) throw new ConflictError('The achievement changed a moment ago; read it and try again.');
  return updated;
}

export async function listAchievements(
  deps: { achievements: Pick<AchievementRepository, 'listByIssuer'>; defaultIssuer: Pick<IssuerRecord, 'issuerId'> },
  q: { issuerId?: string | undefined; kind?: string | undefined; status: 'active' | 'archived' | 'all'; tag?: string | undefined; limit: number; cursor?: string | undefined },
) {
  const issuerId = q.issuerId ?? deps.defaultIssuer.issuerId;
  const after = decodeCursor(q.cursor, { GSI1PK: `ISSUER#${issuerId}#ACHIEVEMENTS` });
  const { items, next } = await deps.achievements.listByIssuer(issuerId, {
    limit: q.limit,
    ...(q.status !== 'all' ? { lifecycle: q.status } : {}),
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.tag ? { tag: q.tag } : {}),
    ...(after ? { after } : {}),
  });
  return { items, ...(next ? { cursor: encodeCursor(next) } : {}) };
}

const IMAGE_EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/svg+xml': 'svg', 'image/jpeg': 'jpg' };
const URL_TTL_SECONDS = 15 * 60;

/** Public badge images live under images/<achievementId>/<uuid>.<ext> in the bucket and on the public API. */
export const imageKeyOf = (imageUrl: string, publicBaseUrl: string): string | undefined => {
  const prefix = publicUrls(publicBaseUrl).images;
  if (!imageUrl.startsWith(prefix)) return undefined;
  const rest = imageUrl.slice(prefix.length);
  return /^[A-Za-z0-9-]{1,64}\/[0-9a-f-]{36}\.(png|svg|jpg)$/.test(rest) ? `images/${rest}` : undefined;
};

/**
 * A presigned PUT for a badge image, signed for its exact type and size. The image gets a
 * new name each time (so it can be cached forever); PATCH the achievement to use it.
 */
export async function offerImageUpload(
  deps: { achievements: Pick<AchievementRepository, 'getLatest'>; links: ArtifactLinks; publicBaseUrl: string; clock: Clock },
  id: string,
  input: { contentType: string; size: number },
) {
  if (!(await deps.achievements.getLatest(id))) throw new NotFoundError(`No achievement with id '${id}'.`);
  const name = `${randomUUID()}.${IMAGE_EXTENSIONS[input.contentType]}`;
  const key = `images/${id}/${name}`;
  const uploadUrl = await deps.links.uploadUrl(key, input, URL_TTL_SECONDS);
  const now = deps.clock.now();
  return {
    uploadUrl,
    method: 'PUT' as const,
    headers: { 'content-type': input.contentType, 'content-length': String(input.size) },
    expiresAt: new Date(now.getTime() + URL_TTL_SECONDS * 1000).toISOString(),
    imageUrl: publicUrls(deps.publicBaseUrl).image(id, name),
  };
}

/** true/false for one of our own image URLs; undefined for someone else's (not ours to check). */
export function imageChecker(deps: { artifacts: Pick<Artifacts, 'sizeOf'>; publicBaseUrl: string }) {
  return async (imageUrl: string): Promise<boolean | undefined> => {
    const key = imageKeyOf(imageUrl, deps.publicBaseUrl);
    // Under our images/ but not a name we hand out: it cannot have been uploaded.
    if (!key) return imageUrl.startsWith(publicUrls(deps.publicBaseUrl).images) ? false : undefined;
    return (await deps.artifacts.sizeOf(key)) !== undefined;
  };
}
