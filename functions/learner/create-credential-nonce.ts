import { dynamo } from '../../shared/aws/dynamo';
import { systemClock } from '../../shared/clock';
import { credentialNonceRepository } from '../../shared/entities/credential-nonce';
import { httpHandler } from '../../shared/http/http-handler';
import { oauthAnswer, oauthRefusal } from '../../shared/http/oauth';
import { cloudFrontOrigin } from '../../shared/http/origin-check';
import { createNonce, credentialIssuerIdentifier } from '../../shared/use-cases/oid4vci';
import { loadSettings } from '../../shared/wiring/bindings';
import * as LEARNER_FUNCTIONS from '../../shared/wiring/learner';

const config = loadSettings(LEARNER_FUNCTIONS.CreateCredentialNonce);
// Refuses a plain-http issuer outside the local cloud before the first request.
credentialIssuerIdentifier(config.PUBLIC_BASE_URL, { localCloud: config.LOCAL_INTERNET_URL !== undefined });
const deps = { nonces: credentialNonceRepository(dynamo(), config.TABLE_NAME), clock: systemClock };

/** POST /oid4vci/nonce (OpenID4VCI 1.0 §7): a fresh c_nonce for a key proof; no body, no authority. */
export const handler = httpHandler({ origin: cloudFrontOrigin(LEARNER_FUNCTIONS.CreateCredentialNonce) }, async ({ event, requestId }) => {
  try {
    return oauthAnswer(await createNonce(deps));
  } catch (e) {
    return oauthRefusal(e, requestId, event.rawPath);
  }
});
