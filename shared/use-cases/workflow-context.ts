import type { Signer } from '../credentials/data-integrity';
import type { Achievement, AchievementRepository } from '../entities/achievement';
import type { CredentialRepository } from '../entities/credential';
import type { Issuance, IssuanceRepository } from '../entities/issuance';
import type { IssuerKeyRepository } from '../entities/issuer-key';
import type { AuditEntry, AuditLog } from '../entities/audit';
import type { DeliveryClaimRepository } from '../entities/delivery-claim';
import type { ClaimLinkRepository } from '../entities/claim-link';
import type { HoldingRepository } from '../entities/holding';
import type { UploadRepository } from '../entities/upload';
import { loadIssuer, type IssuerRecord, type IssuerRepository } from '../entities/issuer';
import type { StatusListRepository } from '../entities/status-list';
import type { SigningKeyDeps } from './signing-key';
import type { StatusListDeps } from './status-lists';
import { PermanentError } from '../errors';
import type { Artifacts, Clock, DocumentArchive, EventBus, KeyVault, Mailer } from '../ports';
import type { IssuerSettings } from '../issuer';

/**
 * What every step of the issuance workflow (and a cohort's rows) reads: its ports, the issuance,
 * the achievement version it was requested under, the issuer, and the signing key's deps.
 */
export interface WorkflowDeps {
  achievements: Pick<AchievementRepository, 'getVersion'>;
  issuances: Pick<IssuanceRepository, 'get' | 'recordProgress' | 'endWorkflow' | 'awaitApproval' | 'fixIssuedAt' | 'fixStatusAllocation' | 'recordDeliveryFeedback' | 'archiveDelivery'>;
  credentials: Pick<CredentialRepository, 'putOnce' | 'recordDelivery' | 'get' | 'markSuperseded'>;
  keys: Pick<IssuerKeyRepository, 'get' | 'putOnce' | 'list'>;
  issuers: Pick<IssuerRepository, 'get'>;
  lists: Pick<StatusListRepository, 'reserveBlock' | 'get' | 'create' | 'replace'>;
  audit: Pick<AuditLog, 'append' | 'begin' | 'list'>;
  holdings: Pick<HoldingRepository, 'release'>;
  deliveryClaims: DeliveryClaimRepository;
  /** The learner's private claim links (the credential email carries one). */
  claimLinks: Pick<ClaimLinkRepository, 'create'>;
  uploads: Pick<UploadRepository, 'get'>;
  /** Signs with the issuers' keys. */
  keyVault: Pick<KeyVault, 'publicMultikey' | 'publicJwk' | 'signer' | 'es256Signer'>;
  /** Credential documents and uploaded evidence. */
  artifacts: Artifacts;
  mailer: Mailer;
  eventBus: EventBus;
  /** Status lists as published, kept write-once. */
  archive: DocumentArchive;
  clock: Clock;
  settings: {
    publicBaseUrl: string;
    signingKeyArn: string;
    /** Set when the VC-JWT format is enabled: the default issuer's P-256 key. */
    vcJwtKeyArn?: string;
    issuer: IssuerSettings;
    /** Named in the Store step's detail, for staff who look for the object. */
    bucketName: string;
  };
}

export const nowIso = (deps: Pick<WorkflowDeps, 'clock'>) => deps.clock.now().toISOString();

/** The workflow's own entries in the audit trail (staff decisions are recorded by the admin API). */
export const WORKFLOW_ACTOR = { kind: 'system' as const, name: 'issuance workflow' };
export const audit = (deps: Pick<WorkflowDeps, 'audit'>, issuanceId: string, entry: Omit<AuditEntry, 'actor'>) =>
  deps.audit.append({ type: 'issuance', id: issuanceId }, { actor: WORKFLOW_ACTOR, ...entry });

export async function loadIssuance(deps: Pick<WorkflowDeps, 'issuances'>, id: string): Promise<Issuance> {
  const issuance = await deps.issuances.get(id);
  if (!issuance) throw new PermanentError(`issuance ${id} does not exist`);
  return issuance;
}

/** Achievement versions never change once published: read once per execution environment. */
const achievementVersions = new Map<string, Achievement>();
export async function achievementVersion(deps: Pick<WorkflowDeps, 'achievements'>, id: string, version: number): Promise<Achievement> {
  const key = `${id}@${version}`;
  let achievement = achievementVersions.get(key);
  if (!achievement) {
    achievement = await deps.achievements.getVersion(id, version);
    if (!achievement) throw new PermanentError(`achievement ${id} v${version} does not exist`);
    achievementVersions.set(key, achievement);
  }
  return achievement;
}

export const loadAchievement = (deps: Pick<WorkflowDeps, 'achievements'>, issuance: Issuance) => achievementVersion(deps, issuance.achievementId, issuance.achievementVersion);


export const signingKeyDeps = (deps: Pick<WorkflowDeps, 'keys' | 'keyVault' | 'settings' | 'clock'>): SigningKeyDeps => ({
  keys: deps.keys,
  keyVault: deps.keyVault,
  publicBaseUrl: deps.settings.publicBaseUrl,
  clock: deps.clock,
});

export async function issuerProfile(deps: Pick<WorkflowDeps, 'issuers' | 'settings'>, issuerId: string): Promise<IssuerRecord> {
  const issuer = await loadIssuer({ issuers: deps.issuers, defaultIssuer: deps.settings.issuer }, issuerId);
  if (!issuer) throw new PermanentError(`issuer '${issuerId}' does not exist`);
  return issuer;
}

export const statusListDeps = (deps: Pick<WorkflowDeps, 'lists' | 'settings' | 'clock' | 'archive'>, signer: Signer): StatusListDeps => ({
  lists: deps.lists,
  archive: deps.archive,
  signer: async () => signer,
  publicBaseUrl: deps.settings.publicBaseUrl,
  clock: deps.clock,
});

