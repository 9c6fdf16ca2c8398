import type { Branding } from './verification-page';
import { PAGE_TEXTS, type PageTexts } from './texts';

/** The deployment's page settings as a function's environment has them (BRAND_*, LINKEDIN_ORGANIZATION_ID, PAGE_LANGUAGE). */
export interface PageSettingsConfig {
  INSTITUTION_NAME: string;
  BRAND_COLOR: string;
  BRAND_LOGO_URL?: string | undefined;
  LINKEDIN_ORGANIZATION_ID?: string | undefined;
  PAGE_LANGUAGE: string;
}

/**
 * The verification page's branding and texts, read once at cold start by every function that
 * renders the page (the public page, the editor's preview of it). A language without a texts
 * file fails the cold start, naming the ones there are.
 */
export function pageSettings(config: PageSettingsConfig): { branding: Branding; texts: PageTexts } {
  const texts = PAGE_TEXTS[config.PAGE_LANGUAGE];
  if (!texts) throw new Error(`Invalid function configuration: PAGE_LANGUAGE: one of ${Object.keys(PAGE_TEXTS).join(', ')} (shared/page/texts/)`);
  return {
    branding: { institutionName: config.INSTITUTION_NAME, primaryColor: config.BRAND_COLOR, logoUrl: config.BRAND_LOGO_URL, linkedInOrganizationId: config.LINKEDIN_ORGANIZATION_ID },
    texts,
  };
}
