import { randomUUID } from 'node:crypto';
import { addProof, type DataIntegrityProof, type Signer } from '../credentials/data-integrity';
import { CONTEXTS, bundledDocumentLoader } from '../credentials/document-loader';
import { hashedEmail, newSalt } from '../credentials/recipient';
import type { AuditEntry, AuditLog } from '../entities/audit';
import type { CredentialRecord, CredentialRepository } from '../entities/credential';
import { loadIssuer, type IssuerRepository } from '../entities/issuer';
import type { LearnerRepository } from '../entities/learner';
import { constituentAchievements, type Pathway, type PathwayAward, type PathwayRepository } from '../entities/pathway';
import { NotFoundError, ValidationError } from '../errors';
import { publicUrls, type IssuerSettings } from '../issuer';
import type { Artifacts, Clock, LearnerKeyer } from '../ports';
import { pathwayLearnerKey } from './pathways';

/**
 * A learner's transcript as a 1EdTech CLR 2.0 `ClrCredential`: their current credentials (all of
 * them, or a pathway's), each embedded exactly as it was signed and stored — so each embedded proof
 * still verifies on its own — with the associations between them (a pathway's award `isParentOf`
 * each credential it was awarded from), signed as a whole by the institution's current key.
 *
 * Who the learner is: their email, keyed into the learner index as pathways key it
 * (shared/use-cases/pathways.ts: the index's EMAIL key). The transcript names them only as a
 * salted hash of that address (an IdentityObject, as every credential inside does); the address
 * itself is in no document, log line or audit event this writes.
 *
 * Which credentials are current:
 * - a credential replaced by a correction or a renewal (`supersededBy`) is followed to the one
 *   that replaced it, which is embedded instead: a transcript shows each award once, as it stands;
 * - revoked credentials are left out (the institution withdrew them), and so are suspended ones: a
 *   transcript vouches for what stands when it is signed, and the next one, after a suspension is
 *   lifted, includes it again. The description says so, without saying whether any were;
 * - expired credentials stay: they were earned, a transcript is a record of learning, and each
 *   embedded credential's own `validUntil` tells any verifier that it lapsed;
 * - a private credential (the learner hid it from its public URL) stays too: the transcript goes
 *   to the learner, or to staff acting for them, not to the public URL's readers.
 *
 * Nothing is stored: a transcript is signed on request and answered. Each credential it embeds
 * records TRANSCRIPT_ISSUED on its own trail (the transcript's id, who asked, how many it holds).
 */

export const CLR_CREDENTIAL_SCHEMA_ID = 'https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json';

/** The ClrCredential's contexts, in the order CLR 2.0 requires: VC 2.0, CLR, Open Badges (and the extensions, for `credentialSchema`'s type). */
export const CLR_CONTEXT = [CONTEXTS.credentialsV2, CONTEXTS.clrV2p0, CONTEXTS.openBadgesV3, CONTEXTS.openBadgesExtensions];

/** How far a chain of corrections is followed (as the claim page does: shared/use-cases/learner-claims.ts). */
const MAX_SUPERSESSIONS = 10;

export interface TranscriptDeps {
  learners: Pick<LearnerRepository, 'entries'>;
  learnerKeys: LearnerKeyer;
  credentials: Pick<CredentialRepository, 'get'>;
  pathways: Pick<PathwayRepository, 'getLatest' | 'getAward' | 'awardsCounting'>;
  issuers: Pick<IssuerRepository, 'get'>;
  artifacts: Pick<Artifacts, 'read'>;
  /** The issuer's current signer (read at each signature: a rotation takes effect at once). */
  signer: (issuerId: string) => Promise<Signer>;
  audit: Pick<AuditLog, 'append'>;
  clock: Clock;
  /** The deployment's default issuer: the institution, which issues the transcript. */
  settings: { publicBaseUrl: string; issuer: IssuerSettings };
}

export interface TranscriptRequest {
  email: string;
  /** Only this pathway's target and the achievements it counts (`partial: true`). */
  pathwayId?: string | undefined;
}

export type ClrCredential = Record<string, unknown> & {
  '@context': string[];
  id: string;
  type: string[];
  partial: boolean;
  credentialSubject: Record<string, unknown> & { verifiableCredential: Record<string, unknown>[]; association?: ClrAssociation[] };
  proof: DataIntegrityProof[];
};

export interface ClrAssociation {
  type: 'Association';
  associationType: 'isParentOf';
  /** Achievement ids (URLs), as the embedded credentials name them. */
  sourceId: string;
  targetId: string;
}

