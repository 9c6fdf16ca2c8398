import { dynamo, eventBridge, kms, s3, ses } from '../aws/clients';
import { achievementRepository } from '../entities/achievement';
import { credentialRepository } from '../entities/credential';
import { issuanceRepository } from '../entities/issuance';
import { issuerKeyRepository } from '../entities/issuer-key';
import { issuerRepository } from '../entities/issuer';
import { auditRepository } from '../entities/audit';
import { deliveryClaimRepository } from '../entities/delivery-claim';
import { holdingRepository } from '../entities/holding';
import { uploadRepository } from '../entities/upload';
import { statusListRepository } from '../entities/status-list';
import { loadSettings, type Wiring } from '../wiring/bindings';
import { loadIssuerSettings, type WorkflowStepVariables } from '../wiring/variables';
import { eventBridgeBus } from '../adapters/eventbridge-bus';
import { s3Artifacts } from '../adapters/s3-artifacts';
import { sesMailer } from '../adapters/ses-mailer';
import { kmsKeyVault } from '../adapters/kms-key-vault';
import { systemClock } from '../ports';
import type { WorkflowDeps } from '../use-cases/workflow-context';

/** The workflow steps' adapters, wired once per function instance from the environment its declaration names. */
export function workflowDeps(wiring: Wiring<WorkflowStepVariables>): WorkflowDeps {
  const config = loadSettings(wiring);
  const db = dynamo();
  const clock = systemClock;
  return {
    achievements: achievementRepository(db, config.TABLE_NAME),
    issuances: issuanceRepository(db, config.TABLE_NAME, clock),
    credentials: credentialRepository(db, config.TABLE_NAME),
    keys: issuerKeyRepository(db, config.TABLE_NAME),
    lists: statusListRepository(db, config.TABLE_NAME),
    issuers: issuerRepository(db, config.TABLE_NAME),
    audit: auditRepository(db, config.TABLE_NAME, clock),
    holdings: holdingRepository(db, config.TABLE_NAME),
    deliveryClaims: deliveryClaimRepository(db, config.TABLE_NAME),
    uploads: uploadRepository(db, config.TABLE_NAME),
    keyVault: kmsKeyVault(kms()),
    artifacts: s3Artifacts(s3(), config.BUCKET_NAME),
    mailer: sesMailer(ses(), { sender: config.SENDER_EMAIL, configurationSet: config.CONFIGURATION_SET }),
    eventBus: eventBridgeBus(eventBridge(), config.EVENT_BUS_NAME),
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
