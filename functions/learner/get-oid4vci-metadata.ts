import { httpHandler } from '../../shared/http/http-handler';
import { cloudFrontOrigin } from '../../shared/http/origin-check';
import { authorizationServerMetadata, credentialIssuerIdentifier, credentialIssuerMetadata, METADATA_MAX_AGE_SECONDS } from '../../shared/use-cases/oid4vci';
import { loadSettings } from '../../shared/wiring/bindings';
import * as LEARNER_FUNCTIONS from '../../shared/wiring/learner';

const config = loadSettings(LEARNER_FUNCTIONS.GetOid4vciMetadata);
const settings = { credentialIssuer: credentialIssuerIdentifier(config.PUBLIC_BASE_URL, { localCloud: config.LOCAL_INTERNET_URL !== undefined }), institutionName: config.INSTITUTION_NAME };
// Made once per cold start: they change with a deployment only.
const issuerMetadata = credentialIssuerMetadata(settings);
const serverMetadata = authorizationServerMetadata(settings);

/**
 * GET /.well-known/openid-credential-issuer (OpenID4VCI 1.0 §12.2) and
 * GET /.well-known/oauth-authorization-server (RFC 8414): the issuer is its own authorization
 * server. Public documents, cacheable for a few minutes.
 */
export const handler = httpHandler({ origin: cloudFrontOrigin(LEARNER_FUNCTIONS.GetOid4vciMetadata) }, async ({ event }) => ({
  status: 200,
  body: event.rawPath.endsWith('/oauth-authorization-server') ? serverMetadata : issuerMetadata,
  headers: { 'cache-control': `public, max-age=${METADATA_MAX_AGE_SECONDS}` },
}));