export interface Transcript {
  credential: ClrCredential;
  /** The bytes answered (pretty-printed JSON, as credentials are stored). */
  body: string;
  /** The credentials embedded, by id, oldest first. */
  credentialIds: string[];
}

/** One current credential of the learner, with the ids of the records it replaced (its chain). */
interface Held {
  record: CredentialRecord;
  chain: string[];
}

/** The record that replaced this one, and so on; with every id on the way. */
async function current(deps: Pick<TranscriptDeps, 'credentials'>, record: CredentialRecord): Promise<Held> {
  let at = record;
  const chain = [record.id];
  for (let hops = 0; at.supersededBy && hops < MAX_SUPERSESSIONS; hops++) {
    const next = await deps.credentials.get(at.supersededBy.credentialId);
    // Pointed to only once recorded (credential-reissue.ts): absent means erased since; keep what we have.
    if (!next) break;
    at = next;
    chain.push(next.id);
  }
  return { record: at, chain };
}

/** The learner's current credentials (see the module's comment), each once, oldest first. */
async function currentCredentials(deps: Pick<TranscriptDeps, 'learners' | 'credentials'>, learnerKey: string): Promise<Held[]> {
  const ids = [...new Set((await deps.learners.entries(learnerKey)).map((e) => e.credentialId))];
  // Absent: the issuance is still under way (no credential yet), or was cancelled or rejected.
  const records = (await Promise.all(ids.map((id) => deps.credentials.get(id)))).filter((r): r is CredentialRecord => r !== undefined);
  const byCurrent = new Map<string, Held>();
  for (const held of await Promise.all(records.map((r) => current(deps, r)))) {
    const seen = byCurrent.get(held.record.id);
    // A renewal is in the index itself and also reached from what it renewed: one entry, every id.
    byCurrent.set(held.record.id, seen ? { record: held.record, chain: [...new Set([...seen.chain, ...held.chain])] } : held);
  }
  return [...byCurrent.values()]
    .filter((h) => h.record.status === 'ACTIVE')
    .sort((a, b) => a.record.issuedAt.localeCompare(b.record.issuedAt) || a.record.id.localeCompare(b.record.id));
}

/**
 * The learner's pathway awards whose target and constituents are both embedded, as associations
 * between their achievements: the award (Z) `isParentOf` each achievement it was awarded from.
 * Found from the constituents' side (an award's items are indexed by each constituent's id), so a
 * constituent corrected since is found by the id it had when it counted.
 */
async function associations(deps: Pick<TranscriptDeps, 'pathways'>, learnerKey: string, held: Held[], achievementUrl: (achievementId: string) => string | undefined): Promise<ClrAssociation[]> {
  const entries = (await Promise.all(held.flatMap((h) => h.chain).map((id) => deps.pathways.awardsCounting(id)))).flat().filter((e) => e.learnerKey === learnerKey);
  const keys = [...new Map(entries.map((e) => [`${e.pathwayId}#${e.pathwayVersion}`, e])).values()];
  const awards = (await Promise.all(keys.map((e) => deps.pathways.getAward(e.pathwayId, e.pathwayVersion, learnerKey)))).filter((a): a is PathwayAward => a !== undefined);
  const out = new Map<string, ClrAssociation>();
  for (const award of awards) {
    // 'held' awards too: the learner holds Z (issued otherwise), and the pathway still says what Z is made of.
    const sourceId = achievementUrl(award.targetAchievementId);
    if (!sourceId) continue;
    for (const c of award.constituents) {
      const targetId = achievementUrl(c.achievementId);
      if (targetId && targetId !== sourceId) out.set(`${sourceId} ${targetId}`, { type: 'Association', associationType: 'isParentOf', sourceId, targetId });
    }
  }
  return [...out.values()];
}

const withoutMillis = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

const descriptionOf = (institution: string, pathway: Pathway | undefined, asOf: string) =>
  [
    pathway
      ? `The credentials this learner holds from ${institution} toward the pathway '${pathway.name}': its award and the credentials it counts, as of ${asOf.slice(0, 10)}.`
      : `Every credential this learner holds from ${institution}, as of ${asOf.slice(0, 10)}.`,
    'Each is embedded exactly as it was signed, and verifies on its own.',
    'Revoked and suspended credentials are not included; a corrected or renewed credential appears as its current version; expired credentials are included, each saying when it lapsed.',
  ].join(' ');

/**
 * Builds and signs the learner's transcript, and records it on the trail of each credential it
 * embeds. An unknown pathway is a 400 naming `body.pathwayId`; a learner with no current credential
 * (of the pathway) is a 404 that names no one.
 */
