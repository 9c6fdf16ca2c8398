import { dynamo, eventBridge, kms, ses } from '../aws/clients';
import { s3Objects } from '../aws/s3-objects';
import { achievementRepository } from '../entities/achievement';
import { credentialRepository } from '../entities/credential';
import { issuanceRepository } from '../entities/issuance';
import { issuerKeyRepository } from '../entities/issuer-key';
import { issuerRepository } from '../entities/issuer';
import { auditRepository } from '../entities/audit';
import { lambdaAuditLog } from '../adapters/lambda-audit-log';
import { deliveryClaimRepository } from '../entities/delivery-claim';
import { claimLinkRepository } from '../entities/claim-link';
import { holdingRepository } from '../entities/holding';
import { uploadRepository } from '../entities/upload';
import { statusListRepository } from '../entities/status-list';
import { loadSettings, type Wiring } from '../wiring/bindings';
import { loadIssuerSettings, type WorkflowStepVariables } from '../wiring/variables';
import { eventBridgeBus } from '../adapters/eventbridge-bus';
import { s3Artifacts } from '../adapters/s3-artifacts';
import { s3Archive } from '../adapters/s3-archive';
import { sesMailer } from '../adapters/ses-mailer';
import { kmsKeyVault } from '../adapters/kms-key-vault';
import { kmsLearnerKeyer } from '../adapters/kms-learner-keyer';
import { systemClock, type Clock } from '../ports';
import type { WorkflowDeps } from '../use-cases/workflow-context';

type StepConfig = ReturnType<typeof loadSettings<WorkflowStepVariables>>;

/**
 * What every step reads: the repositories over the one table, the clock and the settings. A
 * step adds the adapters it calls (below), so it bundles, and builds at cold start, only their
 * clients: the approval request carries no S3, SES, KMS or EventBridge client.
 */
export function workflowRecords<V extends WorkflowStepVariables>(wiring: Wiring<V>) {
  const config = loadSettings(wiring);
  const db = dynamo();
  const clock = systemClock;
  return {
    config,
    achievements: achievementRepository(db, config.TABLE_NAME),
    issuances: issuanceRepository(db, config.TABLE_NAME, clock),
    credentials: credentialRepository(db, config.TABLE_NAME),
    keys: issuerKeyRepository(db, config.TABLE_NAME),
    lists: statusListRepository(db, config.TABLE_NAME),
    issuers: issuerRepository(db, config.TABLE_NAME),
    audit: lambdaAuditLog(config.AUDIT_WRITER_FUNCTION, auditRepository(db, config.TABLE_NAME, clock), clock),
    holdings: holdingRepository(db, config.TABLE_NAME),
    deliveryClaims: deliveryClaimRepository(db, config.TABLE_NAME),
    claimLinks: claimLinkRepository(db, config.TABLE_NAME),
    uploads: uploadRepository(db, config.TABLE_NAME),
    clock,
    settings: {
      publicBaseUrl: config.PUBLIC_BASE_URL,
      signingKeyArn: config.SIGNING_KEY_ARN,
      ...(config.VC_JWT_KEY_ARN ? { vcJwtKeyArn: config.VC_JWT_KEY_ARN } : {}),
      issuer: loadIssuerSettings(config),
      bucketName: config.BUCKET_NAME,
    },
  };
}

/** Credential documents and uploaded evidence (S3). */
export const stepArtifacts = (config: StepConfig): Pick<WorkflowDeps, 'artifacts'> => ({ artifacts: s3Artifacts(s3Objects(config.BUCKET_NAME)) });
/** The archive (S3 Object Lock): status lists as published. */
export const stepArchive = (config: StepConfig): Pick<WorkflowDeps, 'archive'> => ({ archive: s3Archive(s3Objects(config.ARCHIVE_BUCKET_NAME)) });
/** The learner's email (SES). */
export const stepMailer = (config: StepConfig): Pick<WorkflowDeps, 'mailer'> => ({ mailer: sesMailer(ses(), { sender: config.SENDER_EMAIL, configurationSet: config.CONFIGURATION_SET }) });
/** The issuers' signing keys (KMS). */
export const stepKeyVault = (): Pick<WorkflowDeps, 'keyVault'> => ({ keyVault: kmsKeyVault(kms()) });
/**
 * The records that key a learner (holdings, an issuance's index items), with the secret derived
 * from LEARNER_KEY_ARN (KMS), for the steps that declare it: they replace workflowRecords' own.
 */
export const stepLearnerRecords = ({ config, clock }: { config: { TABLE_NAME: string; LEARNER_KEY_ARN: string }; clock: Clock }) => {
  const keys = kmsLearnerKeyer(kms(), config.LEARNER_KEY_ARN);
  return { issuances: issuanceRepository(dynamo(), config.TABLE_NAME, clock, keys), holdings: holdingRepository(dynamo(), config.TABLE_NAME, keys) };
};
/** The domain event bus (EventBridge). */
export const stepEventBus = (config: StepConfig): Pick<WorkflowDeps, 'eventBus'> => ({ eventBus: eventBridgeBus(eventBridge(), config.EVENT_BUS_NAME) });

/** Every adapter a step may use, for what runs more than one step (a cohort's rows, staff resend). */
export function workflowDeps(wiring: Wiring<WorkflowStepVariables>): WorkflowDeps {
  const records = workflowRecords(wiring);
  const { config } = records;
  return { ...records, ...stepArtifacts(config), ...stepMailer(config), ...stepKeyVault(), ...stepEventBus(config), ...stepArchive(config) };
}
