import { en, type PageTexts } from './texts/en';

/** The page's languages; the deployment picks one (laurel:pageLanguage). */
export const PAGE_TEXTS: Record<string, PageTexts> = { en };
export type { PageTexts };

/** Fills `{name}` placeholders. */
export const fill = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? `{${k}}`);
