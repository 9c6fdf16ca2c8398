import { remoteResolver } from './credentials/remote-resolver';
import { outboundFetch } from './http/outbound';
import { verificationDeps } from './public-deps';
import { loadSettings, type Wiring } from './wiring/bindings';
import type { PresentedVariables } from './wiring/variables';
import { cachedStoreResolver } from './use-cases/verification';
import { credentialCopyIndex } from './entities/credential-copy';
import { dynamo } from './aws/dynamo';
import type { PresentedDeps } from './use-cases/verify-presented';

/**
 * POST /verify: our own documents from the table, everyone else's over https. LOCAL_INTERNET_URL
 * is set by the local cloud only (its internet stand-in); in AWS outbound requests go straight
 * out, checked against private and reserved addresses.
 */
export function presentedDeps(wiring: Wiring<PresentedVariables>): PresentedDeps {
  const config = loadSettings(wiring);
  const ours = verificationDeps(wiring);
  return {
    publicBaseUrl: config.PUBLIC_BASE_URL,
    ours: cachedStoreResolver(ours),
    remote: remoteResolver({ fetch: outboundFetch(config.LOCAL_INTERNET_URL ? { standInUrl: config.LOCAL_INTERNET_URL } : {}) }),
    clock: ours.clock,
    records: { credentials: ours.credentials, copies: credentialCopyIndex(dynamo(), config.TABLE_NAME) },
  };
}
