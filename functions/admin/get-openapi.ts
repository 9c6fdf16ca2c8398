import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { buildOpenApi } from '../../shared/api/openapi';
import { httpHandler } from '../../shared/http/http-handler';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.GetOpenApi);
const documents = new Map<string, ReturnType<typeof buildOpenApi>>();

/** GET /openapi.json (no token: the API's shape is no secret, and tools fetch it unauthenticated). */
export const handler = httpHandler(ADMIN_ROUTES.getOpenApi, async ({ event }) => {
  const host = event.requestContext.domainName;
  const local = /^(localhost|127\.|\[::1\])/.test(host);
  const serverUrl = `${local ? 'http' : 'https'}://${host}`;
  let doc = documents.get(serverUrl);
  if (!doc) documents.set(serverUrl, (doc = buildOpenApi({ serverUrl, ...(config.TOKEN_URL ? { tokenUrl: config.TOKEN_URL } : {}) })));
  return { status: 200, body: doc, headers: { 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' } };
});
