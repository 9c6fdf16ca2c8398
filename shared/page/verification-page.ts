import { createHash } from 'node:crypto';
import type { VerificationStatus } from '../credentials/verify';
import { linkedInAddToProfileUrl } from '../email/credential-email';
import { escapeHtml as h } from '../html';
import { fill, type PageTexts } from './texts';

/**
 * The verification page an employer opens from a CV, a LinkedIn profile or a QR code:
 * server-rendered HTML with no framework, readable without script, keyboard- and
 * screen-reader-friendly. It shows only what the signed credential publishes (the learner's
 * name only if they agreed to publish it; never an email, a hash salt or an internal id).
 */
export interface Branding {
  institutionName: string;
  logoUrl?: string | undefined;
  /** A #rrggbb colour for the header; its text colour is chosen for WCAG AA contrast. */
  primaryColor: string;
  linkedInOrganizationId?: string | undefined;
}

export interface PageInput {
  credential: Record<string, any>;
  verification: { status: VerificationStatus; checks: { name: string; passed: boolean; message: string }[]; checkedAt: string };
  /** When the issuer revoked it (the reason is not shown). */
  revokedAt?: string | undefined;
  pageUrl: string;
  verificationUrl: string;
  branding: Branding;
  texts: PageTexts;
  /** The QR code of pageUrl, as an SVG element. */
  qrSvg: string;
  /** false: without its one script (the copy button's), for a preview shown where nothing runs. */
  script?: boolean;
  /** A newer credential replaced this one: when, and where the current one is. */
  supersededBy?: { at: string; url: string } | undefined;
}

// ---------------------------------------------------------------- colour contrast (WCAG 2.2)

const channel = (c: number) => {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};
export function luminance(hex: string): number {
  const n = Number.parseInt(hex.replace('#', ''), 16);
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}
export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
}
/**
 * White or black text, whichever reads better on `background`. One of the two always reaches
 * 4.5:1 (the worst case, a mid grey, still gets about 4.6:1 with black); a near-black would not.
 */
export const textOn = (background: string) => (contrast(background, '#ffffff') >= contrast(background, '#000000') ? '#ffffff' : '#000000');

/** Status colours: dark text on a light tint, each pair ≥ 7:1. */
export const STATUS_STYLE: Record<string, { fg: string; bg: string; border: string; icon: string }> = {
  valid: { fg: '#0b4d24', bg: '#e6f4ea', border: '#1e7b3c', icon: '✓' },
  expired: { fg: '#5c3b00', bg: '#fff4dc', border: '#a86b00', icon: '!' },
  revoked: { fg: '#7a0d0d', bg: '#fdecea', border: '#b3261e', icon: '✕' },
  suspended: { fg: '#5c3b00', bg: '#fff4dc', border: '#a86b00', icon: '‖' },
  invalid: { fg: '#7a0d0d', bg: '#fdecea', border: '#b3261e', icon: '✕' },
};

const CSS = `
:root{color-scheme:light;--brand:BRAND;--on-brand:ONBRAND}
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#f6f6f4}
a{color:#0b4f9c}a:focus-visible,button:focus-visible{outline:3px solid #0b4f9c;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:1}
header.site{background:var(--brand);color:var(--on-brand);padding:.75rem 1.25rem;display:flex;gap:.75rem;align-items:center}
header.site img{height:40px;width:auto;background:#fff;border-radius:4px;padding:2px}
header.site span{font-weight:600}
main{max-width:52rem;margin:1.5rem auto;padding:0 1rem}
.status{border:2px solid;border-radius:10px;padding:1rem 1.25rem;display:flex;gap:1rem;align-items:flex-start}
.status .icon{font-size:1.75rem;line-height:1;font-weight:700}
.status strong{font-size:1.2rem;display:block}
.card{background:#fff;border:1px solid #d9d9d4;border-radius:10px;padding:1.25rem 1.5rem;margin-top:1.25rem}
.hero{display:flex;gap:1.5rem;align-items:flex-start;flex-wrap:wrap}
.hero img{width:160px;height:160px;object-fit:contain}
h1{font-size:1.75rem;margin:.25rem 0 .5rem;line-height:1.25}
h2{font-size:1.15rem;margin:1.25rem 0 .5rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1rem;margin:0}
dl.facts dt{font-weight:600;color:#444}
dl.facts dd{margin:0}
ul.checks{list-style:none;padding:0;margin:0}
ul.checks li{padding:.35rem 0;border-bottom:1px solid #eee;display:flex;gap:.6rem}
ul.checks .ok{color:#0b4d24;font-weight:700}ul.checks .no{color:#7a0d0d;font-weight:700}
.share{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center}
.button{display:inline-block;border:2px solid #0b4f9c;border-radius:6px;padding:.45rem .9rem;color:#0b4f9c;background:#fff;font:inherit;font-weight:600;text-decoration:none;cursor:pointer}
.button.primary{background:#0b4f9c;color:#fff}
.qr svg{width:132px;height:132px}
.muted{color:#555;font-size:.9rem}
footer{max-width:52rem;margin:1rem auto 2rem;padding:0 1rem;color:#555;font-size:.85rem}
`;

