import { dynamo } from './aws/dynamo';
import { ses } from './aws/ses';
import { s3Objects } from './aws/s3-objects';
import { s3Artifacts } from './adapters/s3-artifacts';
import { sesMailer } from './adapters/ses-mailer';
import { lambdaAuditLog } from './adapters/lambda-audit-log';
import { auditRepository } from './entities/audit';
import { claimLinkRepository } from './entities/claim-link';
import { credentialRepository } from './entities/credential';
import { issuerRepository } from './entities/issuer';
import { reminderRepository } from './entities/reminder';
import { achievementRepository } from './entities/achievement';
import { issuanceRepository } from './entities/issuance';
import { walletOfferRepository } from './entities/wallet-offer';
import { issuerSigner } from './issuer-deps';
import { pageSettings } from './page/page-settings';
import { claimTextsFor } from './page/claim-texts';
import { basePath } from './http/claim-session';
import { systemClock } from './clock';
import type { ClaimDeps } from './use-cases/learner-claims';
import type { WalletDeps } from './use-cases/wallet-pickup';
import type { Mailer } from './ports';
import { DomainError, GoneError, UnauthorizedError } from './errors';
import type { HttpResult } from './http/http-handler';
import { renderMessagePage } from './page/claim-page';

/**
 * Adapters for the learner's functions (functions/learner/), each built from what its own
 * wiring declares: a page that only reads gets no mailer, no audit writer, no KMS client.
 */

interface PageConfig {
  INSTITUTION_NAME: string;
  BRAND_COLOR: string;
  BRAND_LOGO_URL?: string | undefined;
  LINKEDIN_ORGANIZATION_ID?: string | undefined;
  PAGE_LANGUAGE: string;
  PUBLIC_BASE_URL: string;
}

/** The pages' branding, the learner's language (their browser's, else the deployment's), and the URLs they link. */
export function learnerPages(config: PageConfig) {
  const { branding } = pageSettings(config);
  const base = config.PUBLIC_BASE_URL.endsWith('/') ? config.PUBLIC_BASE_URL : `${config.PUBLIC_BASE_URL}/`;
  return {
    branding,
    textsFor: (acceptLanguage: string | undefined) => claimTextsFor(acceptLanguage, config.PAGE_LANGUAGE),
    urls: {
      base,
      path: basePath(base),
      opening: `${base}claim`,
      session: `${base}claim/session`,
      page: `${base}claim/credential`,
      actions: `${base}claim/credential`,
      downloads: `${base}claim/credential/download`,
      newLink: `${base}claim/new-link`,
      confirm: `${base}claim/contact/confirm`,
      verify: `${base}verify`,
    },
  };
}
export type LearnerPages = ReturnType<typeof learnerPages>;

/** What every claim action reads: the link, the credential's record and issuance, the signed document. */
export function claimReads(config: { TABLE_NAME: string; BUCKET_NAME?: string | undefined }) {
  const db = dynamo();
  return {
    claimLinks: claimLinkRepository(db, config.TABLE_NAME),
    credentials: credentialRepository(db, config.TABLE_NAME),
    issuances: issuanceRepository(db, config.TABLE_NAME, systemClock),
    artifacts: s3Artifacts(s3Objects(config.BUCKET_NAME ?? '')),
    // Whether the credential's issuer has a public directory the page may offer.
    issuers: issuerRepository(db, config.TABLE_NAME),
    clock: systemClock,
  };
}

/** What the claim page reads to show renewal and reminders (use-cases/claim-page-view.ts). */
export function renewalReads(config: { TABLE_NAME: string }) {
  const db = dynamo();
  return { reminders: reminderRepository(db, config.TABLE_NAME), achievements: achievementRepository(db, config.TABLE_NAME) };
}

const NO_MAIL: Mailer = {
  send: () => Promise.reject(new Error('this function sends no email (its wiring declares no SENDER_EMAIL)')),
};

/** The claim use cases' ports; the mailer only for the functions that declare it. */
export function claimDeps(config: PageConfig & { TABLE_NAME: string; BUCKET_NAME: string; AUDIT_WRITER_FUNCTION: string; SENDER_EMAIL?: string; CONFIGURATION_SET?: string }): ClaimDeps {
  const reads = claimReads(config);
  return {
    ...reads,
    audit: lambdaAuditLog(config.AUDIT_WRITER_FUNCTION, auditRepository(dynamo(), config.TABLE_NAME), systemClock),
    mailer: config.SENDER_EMAIL ? sesMailer(ses(), { sender: config.SENDER_EMAIL, configurationSet: config.CONFIGURATION_SET ?? '' }) : NO_MAIL,
    settings: { publicBaseUrl: config.PUBLIC_BASE_URL, institutionName: config.INSTITUTION_NAME },
  };
}

export { issuerSigner };

/** Wallet pickup's ports: offers, the credential's record and bytes, the issuer's current signer. */
export function walletDeps(config: { TABLE_NAME: string; BUCKET_NAME?: string | undefined; AUDIT_WRITER_FUNCTION?: string; PUBLIC_BASE_URL: string }): WalletDeps {
  const db = dynamo();
  return {
    offers: walletOfferRepository(db, config.TABLE_NAME),
    credentials: credentialRepository(db, config.TABLE_NAME),
    artifacts: s3Artifacts(s3Objects(config.BUCKET_NAME ?? '')),
    signer: issuerSigner(config),
    audit: lambdaAuditLog(config.AUDIT_WRITER_FUNCTION ?? '', auditRepository(db, config.TABLE_NAME), systemClock),
    clock: systemClock,
    settings: { publicBaseUrl: config.PUBLIC_BASE_URL },
  };
}

/**
 * A refusal as a page, for the learner's browser (a form post or the claim page): its status, the
 * reason in words; an absent or stale session asks for the link again. Anything not a refusal is
 * rethrown: the handler's problem mapping answers it.
 */
export function refusalPage(pages: LearnerPages, acceptLanguage: string | undefined, error: unknown): HttpResult {
  if (!(error instanceof DomainError)) throw error;
  const texts = pages.textsFor(acceptLanguage);
  const session = error instanceof UnauthorizedError || error instanceof GoneError;
  const page = renderMessagePage({
    texts,
    branding: pages.branding,
    title: session ? texts.session.expiredTitle : texts.errorTitle,
    paragraphs: session ? [texts.session.expiredText, error.message] : [error.message],
  });
  return { status: error.status, raw: true, body: page.html, headers: page.headers };
}

/** After a form's action: back to the claim page, which says what was done (Post/Redirect/Get). */
export const backToClaimPage = (pages: LearnerPages, done: string): HttpResult => ({
  status: 303,
  headers: { location: `${pages.urls.page}?done=${encodeURIComponent(done)}`, 'cache-control': 'no-store' },
});
