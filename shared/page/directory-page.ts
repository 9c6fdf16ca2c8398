import { escapeHtml as h } from '../html';
import type { DirectoryPage, DirectoryStatus } from '../use-cases/directory';
import { fill, type PageTexts } from './texts';
import { formatDate, sha256, STATUS_STYLE, stylesFor, type Branding } from './verification-page';

/**
 * The issuer's public directory as a page (README "The directory"): the verification page's look,
 * branding and language file. No script: the search is a GET form, the results a list, each
 * status in words beside its colour. Indexed by search engines only if the issuer allows it.
 */

/** Each status drawn as the verification page draws the matching one. */
const STYLE_OF: Record<DirectoryStatus, keyof typeof STATUS_STYLE> = { active: 'valid', suspended: 'suspended', revoked: 'revoked', expired: 'expired' };

const EXTRA_CSS =
  'form.search{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:.75rem 1rem;align-items:end}' +
  'form.search label{display:block;font-weight:600}form.search input{width:100%;font:inherit;padding:.4rem .5rem;border:1px solid #767676;border-radius:6px}' +
  'form.search input:focus-visible{outline:3px solid #0b4f9c;outline-offset:1px}' +
  'ul.people{list-style:none;padding:0;margin:0}ul.people>li{border-top:1px solid #e2e2de;padding:.9rem 0}' +
  'ul.people h3{margin:0 0 .4rem;font-size:1.1rem}ul.held{list-style:none;padding:0;margin:0}ul.held li{margin:.35rem 0}' +
  '.badge{display:inline-block;border:2px solid;border-radius:999px;padding:0 .55rem;font-weight:600;font-size:.9rem;margin-inline-start:.4rem}';

export function renderDirectoryPage(input: { page: DirectoryPage; texts: PageTexts; branding: Branding; pageUrl: string }): { html: string; contentSecurityPolicy: string } {
  const { page, texts, branding } = input;
  const t = texts.directory;
  const lang = texts.lang;
  const title = fill(t.title, { issuer: page.issuer.name });
  const css =
    stylesFor(branding) +
    EXTRA_CSS +
    Object.entries(STYLE_OF)
      .map(([k, s]) => `.badge.${k}{color:${STATUS_STYLE[s]!.fg};background:${STATUS_STYLE[s]!.bg};border-color:${STATUS_STYLE[s]!.border}}`)
      .join('');
  const field = (id: 'q' | 'achievement' | 'skill', label: string, value: string | undefined) =>
    `<div><label for="${id}">${h(label)}</label><input id="${id}" name="${id}" type="search" maxlength="100" value="${h(value ?? '')}"></div>`;
  const searched = Boolean(page.query.name || page.query.achievement || page.query.skill);
  const people = page.people.map(
    (p, i) => `<li><h3 id="person-${i}">${h(p.name)}</h3><ul class="held" aria-labelledby="person-${i}">${p.credentials
      .map((c) => {
        const icon = STATUS_STYLE[STYLE_OF[c.status]]!.icon;
        const dates = [fill(t.issued, { date: formatDate(c.issuedAt, lang) }), c.validUntil ? fill(t.validUntil, { date: formatDate(c.validUntil, lang) }) : ''].filter(Boolean).join(', ');
        return `<li><a href="${h(c.url)}">${h(c.achievementName)}</a><span class="badge ${c.status}"><span aria-hidden="true">${h(icon)} </span><span class="visually-hidden">${h(t.statusLabel)}: </span>${h(t.status[c.status])}</span> <span class="muted">${h(dates)}</span>${
          c.skills.length ? `<br><span class="muted">${h(t.skills)}: ${h(c.skills.join(', '))}</span>` : ''
        }</li>`;
      })
      .join('')}</ul></li>`,
  );
  const more = page.cursor ? moreUrl(input.pageUrl, page.query, page.cursor) : undefined;
  const html = `<!doctype html>
<html lang="${h(lang)}" dir="${h(texts.dir)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title>
<meta name="description" content="${h(fill(t.intro, { issuer: page.issuer.name }))}">
${page.searchEngines ? '' : '<meta name="robots" content="noindex">\n'}<link rel="icon" href="data:,">
<link rel="alternate" type="application/json" href="${h(input.pageUrl)}">
<style>${css}</style>
</head>
<body>
<a class="skip" href="#results">${h(t.skipToContent)}</a>
<header class="site">${branding.logoUrl ? `<img src="${h(branding.logoUrl)}" alt="${h(fill(texts.logoAlt, { name: branding.institutionName }))}">` : ''}<span>${h(branding.institutionName)}</span></header>
<main id="main">
<h1>${h(title)}</h1>
<p>${h(fill(t.intro, { issuer: page.issuer.name }))}</p>
<section class="card" aria-labelledby="search-title">
<h2 id="search-title">${h(t.searchTitle)}</h2>
<form class="search" role="search" method="get" action="${h(input.pageUrl)}" aria-labelledby="search-title">
${field('q', t.name, page.query.name)}
${field('achievement', t.achievement, page.query.achievement)}
${field('skill', t.skill, page.query.skill)}
<div><button class="button primary" type="submit">${h(t.search)}</button>${searched ? ` <a href="${h(input.pageUrl)}">${h(t.clear)}</a>` : ''}</div>
</form>
</section>
<section class="card" id="results" aria-labelledby="results-title" tabindex="-1">
<h2 id="results-title">${h(t.resultsTitle)}</h2>
${people.length ? `<ul class="people">${people.join('\n')}</ul>` : `<p>${h(t.none)}</p>`}
${more ? `<p><a class="button" href="${h(more)}">${h(t.more)}</a></p>` : ''}
</section>
</main>
<footer>${h(texts.poweredBy)}</footer>
</body>
</html>`;
  return {
    html,
    // Nothing runs; the search form submits to this page alone.
    contentSecurityPolicy: `default-src 'none'; img-src https: http: data:; style-src ${sha256(css)}; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
  };
}

/** The next page's address: the same search, and the cursor. */
function moreUrl(pageUrl: string, query: DirectoryPage['query'], cursor: string): string {
  const params = new URLSearchParams();
  if (query.name) params.set('q', query.name);
  if (query.achievement) params.set('achievement', query.achievement);
  if (query.skill) params.set('skill', query.skill);
  params.set('cursor', cursor);
  return `${pageUrl}?${params.toString()}`;
}

/** The page for an issuer with no directory (or with it off). */
export function renderNoDirectoryPage(texts: PageTexts, branding: Branding): { html: string; contentSecurityPolicy: string } {
  const css = stylesFor(branding);
  const t = texts.directory;
  return {
    html: `<!doctype html><html lang="${h(texts.lang)}" dir="${h(texts.dir)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${h(t.notFoundTitle)}</title><meta name="robots" content="noindex"><style>${css}</style></head><body><header class="site"><span>${h(branding.institutionName)}</span></header><main><h1>${h(t.notFoundTitle)}</h1><p>${h(t.notFoundText)}</p></main></body></html>`,
    contentSecurityPolicy: `default-src 'none'; style-src ${sha256(css)}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  };
}
