import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { dynamo } from '../../shared/aws/dynamo';
import { s3Objects } from '../../shared/aws/s3-objects';
import { s3Artifacts } from '../../shared/adapters/s3-artifacts';
import { achievementRepository } from '../../shared/entities/achievement';
import { auditRepository } from '../../shared/entities/audit';
import { credentialRepository } from '../../shared/entities/credential';
import { issuanceRepository } from '../../shared/entities/issuance';
import { httpHandler } from '../../shared/http/http-handler';
import { evidencePack } from '../../shared/use-cases/evidence-pack';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.GetEvidencePack);
const db = dynamo();
const deps = {
  issuances: issuanceRepository(db, config.TABLE_NAME),
  achievements: achievementRepository(db, config.TABLE_NAME),
  credentials: credentialRepository(db, config.TABLE_NAME),
  audit: auditRepository(db, config.TABLE_NAME),
  artifacts: s3Artifacts(s3Objects(config.BUCKET_NAME)),
};

/** GET /issuances/{id}/evidence-pack: a zip that answers who decided, on what evidence, under which rule. */
export const handler = httpHandler(ADMIN_ROUTES.getEvidencePack, async ({ params }) => ({
  status: 200,
  raw: true,
  base64: true,
  body: (await evidencePack(deps, params.id)).toString('base64'),
  headers: { 'content-type': 'application/zip', 'content-disposition': `attachment; filename="evidence-pack-${params.id}.zip"`, 'cache-control': 'no-store' },
}));
