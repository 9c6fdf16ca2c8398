import * as z from '../../shared/zod';
import { dynamo } from '../../shared/aws/dynamo';
import { systemClock } from '../../shared/clock';
import { OFFER_ID_PATTERN, walletOfferRepository } from '../../shared/entities/wallet-offer';
import { httpHandler, type HttpResult } from '../../shared/http/http-handler';
import { cloudFrontOrigin } from '../../shared/http/origin-check';
import { learnerPages } from '../../shared/learner-deps';
import { renderInteractionPage } from '../../shared/page/claim-page';
import { interactionProtocols, offerIsOpen } from '../../shared/use-cases/wallet-pickup';
import { loadSettings } from '../../shared/wiring/bindings';
import * as LEARNER_FUNCTIONS from '../../shared/wiring/learner';

const config = loadSettings(LEARNER_FUNCTIONS.GetWalletInteraction);
const deps = { offers: walletOfferRepository(dynamo(), config.TABLE_NAME), clock: systemClock, settings: { publicBaseUrl: config.PUBLIC_BASE_URL } };
const pages = learnerPages(config);
const params = z.object({ offerId: z.string().check(z.regex(OFFER_ID_PATTERN, 'is not a wallet offer id')) });
/** `iuv=1` marks an interaction URL (VCALM); wallets add nothing else we read. */
const query = z.object({ iuv: z.optional(z.string()) });

/** A wallet asks for JSON; a person's browser (any other Accept) gets a page that says what to do. */
const wantsJson = (accept: string | undefined) => /application\/(json|ld\+json)/i.test(accept ?? '');

/**
 * GET /wallet/{offerId}?iuv=1: the interaction URL. A wallet (Accept: application/json) is told
 * the protocols for this offer — `vcapi`, the exchange, which the Learner Credential Wallet reads;
 * a person is told to open it in a wallet. Used or expired offers: 410 / a page saying so.
 */
export const handler = httpHandler({ origin: cloudFrontOrigin(LEARNER_FUNCTIONS.GetWalletInteraction), params, query }, async ({ params, headers }): Promise<HttpResult> => {
  if (wantsJson(headers.accept)) return { status: 200, body: await interactionProtocols(deps, params.offerId), headers: { 'cache-control': 'no-store', vary: 'Accept' } };
  const open = await offerIsOpen(deps, params.offerId);
  const page = renderInteractionPage({ texts: pages.textsFor(headers['accept-language']), branding: pages.branding, open });
  return { status: open ? 200 : 410, raw: true, body: page.html, headers: { ...page.headers, vary: 'Accept' } };
});
