import { httpHandler } from '../../shared/http/http-handler';
import { cloudFrontOrigin } from '../../shared/http/origin-check';
import { learnerPages } from '../../shared/learner-deps';
import { renderOpeningPage } from '../../shared/page/claim-page';
import { loadSettings } from '../../shared/wiring/bindings';
import * as LEARNER_FUNCTIONS from '../../shared/wiring/learner';

const pages = learnerPages(loadSettings(LEARNER_FUNCTIONS.OpenClaimLink));

/**
 * GET /claim and GET /claim/contact: the first stop of a link from an email. The token is in the
 * URL's fragment, which browsers never send, so this page holds nothing personal and changes
 * nothing (mail scanners open links before people do); its script moves the token out of the
 * address bar and on to the session (or the confirmation the learner presses).
 */
export const handler = httpHandler({ origin: cloudFrontOrigin(LEARNER_FUNCTIONS.OpenClaimLink) }, async ({ headers, event }) => {
  const page = renderOpeningPage({
    texts: pages.textsFor(headers['accept-language']),
    branding: pages.branding,
    mode: event.rawPath.endsWith('/contact') ? 'contact' : 'claim',
    urls: { session: pages.urls.session, page: pages.urls.page, newLink: pages.urls.newLink, confirm: pages.urls.confirm },
  });
  return { status: 200, raw: true, body: page.html, headers: { ...page.headers, vary: 'Accept-Language' } };
});
