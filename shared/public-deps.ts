import { dynamo } from './aws/dynamo';
import { s3 } from './aws/s3';
import { env, loadConfig } from './config';
import { credentialRepository } from './entities/credential';
import { issuerKeyRepository } from './entities/issuer-key';
import { issuerRepository } from './entities/issuer';
import { issuerEnv, loadIssuerSettings } from './settings';
import type { PublicDeps } from './use-cases/public-documents';
import { statusListRepository } from './entities/status-list';
import { cachedStoreResolver, type VerificationDeps } from './use-cases/verification';
import { outboundFetch } from './http/outbound';
import { remoteResolver } from './credentials/remote-resolver';
import type { PresentedDeps } from './use-cases/verify-presented';

const publicEnv = issuerEnv.extend({ TABLE_NAME: env.name, BUCKET_NAME: env.name.optional() });

/** Adapters for the public API's read-only handlers. */
export function publicDeps(): PublicDeps {
  const config = loadConfig(publicEnv);
  const db = dynamo();
  return {
    credentials: credentialRepository(db, config.TABLE_NAME),
    keys: issuerKeyRepository(db, config.TABLE_NAME),
    issuers: issuerRepository(db, config.TABLE_NAME),
    s3: s3(),
    bucketName: config.BUCKET_NAME ?? '',
    publicBaseUrl: config.PUBLIC_BASE_URL,
    issuer: loadIssuerSettings(config),
  };
}

/** The public adapters plus status lists, for verifying what this deployment issued. */
export function verificationDeps(): VerificationDeps {
  const config = loadConfig(publicEnv);
  return { ...publicDeps(), lists: statusListRepository(dynamo(), config.TABLE_NAME) };
}

/** Path parameters of public routes are validated like the admin API's. */
export { idPath as publicIdPath } from './api/schemas';

/**
 * POST /verify: our own documents from the table, everyone else's over https. LOCAL_INTERNET_URL
 * is set by the local cloud only (its internet stand-in); in AWS outbound requests go straight
 * out, checked against private and reserved addresses.
 */
export function presentedDeps(): PresentedDeps {
  const config = loadConfig(publicEnv.extend({ LOCAL_INTERNET_URL: env.url.optional() }));
  const ours = verificationDeps();
  return {
    publicBaseUrl: config.PUBLIC_BASE_URL,
    ours: cachedStoreResolver(ours),
    remote: remoteResolver({ fetch: outboundFetch(config.LOCAL_INTERNET_URL ? { standInUrl: config.LOCAL_INTERNET_URL } : {}) }),
  };
}
