import { en, type ClaimTexts } from './claim-texts/en';
import { fr } from './claim-texts/fr';

/** The claim page's languages, one file each in claim-texts/; a new language is a file and a line here. */
export const CLAIM_TEXTS: Record<string, ClaimTexts> = { en, fr };
export type { ClaimTexts };

/**
 * The learner's language: the first of their browser's (Accept-Language, by q) that has a texts
 * file, else the deployment's page language, else English. Bounded: only the first 20 entries.
 */
export function claimTextsFor(acceptLanguage: string | undefined, fallback: string): ClaimTexts {
  const wanted = (acceptLanguage ?? '')
    .slice(0, 500)
    .split(',')
    .slice(0, 20)
    .map((part) => {
      const [tag = '', q] = part.trim().toLowerCase().split(';q=');
      return { lang: tag.split('-')[0]!, q: q === undefined ? 1 : Number(q) || 0 };
    })
    .filter((t) => t.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { lang } of wanted) {
    const texts = CLAIM_TEXTS[lang];
    if (texts) return texts;
  }
  return CLAIM_TEXTS[fallback] ?? en;
}