/** The page's one stylesheet: the brand colour, its readable text colour, the status colours (the claim page's too). */
export const stylesFor = (branding: Pick<Branding, 'primaryColor'>) =>
  CSS.replace('BRAND', branding.primaryColor).replace('ONBRAND', textOn(branding.primaryColor)) +
  Object.entries(STATUS_STYLE)
    .map(([k, v]) => `.status.${k}{color:${v.fg};background:${v.bg};border-color:${v.border}}.status.${k} .when{color:${v.fg}}`)
    .join('') +
  '.when{font-size:.9rem}.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}';

/** Copy link: progressive enhancement (the link itself is on the page for anyone without script). */
const SCRIPT = `document.querySelectorAll('[data-copy]').forEach(function(b){b.hidden=false;b.addEventListener('click',function(){navigator.clipboard.writeText(b.getAttribute('data-copy')).then(function(){var s=document.getElementById('copy-status');s.textContent=b.getAttribute('data-done');});});});`;

export const sha256 = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;

/**
 * The CSP source of the page's stylesheet for a brand colour: the staff console allows it, so the
 * page can be previewed in a sandboxed frame of the console (whose policy the frame inherits).
 */
export const pageStyleSource = (primaryColor: string) => sha256(stylesFor({ primaryColor }));

export const formatDate = (iso: string | undefined, lang: string) =>
  iso ? new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date(iso)) : '';

