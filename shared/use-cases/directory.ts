import type { CredentialRecord, CredentialRepository } from '../entities/credential';
import { decodeCursor, encodeCursor } from '../entities/cursor';
import { directoryKeys, type DirectoryEntry, type DirectoryEntryRepository, type DirectoryFilter, type DirectoryListing } from '../entities/directory-entry';
import { directorySettings, loadIssuer, type IssuerRecord, type IssuerRepository } from '../entities/issuer';
import { NotFoundError } from '../errors';
import { publicUrls } from '../issuer';
import type { Clock } from '../clock';

/**
 * An issuer's public directory (README "The directory"): the learners who opted in on their
 * claim page, by name, each with the credentials they listed and each credential's live status.
 * Associations answer "find a certified member" with it, employers check a licence. Off unless
 * the issuer turned it on; never an email.
 *
 * The entries are written and deleted with the learner's choice (credential.ts), but a listing
 * is never trusted on its own: every entry read is checked against its credential's record now,
 * and shown only while that record says it is listed, not private and not replaced. A record
 * that cannot be read is not shown — the directory never fails open.
 */

/** How many entries a page shows at least, when that many match; and how many it reads at most. */
export const DIRECTORY_PAGE = 25;
const EVALUATED_PER_QUERY = 100;
const QUERIES_PER_PAGE = 3;

export type DirectoryStatus = 'active' | 'suspended' | 'revoked' | 'expired';

export interface DirectoryCredential {
  credentialId: string;
  achievementId: string;
  achievementName: string;
  skills: string[];
  issuedAt: string;
  validUntil?: string | undefined;
  status: DirectoryStatus;
  /** Its public verification page (and, with Accept: application/ld+json, the signed credential). */
  url: string;
}

export interface DirectoryPerson {
  name: string;
  credentials: DirectoryCredential[];
}

export interface DirectoryPage {
  issuer: { issuerId: string; name: string };
  /** The issuer lets search engines index the directory. */
  searchEngines: boolean;
  query: DirectoryFilter;
  people: DirectoryPerson[];
  cursor?: string | undefined;
}

export interface DirectoryDeps {
  issuers: Pick<IssuerRepository, 'get'>;
  defaultIssuer: Pick<IssuerRecord, 'issuerId' | 'name' | 'url'>;
  directory: Pick<DirectoryEntryRepository, 'page'>;
  credentials: Pick<CredentialRepository, 'getMany'>;
  clock: Clock;
  publicBaseUrl: string;
}

/** The status a person sees, from the record as it is now (an expiry is a date, not a write). */
export function liveStatus(record: Pick<CredentialRecord, 'status' | 'validUntil'>, now: Date): DirectoryStatus {
  if (record.status === 'REVOKED') return 'revoked';
  if (record.status === 'SUSPENDED') return 'suspended';
  if (record.validUntil && Date.parse(record.validUntil) <= now.getTime()) return 'expired';
  return 'active';
}

/** Is the credential listed, by its record now? Listed, not private, not replaced, this issuer's. */
export const listedNow = (record: CredentialRecord | undefined, entry: Pick<DirectoryEntry, 'issuerId'>): record is CredentialRecord =>
  record !== undefined && record.issuerId === entry.issuerId && record.visibility?.directory === true && !record.visibility.private && !record.supersededBy;

/** An issuer's directory, one page: 404 when the issuer has none (or has it off). */
export async function readDirectory(deps: DirectoryDeps, issuerId: string, query: DirectoryFilter & { cursor?: string | undefined }): Promise<DirectoryPage> {
  const issuer = await loadIssuer({ issuers: deps.issuers, defaultIssuer: deps.defaultIssuer }, issuerId);
  const settings = directorySettings(issuer);
  if (!issuer || !settings.enabled) throw new NotFoundError(`No public directory for issuer '${issuerId}'.`);
  const filter: DirectoryFilter = { name: query.name, achievement: query.achievement, skill: query.skill };
  let after = decodeCursor(query.cursor, { PK: directoryKeys.partition(issuerId) });
  const entries: DirectoryEntry[] = [];
  for (let n = 0; n < QUERIES_PER_PAGE && entries.length < DIRECTORY_PAGE; n++) {
    const { items, next } = await deps.directory.page(issuerId, { filter, evaluated: EVALUATED_PER_QUERY, after });
    entries.push(...items);
    after = next;
    if (!after) break;
  }
  const records = new Map((await deps.credentials.getMany(entries.map((e) => e.credentialId))).map((r) => [r.id, r]));
  const now = deps.clock.now();
  const urls = publicUrls(deps.publicBaseUrl);
  // A learner's credentials together under the name they carry; a namesake apart (personKey, never
  // shown). An entry without one (listed before it existed) stands alone: never merged on a name alone.
  const people = new Map<string, DirectoryPerson>();
  for (const entry of entries) {
    const record = records.get(entry.credentialId);
    if (!listedNow(record, entry)) continue;
    const who = entry.personKey ? `person ${entry.personKey} ${entry.name}` : `credential ${entry.credentialId}`;
    const person = people.get(who) ?? { name: entry.name, credentials: [] };
    person.credentials.push({
      credentialId: entry.credentialId,
      achievementId: entry.achievementId,
      achievementName: entry.achievementName,
      skills: entry.skills,
      issuedAt: entry.issuedAt,
      ...(record.validUntil ? { validUntil: record.validUntil } : {}),
      status: liveStatus(record, now),
      url: urls.credential(entry.credentialId),
    });
    people.set(who, person);
  }
  return {
    issuer: { issuerId, name: issuer.name },
    searchEngines: settings.searchEngines,
    query: filter,
    people: [...people.values()],
    ...(after ? { cursor: encodeCursor(after) } : {}),
  };
}

/**
 * What the directory lists of a credential, from its signed document: the name on it (none: it
 * cannot be listed), the achievement and its alignments. Nothing about the learner but the name.
 */
export function directoryListingOf(record: Pick<CredentialRecord, 'issuerId' | 'id' | 'achievementId' | 'issuedAt'>, credential: Record<string, any>): DirectoryListing | undefined {
  const subject = (credential.credentialSubject ?? {}) as Record<string, any>;
  const name = typeof subject.name === 'string' ? subject.name.trim() : '';
  if (!name) return undefined;
  const achievement = (subject.achievement ?? {}) as Record<string, any>;
  const alignments: unknown[] = Array.isArray(achievement.alignment) ? achievement.alignment : [];
  const skills = alignments.flatMap((a) => (a && typeof (a as Record<string, unknown>).targetName === 'string' ? [String((a as Record<string, unknown>).targetName)] : []));
  return {
    issuerId: record.issuerId,
    credentialId: record.id,
    name,
    achievementId: record.achievementId,
    achievementName: String(achievement.name ?? credential.name ?? ''),
    skills: [...new Set(skills)],
    issuedAt: record.issuedAt,
  };
}
