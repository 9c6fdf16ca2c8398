import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { dynamo } from '../../shared/aws/dynamo';
import { systemClock } from '../../shared/clock';
import { issuerRepository } from '../../shared/entities/issuer';
import { httpHandler } from '../../shared/http/http-handler';
import { pageSettings } from '../../shared/page/page-settings';
import { previewAchievement } from '../../shared/use-cases/achievement-preview';
import { loadSettings } from '../../shared/wiring/bindings';
import { loadIssuerSettings } from '../../shared/wiring/variables';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.PreviewAchievement);
const deps = {
  issuers: issuerRepository(dynamo(), config.TABLE_NAME),
  defaultIssuer: loadIssuerSettings(config),
  publicBaseUrl: config.PUBLIC_BASE_URL,
  brandColor: config.BRAND_COLOR,
  clock: systemClock,
  page: pageSettings(config),
};

/** POST /achievements/preview — the credential a definition would issue; nothing is stored. */
export const handler = httpHandler(ADMIN_ROUTES.previewAchievement, async ({ body, principal }) => ({
  status: 200,
  body: await previewAchievement(deps, body, principal!),
  headers: { 'cache-control': 'no-store' },
}));