const httpUrl = (u: unknown): string | undefined => (typeof u === 'string' && /^https?:\/\//.test(u) ? u : undefined);

export function renderVerificationPage(input: PageInput): { html: string; contentSecurityPolicy: string } {
  const { credential: vc, verification, texts: t, branding } = input;
  const subject = (vc.credentialSubject ?? {}) as Record<string, any>;
  const achievement = (subject.achievement ?? {}) as Record<string, any>;
  const issuer = (typeof vc.issuer === 'object' ? vc.issuer : { id: vc.issuer }) as Record<string, any>;
  const name = String(achievement.name ?? vc.name ?? '');
  const issuerName = String(issuer.name ?? branding.institutionName);
  const image = httpUrl(achievement.image?.id ?? achievement.image);
  const lang = t.lang;

  const statusKey = verification.status === 'revoked' && !input.revokedAt ? 'revokedUndated' : verification.status;
  const statusText = t.status[statusKey as keyof PageTexts['status']];
  const style = STATUS_STYLE[verification.status]!;
  const statusDate = verification.status === 'expired' ? formatDate(vc.validUntil, lang) : formatDate(input.revokedAt, lang);

  const linkedIn = linkedInAddToProfileUrl(
    {
      achievementName: name,
      achievementDescription: String(achievement.description ?? ''),
      issuerName,
      credentialUrl: input.pageUrl,
      credentialId: String(vc.id ?? input.pageUrl),
      issuedAt: String(vc.validFrom ?? vc.awardedDate ?? verification.checkedAt),
      ...(vc.validUntil ? { validUntil: String(vc.validUntil) } : {}),
    },
    branding.linkedInOrganizationId,
  );

  const results = ((subject.result ?? []) as Record<string, any>[]).map((r) => {
    const description = ((achievement.resultDescription ?? []) as Record<string, any>[]).find((d) => d.id === r.resultDescription);
    return `<li>${h(String(description?.name ?? t.results))}: ${h(String(r.value ?? r.achievedLevel ?? r.status ?? ''))}</li>`;
  });
  const alignments = ((achievement.alignment ?? []) as Record<string, any>[]).map((a) => {
    const label = [a.targetName, a.targetCode ? `(${a.targetCode})` : '', a.targetFramework ? `— ${a.targetFramework}` : ''].filter(Boolean).join(' ');
    const url = httpUrl(a.targetUrl);
    return `<li>${url ? `<a href="${h(url)}" rel="noopener">${h(label)}</a>` : h(label)}</li>`;
  });
  const evidence = ((vc.evidence ?? []) as Record<string, any>[]).map((e) => {
    const title = String(e.name ?? e.description ?? e.genre ?? t.evidence);
    const url = httpUrl(e.id);
    return `<li>${url ? `<a href="${h(url)}" rel="noopener nofollow">${h(title)}</a>` : h(title)}${e.narrative ? `<br><span class="muted">${h(String(e.narrative))}</span>` : ''}</li>`;
  });
  const checks = verification.checks.map(
    (c) =>
      `<li><span class="${c.passed ? 'ok' : 'no'}" aria-hidden="true">${c.passed ? '✓' : '✕'}</span><span><span class="visually-hidden">${c.passed ? t.checkPassed : t.checkFailed}: </span>${h(t.checks[c.name as keyof PageTexts['checks']] ?? c.message)}${c.passed ? '' : `<br><span class="muted">${h(c.message)}</span>`}</span></li>`,
  );
  const description = `${name} — ${issuerName}. ${statusText.label}.`;
  const css = stylesFor(branding);

  const html = `<!doctype html>
<html lang="${h(lang)}" dir="${h(t.dir)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(name)} — ${h(issuerName)} (${h(t.titleSuffix)})</title>
<meta name="description" content="${h(description)}">
<meta name="robots" content="noindex">
<link rel="icon" href="data:,">
<link rel="alternate" type="application/ld+json" href="${h(input.pageUrl)}">
<meta property="og:type" content="website">
<meta property="og:title" content="${h(name)}">
<meta property="og:description" content="${h(`${t.issuedBy} ${issuerName}. ${fill(statusText.text, { date: statusDate })}`)}">
<meta property="og:url" content="${h(input.pageUrl)}">
<meta property="og:site_name" content="${h(branding.institutionName)}">
${image ? `<meta property="og:image" content="${h(image)}">\n<meta property="og:image:alt" content="${h(fill(t.badgeAlt, { name }))}">` : ''}
<meta name="twitter:card" content="summary">
<meta name="twitter:title" content="${h(name)}">
<meta name="twitter:description" content="${h(description)}">
${image ? `<meta name="twitter:image" content="${h(image)}">` : ''}
<style>${css}</style>
</head>
<body>
<a class="skip" href="#credential">${h(t.skipToContent)}</a>
<header class="site">${branding.logoUrl ? `<img src="${h(branding.logoUrl)}" alt="${h(fill(t.logoAlt, { name: branding.institutionName }))}">` : ''}<span>${h(branding.institutionName)}</span></header>
<main id="credential">
<section class="status ${verification.status}" role="status" aria-live="polite">
<span class="icon" aria-hidden="true">${style.icon}</span>
<div><strong>${h(statusText.label)}</strong>${h(fill(statusText.text, { date: statusDate }))}<br><span class="when">${h(fill(t.checkedAt, { date: formatDate(verification.checkedAt, lang) }))} · <time datetime="${h(verification.checkedAt)}">${h(verification.checkedAt.slice(11, 16))} UTC</time></span></div>
</section>
${
  input.supersededBy
    ? `<section class="card" aria-label="${h(t.superseded.link)}"><p>${h(fill(t.superseded.text, { date: formatDate(input.supersededBy.at, lang) }))} <a href="${h(input.supersededBy.url)}">${h(t.superseded.link)}</a></p></section>`
    : ''
}
<article class="card">
<div class="hero">
${image ? `<img src="${h(image)}" alt="${h(String(achievement.image?.caption ?? fill(t.badgeAlt, { name })))}">` : ''}
<div>
<h1>${h(name)}</h1>
<dl class="facts">
<dt>${h(t.awardedTo)}</dt><dd>${input.supersededBy ? `<span class="muted">${h(t.superseded.name)}</span>` : subject.name ? h(String(subject.name)) : `<span class="muted">${h(t.recipientPrivate)}</span>`}</dd>
<dt>${h(t.issuedBy)}</dt><dd>${httpUrl(issuer.url) ? `<a href="${h(String(issuer.url))}" rel="noopener">${h(issuerName)}</a>` : h(issuerName)}</dd>
<dt>${h(t.issuedOn)}</dt><dd><time datetime="${h(String(vc.validFrom ?? ''))}">${h(formatDate(vc.validFrom, lang))}</time></dd>
<dt>${h(t.validUntil)}</dt><dd>${vc.validUntil ? `<time datetime="${h(String(vc.validUntil))}">${h(formatDate(vc.validUntil, lang))}</time>` : h(t.noExpiry)}</dd>
${subject.creditsEarned !== undefined ? `<dt>${h(t.credits)}</dt><dd>${h(String(subject.creditsEarned))}</dd>` : ''}
</dl>
</div>
</div>
<h2>${h(t.description)}</h2>
<p>${h(String(achievement.description ?? ''))}</p>
<h2>${h(t.criteria)}</h2>
<p>${h(String(achievement.criteria?.narrative ?? ''))}</p>
${alignments.length ? `<h2>${h(t.skills)}</h2><ul>${alignments.join('')}</ul>` : ''}
${results.length ? `<h2>${h(t.results)}</h2><ul>${results.join('')}</ul>` : ''}
${evidence.length ? `<h2>${h(t.evidence)}</h2><ul>${evidence.join('')}</ul>` : ''}
</article>
<section class="card" aria-labelledby="how">
<h2 id="how">${h(t.howChecked)}</h2>
<ul class="checks">${checks.join('')}</ul>
<p class="muted">${h(fill(t.forMachines, { url: input.verificationUrl }))}</p>
</section>
<section class="card" aria-labelledby="share">
<h2 id="share">${h(t.share)}</h2>
<div class="share">
<a class="button primary" href="${h(linkedIn)}" rel="noopener">${h(t.addToLinkedIn)}</a>
<button class="button" type="button" hidden data-copy="${h(input.pageUrl)}" data-done="${h(t.copied)}">${h(t.copyLink)}</button>
<a class="button" href="${h(input.pageUrl)}?format=json" download="credential.json">${h(t.downloadJson)}</a>
<span class="qr" role="img" aria-label="${h(t.qrLabel)}">${input.qrSvg}</span>
</div>
<p class="muted"><a href="${h(input.pageUrl)}">${h(input.pageUrl)}</a> <span id="copy-status" role="status"></span></p>
</section>
</main>
<footer>${h(t.poweredBy)}</footer>
${input.script === false ? '' : `<script>${SCRIPT}</script>`}
</body>
</html>`;
  return {
    html,
    // Nothing runs or loads but this page's own style and script (by hash), and images over https.
    contentSecurityPolicy: `default-src 'none'; img-src https: http: data:; style-src ${sha256(css)}; script-src ${sha256(SCRIPT)}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  };
}

/** The page for an id nothing answers to. */
export function renderNotFoundPage(texts: PageTexts, branding: Branding): { html: string; contentSecurityPolicy: string } {
  const css = stylesFor(branding);
  return {
    html: `<!doctype html><html lang="${h(texts.lang)}" dir="${h(texts.dir)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${h(texts.notFoundTitle)}</title><meta name="robots" content="noindex"><style>${css}</style></head><body><header class="site"><span>${h(branding.institutionName)}</span></header><main><h1>${h(texts.notFoundTitle)}</h1><p>${h(texts.notFoundText)}</p></main></body></html>`,
    contentSecurityPolicy: `default-src 'none'; style-src ${sha256(css)}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  };
}
