import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { repositories } from '../../shared/admin-deps';
import { eventBridgeBus } from '../../shared/adapters/eventbridge-bus';
import { s3Artifacts } from '../../shared/adapters/s3-artifacts';
import { eventBridge } from '../../shared/aws/clients';
import { s3Objects } from '../../shared/aws/s3-objects';
import { dynamo } from '../../shared/aws/dynamo';
import { issuerRepository } from '../../shared/entities/issuer';
import { reminderRepository } from '../../shared/entities/reminder';
import { NotFoundError } from '../../shared/errors';
import { httpHandler } from '../../shared/http/http-handler';
import { issuerSigner } from '../../shared/issuer-deps';
import { correctCredential } from '../../shared/use-cases/credential-reissue';
import { loadSettings } from '../../shared/wiring/bindings';
import { loadIssuerSettings } from '../../shared/wiring/variables';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.CorrectCredential);
const records = repositories(config.TABLE_NAME, config.AUDIT_WRITER_FUNCTION);
const deps = {
  ...records,
  reminders: reminderRepository(dynamo(), config.TABLE_NAME),
  issuers: issuerRepository(dynamo(), config.TABLE_NAME),
  artifacts: s3Artifacts(s3Objects(config.BUCKET_NAME)),
  signer: issuerSigner(config),
  eventBus: eventBridgeBus(eventBridge(), config.EVENT_BUS_NAME),
  settings: { publicBaseUrl: config.PUBLIC_BASE_URL, issuer: loadIssuerSettings(config) },
};

/** POST /credentials/{id}/corrections: a corrected (or extended) credential replaces the original, which is superseded. */
export const handler = httpHandler(ADMIN_ROUTES.correctCredential, async ({ params, body, principal }) => {
  const original = await deps.credentials.get(params.id);
  if (!original) throw new NotFoundError(`No credential with id '${params.id}'.`);
  const { reason, ...correction } = body;
  const successor = await correctCredential(deps, original, correction, reason, principal!);
  return { status: 201, body: successor, headers: { location: `/credentials/${successor.id}` } };
});
