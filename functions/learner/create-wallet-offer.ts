import QRCode from 'qrcode';
import { dynamo } from '../../shared/aws/dynamo';
import { walletOfferRepository } from '../../shared/entities/wallet-offer';
import { httpHandler } from '../../shared/http/http-handler';
import { requireClaimToken, requireSameOrigin } from '../../shared/http/claim-session';
import { cloudFrontOrigin } from '../../shared/http/origin-check';
import { claimReads, renewalReads, learnerPages, refusalPage } from '../../shared/learner-deps';
import { renderClaimPage } from '../../shared/page/claim-page';
import { claimPageInput } from '../../shared/use-cases/claim-page-view';
import { openClaim } from '../../shared/use-cases/learner-claims';
import { createWalletOffer } from '../../shared/use-cases/wallet-pickup';
import { ConflictError } from '../../shared/errors';
import { loadSettings } from '../../shared/wiring/bindings';
import * as LEARNER_FUNCTIONS from '../../shared/wiring/learner';

const config = loadSettings(LEARNER_FUNCTIONS.CreateWalletOffer);
const deps = { ...claimReads(config), ...renewalReads(config), offers: walletOfferRepository(dynamo(), config.TABLE_NAME), settings: { publicBaseUrl: config.PUBLIC_BASE_URL } };
const pages = learnerPages(config);

/**
 * POST /claim/credential/wallet (the claim page's button): a single-use wallet offer, answered
 * with the claim page showing it first — its QR code and links — rather than a redirect, so the
 * offer's secret id never appears in a URL of the claim page.
 */
export const handler = httpHandler({ origin: cloudFrontOrigin(LEARNER_FUNCTIONS.CreateWalletOffer) }, async ({ headers, event }) => {
  const texts = pages.textsFor(headers['accept-language']);
  try {
    requireSameOrigin(headers, config.PUBLIC_BASE_URL);
    const token = requireClaimToken(event);
    const claim = await openClaim(deps, token);
    if (claim.record.status === 'REVOKED') throw new ConflictError('This credential was revoked: there is nothing to add to a wallet.');
    const offer = await createWalletOffer(deps, claim);
    const input = await claimPageInput(deps, pages, texts, token, claim);
    const qrSvg = await QRCode.toString(offer.interactionUrl, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
    const page = renderClaimPage({ ...input, offer: { interactionUrl: offer.interactionUrl, lcwUrl: offer.lcwUrl, qrSvg, minutes: offer.minutes, txCode: offer.txCode } });
    return { status: 200, raw: true, body: page.html, headers: page.headers };
  } catch (e) {
    return refusalPage(pages, headers['accept-language'], e);
  }
});
