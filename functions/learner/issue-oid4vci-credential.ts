import { dynamo } from '../../shared/aws/dynamo';
import { credentialNonceRepository } from '../../shared/entities/credential-nonce';
import { httpHandler } from '../../shared/http/http-handler';
import { oauthAnswer, oauthJson, oauthRefusal } from '../../shared/http/oauth';
import { cloudFrontOrigin } from '../../shared/http/origin-check';
import { walletDeps } from '../../shared/learner-deps';
import { credentialIssuerIdentifier, issueCredential } from '../../shared/use-cases/oid4vci';
import { loadSettings } from '../../shared/wiring/bindings';
import * as LEARNER_FUNCTIONS from '../../shared/wiring/learner';

const config = loadSettings(LEARNER_FUNCTIONS.IssueOid4vciCredential);
const credentialIssuer = credentialIssuerIdentifier(config.PUBLIC_BASE_URL, { localCloud: config.LOCAL_INTERNET_URL !== undefined });
const wallet = walletDeps(config);
const deps = { ...wallet, nonces: credentialNonceRepository(dynamo(), config.TABLE_NAME), settings: { ...wallet.settings, credentialIssuer } };

/**
 * POST /oid4vci/credential (OpenID4VCI 1.0 §8): with the access token (Authorization: Bearer)
 * and one jwt key proof, the copy bound to the proof's key. A key proof is a few hundred bytes,
 * so the body is capped well below httpHandler's default. Refusals in OAuth 2.0's form.
 */
export const handler = httpHandler({ origin: cloudFrontOrigin(LEARNER_FUNCTIONS.IssueOid4vciCredential) }, async ({ event, headers, requestId }) => {
  try {
    return oauthAnswer(await issueCredential(deps, { authorization: headers.authorization, readBody: () => oauthJson(event, 16 * 1024) }));
  } catch (e) {
    return oauthRefusal(e, requestId, event.rawPath);
  }
});
