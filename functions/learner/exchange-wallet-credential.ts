import * as z from '../../shared/zod';
import { OFFER_ID_PATTERN } from '../../shared/entities/wallet-offer';
import { httpHandler } from '../../shared/http/http-handler';
import { cloudFrontOrigin } from '../../shared/http/origin-check';
import { walletDeps } from '../../shared/learner-deps';
import { answerCredentialRequest, exchangeStep } from '../../shared/use-cases/wallet-pickup';
import { loadSettings } from '../../shared/wiring/bindings';
import * as LEARNER_FUNCTIONS from '../../shared/wiring/learner';

const deps = walletDeps(loadSettings(LEARNER_FUNCTIONS.ExchangeWalletCredential));
const params = z.object({ offerId: z.string().check(z.regex(OFFER_ID_PATTERN, 'is not a wallet offer id')) });
/** Any JSON object: `{}` starts the exchange, `{verifiablePresentation}` answers it; its proof is checked in the use case. */
const body = z.record(z.string(), z.unknown());

/**
 * POST /wallet/{offerId}/exchange — the VC-API exchange (every step posts to the same URL) — and
 * POST /wallet/{offerId}/request — the Learner Credential Wallet's request link, whose body is the
 * presentation itself. Wallets are not browsers: no origin check, no cookie; the offer's secret
 * id and the holder's signature over its challenge are the authority.
 */
export const handler = httpHandler({ origin: cloudFrontOrigin(LEARNER_FUNCTIONS.ExchangeWalletCredential), params, body, maxBodyBytes: 64 * 1024 }, async ({ params, body, event }) => {
  const answer = event.rawPath.endsWith('/request') ? await answerCredentialRequest(deps, params.offerId, body) : await exchangeStep(deps, params.offerId, body);
  return { status: 200, body: answer, headers: { 'cache-control': 'no-store' } };
});
