import * as z from '../../shared/zod';
import { dynamo } from '../../shared/aws/dynamo';
import { systemClock } from '../../shared/clock';
import { OFFER_ID_PATTERN, walletOfferRepository } from '../../shared/entities/wallet-offer';
import { httpHandler } from '../../shared/http/http-handler';
import { cloudFrontOrigin } from '../../shared/http/origin-check';
import { credentialIssuerIdentifier, credentialOffer } from '../../shared/use-cases/oid4vci';
import { loadSettings } from '../../shared/wiring/bindings';
import * as LEARNER_FUNCTIONS from '../../shared/wiring/learner';

const config = loadSettings(LEARNER_FUNCTIONS.GetCredentialOffer);
const credentialIssuer = credentialIssuerIdentifier(config.PUBLIC_BASE_URL, { localCloud: config.LOCAL_INTERNET_URL !== undefined });
const deps = { offers: walletOfferRepository(dynamo(), config.TABLE_NAME), clock: systemClock, settings: { publicBaseUrl: config.PUBLIC_BASE_URL, credentialIssuer } };
const params = z.object({ offerId: z.string().check(z.regex(OFFER_ID_PATTERN, 'is not a wallet offer id')) });

/**
 * GET /oid4vci/offers/{offerId}: the credential offer a wallet resolves from the
 * `credential_offer_uri` the interaction URL lists. It carries the pre-authorized code, so it is
 * never cached; used, locked or expired offers answer 410.
 */
export const handler = httpHandler({ origin: cloudFrontOrigin(LEARNER_FUNCTIONS.GetCredentialOffer), params }, async ({ params }) => ({
  status: 200,
  body: await credentialOffer(deps, params.offerId),
  headers: { 'cache-control': 'no-store' },
}));