export async function issueTranscript(deps: TranscriptDeps, request: TranscriptRequest, actor: AuditEntry['actor']): Promise<Transcript> {
  const pathway = request.pathwayId === undefined ? undefined : await deps.pathways.getLatest(request.pathwayId);
  if (request.pathwayId !== undefined && !pathway) throw new ValidationError('There is no such pathway.', [{ path: 'body.pathwayId', message: `no pathway '${request.pathwayId}'` }]);
  const learnerKey = await pathwayLearnerKey(deps, request.email);
  const wanted = pathway ? new Set([pathway.targetAchievementId, ...constituentAchievements(pathway)]) : undefined;
  const held = (await currentCredentials(deps, learnerKey)).filter((h) => !wanted || wanted.has(h.record.achievementId));
  if (!held.length) {
    throw new NotFoundError(pathway ? `This learner holds no current credential of the pathway '${pathway.id}'.` : 'This learner holds no current credential.');
  }

  // Each credential's exact signed JSON: re-serializing a parsed copy keeps every value, and the
  // proof covers the canonical form (RDFC-1.0), not the bytes, so it still verifies.
  const embedded = await Promise.all(
    held.map(async ({ record }) => {
      const stored = await deps.artifacts.read(record.artifact.key);
      // The record exists, so its bytes must: their absence is a fault, never a smaller transcript.
      if (!stored) throw new Error(`the signed credential ${record.artifact.key} is missing from the bucket`);
      return JSON.parse(stored.body) as Record<string, unknown> & { credentialSubject?: { achievement?: Record<string, unknown> & { id?: string } } };
    }),
  );
  const urls = publicUrls(deps.settings.publicBaseUrl);
  const achievements = new Map<string, Record<string, unknown>>();
  const achievementIds = new Map<string, string>();
  held.forEach(({ record }, i) => {
    const achievement = embedded[i]!.credentialSubject?.achievement;
    const id = typeof achievement?.id === 'string' ? achievement.id : urls.achievement(record.achievementId);
    achievementIds.set(record.achievementId, id);
    if (achievement && !achievements.has(id)) achievements.set(id, achievement);
  });
  const association = await associations(deps, learnerKey, held, (achievementId) => achievementIds.get(achievementId));

  const institution = await loadIssuer({ issuers: deps.issuers, defaultIssuer: deps.settings.issuer }, deps.settings.issuer.issuerId);
  if (!institution) throw new Error(`the default issuer '${deps.settings.issuer.issuerId}' has no profile`);
  const now = deps.clock.now();
  const issuedAt = withoutMillis(now);
  const partial = pathway !== undefined;
  const unsigned = {
    '@context': [...CLR_CONTEXT],
    id: `urn:uuid:${randomUUID()}`,
    type: ['VerifiableCredential', 'ClrCredential'],
    name: pathway ? `${pathway.name}: transcript` : `Transcript: ${institution.name}`,
    description: descriptionOf(institution.name, pathway, issuedAt),
    issuer: {
      id: urls.issuer(institution.issuerId),
      type: ['Profile'],
      name: institution.name,
      url: institution.url,
      ...(institution.email ? { email: institution.email } : {}),
    },
    validFrom: issuedAt,
    awardedDate: issuedAt,
    // Not every credential the institution issued this learner: a pathway's only.
    partial,
    credentialSubject: {
      type: ['ClrSubject'],
      // A salt of its own: two transcripts of one learner cannot be joined by their hash.
      identifier: [hashedEmail(request.email, newSalt())],
      achievement: [...achievements.values()],
      verifiableCredential: embedded,
      ...(association.length ? { association } : {}),
    },
    credentialSchema: [{ id: CLR_CREDENTIAL_SCHEMA_ID, type: '1EdTechJsonSchemaValidator2019' }],
  };
  const signed = (await addProof(unsigned, await deps.signer(institution.issuerId), { created: issuedAt, documentLoader: bundledDocumentLoader })) as unknown as ClrCredential;

  const after = { transcriptId: signed.id, partial, credentials: held.length, ...(pathway ? { pathwayId: pathway.id } : {}) };
  await Promise.all(held.map(({ record }) => deps.audit.append({ type: 'credential', id: record.id }, { actor, action: 'TRANSCRIPT_ISSUED', after }, now.toISOString())));
  return { credential: signed, body: JSON.stringify(signed, null, 2), credentialIds: held.map((h) => h.record.id) };
}
