import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { dynamo } from '../../shared/aws/dynamo';
import { kms } from '../../shared/aws/kms';
import { kmsKeyVault } from '../../shared/adapters/kms-key-vault';
import { kmsLearnerKeyer } from '../../shared/adapters/kms-learner-keyer';
import { credentialRepository } from '../../shared/entities/credential';
import { issuanceRepository } from '../../shared/entities/issuance';
import { holdingRepository } from '../../shared/entities/holding';
import { auditRepository } from '../../shared/entities/audit';
import { lambdaAuditLog } from '../../shared/adapters/lambda-audit-log';
import { s3Archive } from '../../shared/adapters/s3-archive';
import { s3Objects } from '../../shared/aws/s3-objects';
import { issuerKeyRepository } from '../../shared/entities/issuer-key';
import { statusListRepository } from '../../shared/entities/status-list';
import { ValidationError } from '../../shared/errors';
import { httpHandler } from '../../shared/http/http-handler';
import { changeCredentialStatus, type StatusAction } from '../../shared/use-cases/credential-status';
import { currentSigner } from '../../shared/use-cases/signing-key';
import { systemClock } from '../../shared/clock';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.ChangeCredentialStatus);
const db = dynamo();
const keyDeps = {
  keys: issuerKeyRepository(db, config.TABLE_NAME),
  keyVault: kmsKeyVault(kms()),
  publicBaseUrl: config.PUBLIC_BASE_URL,
  clock: systemClock,
};
const deps = {
  clock: systemClock,
  credentials: credentialRepository(db, config.TABLE_NAME),
  audit: lambdaAuditLog(config.AUDIT_WRITER_FUNCTION, auditRepository(db, config.TABLE_NAME)),
  issuances: issuanceRepository(db, config.TABLE_NAME),
  // A revocation releases the learner's holding, keyed with the learner-index key.
  holdings: holdingRepository(db, config.TABLE_NAME, kmsLearnerKeyer(kms(), config.LEARNER_KEY_ARN)),
  lists: statusListRepository(db, config.TABLE_NAME),
  archive: s3Archive(s3Objects(config.ARCHIVE_BUCKET_NAME)),
  signer: async (issuerId: string) => (await currentSigner(keyDeps, issuerId)).signer,
  publicBaseUrl: config.PUBLIC_BASE_URL,
};

const ACTIONS: Record<string, StatusAction> = { revoke: 'revoke', suspend: 'suspend', reinstate: 'reinstate' };

/** POST /credentials/{id}/revoke | /suspend | /reinstate — one function, three routes (same spec apart from the path). */
export const handler = httpHandler(ADMIN_ROUTES.revokeCredential, async ({ params, body, principal, event }) => {
  const action = ACTIONS[event.rawPath.split('/').pop() ?? ''];
  if (!action) throw new ValidationError('Unknown status action.', [{ path: 'path', message: 'use revoke, suspend or reinstate' }]);
  if (action !== 'reinstate' && !body.reason) {
    throw new ValidationError(`A reason is required to ${action} a credential.`, [{ path: 'body.reason', message: 'required' }]);
  }
  const record = await changeCredentialStatus(deps, params.id, action, principal!, body.reason);
  return { status: 200, body: record };
});
