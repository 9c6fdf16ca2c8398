import { dynamo } from '../../shared/aws/dynamo';
import { systemClock } from '../../shared/clock';
import { walletOfferRepository } from '../../shared/entities/wallet-offer';
import { httpHandler } from '../../shared/http/http-handler';
import { oauthAnswer, oauthForm, oauthRefusal } from '../../shared/http/oauth';
import { cloudFrontOrigin } from '../../shared/http/origin-check';
import { credentialIssuerIdentifier, exchangeToken } from '../../shared/use-cases/oid4vci';
import { loadSettings } from '../../shared/wiring/bindings';
import * as LEARNER_FUNCTIONS from '../../shared/wiring/learner';

const config = loadSettings(LEARNER_FUNCTIONS.ExchangeOid4vciToken);
// Refuses a plain-http issuer outside the local cloud before the first request.
credentialIssuerIdentifier(config.PUBLIC_BASE_URL, { localCloud: config.LOCAL_INTERNET_URL !== undefined });
const deps = { offers: walletOfferRepository(dynamo(), config.TABLE_NAME), clock: systemClock };

/**
 * POST /oid4vci/token: the pre-authorized code flow's token request (a form) — the offer's code
 * and the tx_code from the claim page for an access token, once. Anonymous: the code and the
 * tx_code are the authority. Refusals in OAuth 2.0's form (shared/http/oauth.ts).
 */
export const handler = httpHandler({ origin: cloudFrontOrigin(LEARNER_FUNCTIONS.ExchangeOid4vciToken) }, async ({ event, requestId }) => {
  try {
    return oauthAnswer(await exchangeToken(deps, oauthForm(event)));
  } catch (e) {
    return oauthRefusal(e, requestId, event.rawPath);
  }
});
