import type { VerificationStatus } from '../credentials/verify';
import { linkedInAddToProfileUrl } from '../email/credential-email';
import { escapeHtml as h } from '../html';
import { fill } from './texts';
import type { ClaimTexts } from './claim-texts';
import { formatDate, sha256, STATUS_STYLE, stylesFor, type Branding } from './verification-page';

/**
 * The learner's pages, in the verification page's look (its stylesheet, plus a few rules for
 * forms): the link's first stop (which moves the token out of the address bar and into a
 * session), the claim page with every action, a wallet offer, the contact confirmation, the
 * interaction URL's page for people, and what a private credential's URL shows. Server-rendered;
 * forms post without script. No page sends a referrer, none may be framed, none is indexed.
 */

const EXTRA_CSS =
  'form.stack{display:grid;gap:.6rem;max-width:34rem}label{font-weight:600}fieldset{border:1px solid #d9d9d4;border-radius:8px;padding:.75rem 1rem}' +
  'legend{font-weight:600;padding:0 .25rem}.choice{display:flex;gap:.5rem;align-items:flex-start;font-weight:400}.choice input{margin-top:.3rem}' +
  'input[type=email],textarea{font:inherit;padding:.45rem .6rem;border:2px solid #6b6b6b;border-radius:6px;width:100%}input:focus-visible,textarea:focus-visible{outline:3px solid #0b4f9c;outline-offset:2px}' +
  '.notice{border:2px solid #1e7b3c;background:#e6f4ea;color:#0b4d24;border-radius:8px;padding:.75rem 1rem;margin-top:1rem}.problem{border-color:#b3261e;background:#fdecea;color:#7a0d0d}' +
  '.danger{border-color:#b3261e;color:#7a0d0d}.button.danger{background:#fff}ul.plain{list-style:none;padding:0;margin:0;display:grid;gap:.4rem}.offer-qr svg{width:220px;height:220px}.hint{color:#555;font-size:.9rem;margin:0}';

const css = (branding: Pick<Branding, 'primaryColor'>) => stylesFor(branding) + EXTRA_CSS;

export interface RenderedPage {
  html: string;
  headers: Record<string, string>;
}

/** Headers every learner page carries: never cached anywhere, no referrer, not indexed, not framed. */
function pageHeaders(policy: string): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': policy,
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-robots-tag': 'noindex, nofollow',
    'x-content-type-options': 'nosniff',
  };
}

function layout(input: { texts: ClaimTexts; branding: Branding; title: string; body: string; script?: string }): RenderedPage {
  const { texts: t, branding } = input;
  const style = css(branding);
  const html = `<!doctype html>
<html lang="${h(t.lang)}" dir="${h(t.dir)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${h(input.title)} — ${h(branding.institutionName)}</title>
<link rel="icon" href="data:,">
<style>${style}</style>
</head>
<body>
<a class="skip" href="#main">${h(t.skipToContent)}</a>
<header class="site">${branding.logoUrl ? `<img src="${h(branding.logoUrl)}" alt="${h(branding.institutionName)}">` : ''}<span>${h(branding.institutionName)}</span></header>
<main id="main">
${input.body}
</main>
<footer>${h(t.poweredBy)}</footer>
${input.script ? `<script>${input.script}</script>` : ''}
</body>
</html>`;
  const policy = [
    "default-src 'none'",
    'img-src https: http: data:',
    `style-src ${sha256(style)}`,
    input.script ? `script-src ${sha256(input.script)}` : '',
    // The first stop's script posts the token to the session endpoint (same origin).
    input.script ? "connect-src 'self'" : '',
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ]
    .filter(Boolean)
    .join('; ');
  return { html, headers: pageHeaders(policy) };
}

// ---------------------------------------------------------------- the link's first stop

/**
 * The script of the first stop: takes the token from the fragment, removes it from the address
 * bar (and so from history and any later referrer) before anything else, and trades it for a
 * session (claim) or offers the confirmation (contact). Constant, so the CSP names it by hash;
 * every text it shows is already in the page, hidden.
 */
const OPENING_SCRIPT = `(function(){
var m=document.getElementById('main'),token=location.hash.slice(1);
history.replaceState(null,'',location.pathname+location.search);
function show(id,text){document.querySelectorAll('[data-state]').forEach(function(e){e.hidden=e.getAttribute('data-state')!==id;});var e=document.querySelector('[data-state="'+id+'"] [data-fill]');if(e&&text)e.textContent=e.getAttribute('data-fill').replace(/\\{\\w+\\}/,text);var f=document.querySelector('[data-state="'+id+'"] h1,[data-state="'+id+'"] p');if(f){f.setAttribute('tabindex','-1');f.focus();}}
function post(url,then){fetch(url,{method:'POST',credentials:'same-origin',headers:{'content-type':'application/json'},body:JSON.stringify({token:token})}).then(function(r){return r.json().catch(function(){return {};}).then(function(b){then(r.status,b);});},function(){show('failed','network');});}
if(!/^[A-Za-z0-9_-]{43}$/.test(token)){show('noToken');return;}
if(m.getAttribute('data-mode')==='contact'){show('confirm');document.getElementById('confirm').addEventListener('click',function(){post(m.getAttribute('data-confirm'),function(s,b){if(s===200)show('confirmed',b.address);else show('failed',b.detail||String(s));});});return;}
post(m.getAttribute('data-session'),function(s,b){if(s===204||s===200){location.replace(m.getAttribute('data-page'));return;}if(s===410){show('expired');document.getElementById('send-new').addEventListener('click',function(){post(m.getAttribute('data-new-link'),function(s2,b2){if(s2===202)show('sent',b2.sentTo);else show('failed',b2.detail||String(s2));});});return;}if(s===404){show('notFound');return;}show('failed',b.detail||String(s));});
})();`;

export function renderOpeningPage(input: { texts: ClaimTexts; branding: Branding; mode: 'claim' | 'contact'; urls: { session: string; page: string; newLink: string; confirm: string } }): RenderedPage {
  const { texts: t } = input;
  const o = t.opening;
  const state = (id: string, content: string, hidden = true) => `<div data-state="${id}"${hidden ? ' hidden' : ''}>${content}</div>`;
  const failed = state('failed', `<div class="notice problem" role="alert"><p data-fill="${h(o.failed)}">${h(fill(o.failed, { detail: '' }))}</p></div>`);
  const body =
    input.mode === 'claim'
      ? [
          state('loading', `<h1>${h(o.title)}</h1><p role="status">${h(o.text)}</p><noscript><p>${h(o.noScript)}</p></noscript>`, false),
          state('noToken', `<h1>${h(t.yourCredential)}</h1><p>${h(o.noToken)}</p>`),
          state('notFound', `<h1>${h(t.yourCredential)}</h1><p>${h(o.notFound)}</p>`),
          state('expired', `<h1>${h(t.yourCredential)}</h1><p>${h(o.expired)}</p><p><button class="button primary" type="button" id="send-new">${h(o.sendNew)}</button></p>`),
          state('sent', `<h1>${h(t.yourCredential)}</h1><p role="status" data-fill="${h(o.sent)}">${h(o.sent)}</p>`),
          failed,
        ]
      : [
          state('loading', `<h1>${h(t.contact.confirmTitle)}</h1><p role="status">${h(o.text)}</p><noscript><p>${h(o.noScript)}</p></noscript>`, false),
          state('noToken', `<h1>${h(t.contact.confirmTitle)}</h1><p>${h(o.noToken)}</p>`),
          state('confirm', `<h1>${h(t.contact.confirmTitle)}</h1><p>${h(t.contact.confirmText)}</p><p><button class="button primary" type="button" id="confirm">${h(t.contact.confirmButton)}</button></p>`),
          state('confirmed', `<h1>${h(t.contact.confirmTitle)}</h1><p role="status" data-fill="${h(t.contact.confirmed)}">${h(t.contact.confirmed)}</p>`),
          failed,
        ];
  const page = layout({ texts: t, branding: input.branding, title: input.mode === 'claim' ? t.yourCredential : t.contact.confirmTitle, body: body.join('\n'), script: OPENING_SCRIPT });
  // The URLs the script posts to ride on <main>, so the script itself never changes.
  page.html = page.html.replace(
    '<main id="main">',
    `<main id="main" data-mode="${input.mode}" data-session="${h(input.urls.session)}" data-page="${h(input.urls.page)}" data-new-link="${h(input.urls.newLink)}" data-confirm="${h(input.urls.confirm)}">`,
  );
  return page;
}

// ---------------------------------------------------------------- the claim page

export interface ClaimPageInput {
  texts: ClaimTexts;
  branding: Branding;
  credential: Record<string, any>;
  status: VerificationStatus;
  visibility: { private: boolean; directory: boolean };
  /** The issuer's public directory, when it has one on: the checkbox is offered only then. */
  directory?: { url: string } | undefined;
  /** The learner's contact address, masked (j***@example.org). */
  contact: string;
  linkExpiresAt: string;
  urls: { publicPage: string; verify: string; actions: string; downloads: string };
  /** After an action: which one, and its words. */
  notice?: { kind: 'done' | 'problem'; text: string } | undefined;
  /** The credential's expiry: its reminders and, when its achievement renews it, whether the learner may ask now. */
  renewal?: ClaimRenewal | undefined;
  /** The learner's progress along the issuer's pathways ("1 of 2 toward Safety lead"). */
  pathways?: { name: string; target: string; counted: number; required: number; awarded: boolean }[] | undefined;
  /** A wallet offer just made: shown first. */
  offer?: { interactionUrl: string; lcwUrl: string; qrSvg: string; minutes: number; txCode?: string | undefined } | undefined;
}

export interface ClaimRenewal {
  validUntil: string;
  /** Absent: the credential has no reminder schedule (issued before reminders existed). */
  reminders?: { daysBefore: number[]; off: boolean } | undefined;
  /** Open now: until when, and what the form asks (the renewal policy's rules). */
  open?: { closesAt: string; approval: boolean; minimumCredits?: number | undefined; evidenceUrl: boolean } | undefined;
  /** Why not now, when its achievement renews it. */
  refused?: string | undefined;
}

const field = (label: string, value: string) => `<dt>${h(label)}</dt><dd>${value}</dd>`;

/** The reminder days as words: "90, 30 and 7 days, and on the day". */
function dayWords(t: ClaimTexts, days: number[]): string {
  const counted = days.filter((d) => d > 0).sort((a, b) => b - a);
  const parts = [...(counted.length ? [fill(t.renewal.dayList, { days: counted.join(', ') })] : []), ...(days.includes(0) ? [t.renewal.onTheDay] : [])];
  return parts.join(', ');
}

/** Renewal and reminders: the expiry, the renewal form when it is open, and the reminders switch. */
function renewalSection(t: ClaimTexts, r: ClaimRenewal, lang: string, expired: boolean, action: (path: string) => string): string {
  const lines = [`<p>${h(fill(expired ? t.renewal.expiredOn : t.renewal.validUntil, { date: formatDate(r.validUntil, lang) }))}</p>`];
  if (r.open) {
    const o = r.open;
    lines.push(`<form class="stack" method="post" action="${h(action('renewal'))}">
<p>${h(fill(t.renewal.open, { date: formatDate(o.closesAt, lang), approval: o.approval ? t.renewal.approvalNeeded : t.renewal.noApproval }))}</p>
${o.minimumCredits !== undefined ? `<label for="credits">${h(fill(t.renewal.credits, { minimum: String(o.minimumCredits) }))}</label>
<input id="credits" name="credits" type="number" inputmode="decimal" min="0" max="1000" step="0.5" required>` : ''}
${o.evidenceUrl ? `<label for="evidence-url">${h(t.renewal.evidence)}</label>
<input id="evidence-url" name="evidence" type="url" required maxlength="2000" aria-describedby="evidence-hint">
<p class="hint" id="evidence-hint">${h(t.renewal.evidenceHint)}</p>` : ''}
<label for="narrative">${h(t.renewal.narrative)}</label>
<textarea id="narrative" name="narrative" rows="3" maxlength="2000"></textarea>
<p><button class="button primary" type="submit">${h(t.renewal.button)}</button></p>
</form>`);
  } else if (r.refused) {
    lines.push(`<p>${h(r.refused)}</p>`);
  }
  if (r.reminders && !expired) {
    const off = r.reminders.off;
    lines.push(`<form class="stack" method="post" action="${h(action('reminders'))}">
<p>${h(off ? t.renewal.remindersOff : fill(t.renewal.remindersOn, { days: dayWords(t, r.reminders.daysBefore) }))}</p>
<input type="hidden" name="reminders" value="${off ? 'on' : 'off'}">
<p><button class="button" type="submit">${h(off ? t.renewal.turnOn : t.renewal.turnOff)}</button></p>
</form>`);
  }
  return `<section class="card" aria-labelledby="renewal"><h2 id="renewal">${h(t.renewal.title)}</h2>
${lines.join('\n')}</section>`;
}

/**
 * OpenID4VCI's transaction code: shown here only, the page being private behind the emailed link,
 * so that the offer's URL alone (a QR code's screenshot, a log) is not enough. In two groups of
 * three to read; a screen reader is given the digits one by one.
 */
const txCodeLine = (t: ClaimTexts, code: string) => {
  const grouped = code.length === 6 ? `${code.slice(0, 3)} ${code.slice(3)}` : code;
  return `<p id="tx-code">${h(t.wallet.txCode)} <strong translate="no" aria-label="${h(code.split('').join(' '))}">${h(grouped)}</strong></p>\n`;
};

export function renderClaimPage(input: ClaimPageInput): RenderedPage {
  const { texts: t, credential: vc, branding } = input;
  const lang = t.lang;
  const subject = (vc.credentialSubject ?? {}) as Record<string, any>;
  const achievement = (subject.achievement ?? {}) as Record<string, any>;
  const issuer = (typeof vc.issuer === 'object' ? vc.issuer : { id: vc.issuer }) as Record<string, any>;
  const name = String(achievement.name ?? vc.name ?? '');
  const issuerName = String(issuer.name ?? branding.institutionName);
  const image = typeof achievement.image?.id === 'string' && /^https?:\/\//.test(achievement.image.id) ? (achievement.image.id as string) : undefined;
  const revoked = input.status === 'revoked';
  const style = STATUS_STYLE[input.status]!;
  const linkedInOrg = (issuer.otherIdentifier as { identifierType?: string; identifier?: string }[] | undefined)?.find((i) => i.identifierType === 'ext:LinkedIn:organizationId')?.identifier;
  const linkedIn = linkedInAddToProfileUrl(
    {
      achievementName: name,
      achievementDescription: String(achievement.description ?? ''),
      issuerName,
      credentialUrl: input.urls.publicPage,
      credentialId: String(vc.id ?? input.urls.publicPage),
      issuedAt: String(vc.validFrom),
      ...(vc.validUntil ? { validUntil: String(vc.validUntil) } : {}),
    },
    linkedInOrg ?? branding.linkedInOrganizationId,
  );
  const action = (path: string) => `${input.urls.actions}/${path}`;
  const download = (file: string, label: string) => `<li><a href="${h(`${input.urls.downloads}/${file}`)}" download>${h(label)}</a></li>`;

  const sections = [
    input.offer
      ? `<section class="card" aria-labelledby="offer"><h2 id="offer" tabindex="-1">${h(t.wallet.offerTitle)}</h2><p>${h(fill(t.wallet.offerText, { minutes: String(input.offer.minutes) }))}</p>
<div class="share"><span class="offer-qr" role="img" aria-label="${h(t.wallet.qrLabel)}">${input.offer.qrSvg}</span>
<ul class="plain"><li><a class="button primary" href="${h(input.offer.interactionUrl)}">${h(t.wallet.openLink)}</a></li><li><a class="button" href="${h(input.offer.lcwUrl)}">${h(t.wallet.lcwLink)}</a></li></ul></div>
${input.offer.txCode ? txCodeLine(t, input.offer.txCode) : ''}<p class="hint"><a href="${h(input.offer.interactionUrl)}">${h(input.offer.interactionUrl)}</a></p></section>`
      : '',
    `<article class="card"><div class="hero">${image ? `<img src="${h(image)}" alt="">` : ''}<div>
<h1>${h(name)}</h1>
<dl class="facts">
${field(t.statusLabel, `<strong>${h(`${style.icon} ${t.status[input.status]}`)}</strong>`)}
${field(t.awardedTo, subject.name ? h(String(subject.name)) : `<span class="muted">${h(t.nameHidden)}</span>`)}
${field(t.issuedBy, h(issuerName))}
${field(t.issuedOn, `<time datetime="${h(String(vc.validFrom))}">${h(formatDate(vc.validFrom, lang))}</time>`)}
${field(t.validUntil, vc.validUntil ? `<time datetime="${h(String(vc.validUntil))}">${h(formatDate(vc.validUntil, lang))}</time>` : h(t.noExpiry))}
</dl></div></div>
<p class="muted">${h(t.intro)} ${h(fill(t.linkExpires, { date: formatDate(input.linkExpiresAt, lang) }))}</p></article>`,
    revoked
      ? ''
      : `<section class="card" aria-labelledby="wallet"><h2 id="wallet">${h(t.wallet.title)}</h2><p>${h(t.wallet.text)}</p>
<form method="post" action="${h(action('wallet'))}"><button class="button primary" type="submit">${h(t.wallet.button)}</button></form></section>`,
    `<section class="card" aria-labelledby="downloads"><h2 id="downloads">${h(t.downloads.title)}</h2><ul class="plain">
${download('credential.json', t.downloads.json)}${download('badge.png', t.downloads.png)}${download('badge.svg', t.downloads.svg)}${download('certificate-a4.pdf', t.downloads.pdfA4)}${download('certificate-letter.pdf', t.downloads.pdfLetter)}
</ul><form method="post" action="${h(action('transcript'))}"><button class="button" type="submit">${h(t.downloads.transcript)}</button></form><p class="hint">${h(fill(t.downloads.note, { verifyUrl: input.urls.verify }))}</p></section>`,
    revoked
      ? ''
      : `<section class="card" aria-labelledby="share"><h2 id="share">${h(t.share.title)}</h2>${
          input.visibility.private
            ? `<p>${h(t.share.privateNote)}</p>`
            : `<div class="share"><a class="button primary" href="${h(linkedIn)}" rel="noopener noreferrer">${h(t.share.linkedIn)}</a><a class="button" href="${h(input.urls.publicPage)}" rel="noreferrer">${h(t.share.publicPage)}</a></div><p class="hint"><a href="${h(input.urls.publicPage)}" rel="noreferrer">${h(input.urls.publicPage)}</a></p>`
        }</section>`,
    revoked
      ? ''
      : `<section class="card" aria-labelledby="privacy"><h2 id="privacy">${h(t.privacy.title)}</h2>
<form class="stack" method="post" action="${h(action('privacy'))}">
<fieldset><legend>${h(t.privacy.legend)}</legend>
<label class="choice"><input type="radio" name="visibility" value="public"${input.visibility.private ? '' : ' checked'}> <span>${h(t.privacy.public)}</span></label>
<label class="choice"><input type="radio" name="visibility" value="private"${input.visibility.private ? ' checked' : ''}> <span>${h(t.privacy.private)}</span></label>
</fieldset>
${
  input.directory && !subject.name
    ? `<p class="hint">${h(fill(t.privacy.directoryNoName, { issuer: issuerName }))} <a href="${h(input.directory.url)}">${h(t.privacy.directoryLink)}</a></p>`
    : input.directory
    ? `<label class="choice"><input type="checkbox" name="directory" value="yes" aria-describedby="directory-hint"${input.visibility.directory ? ' checked' : ''}> <span>${h(fill(t.privacy.directory, { issuer: issuerName }))}</span></label>
<p class="hint" id="directory-hint">${h(t.privacy.directoryHint)} <a href="${h(input.directory.url)}">${h(t.privacy.directoryLink)}</a></p>`
    : ''
}
<p><button class="button primary" type="submit">${h(t.privacy.save)}</button></p>
</form>
<h3>${h(t.privacy.name)}</h3><p>${h(subject.name ? t.privacy.nameShown : t.privacy.nameNotShown)}</p>${
          subject.name
            ? `<form class="stack" method="post" action="${h(action('name'))}"><p class="hint" id="name-hint">${h(t.privacy.removeNameHint)}</p><p><button class="button" type="submit" aria-describedby="name-hint">${h(t.privacy.removeName)}</button></p></form>`
            : ''
        }</section>`,
    !revoked && input.renewal ? renewalSection(t, input.renewal, lang, input.status === 'expired', action) : '',
    input.pathways?.length
      ? `<section class="card" aria-labelledby="pathways"><h2 id="pathways">${h(t.pathways.title)}</h2><ul class="plain">
${input.pathways.map((p) => `<li><strong>${h(p.name)}</strong>: ${h(fill(p.awarded ? t.pathways.awarded : t.pathways.progress, { counted: String(p.counted), required: String(p.required), target: p.target }))}</li>`).join('\n')}
</ul></section>`
      : '',
    `<section class="card" aria-labelledby="contact"><h2 id="contact">${h(t.contact.title)}</h2><p>${h(fill(t.contact.current, { address: input.contact }))}</p>
<form class="stack" method="post" action="${h(action('contact'))}">
<label for="email">${h(t.contact.label)}</label>
<input id="email" name="email" type="email" autocomplete="email" required maxlength="254" aria-describedby="email-hint">
<p class="hint" id="email-hint">${h(t.contact.hint)}</p>
<p><button class="button" type="submit">${h(t.contact.button)}</button></p>
</form></section>`,
    revoked
      ? ''
      : `<section class="card" aria-labelledby="decline"><h2 id="decline">${h(t.decline.title)}</h2><p>${h(t.decline.text)}</p>
<form class="stack" method="post" action="${h(action('decline'))}">
<label for="reason">${h(t.decline.reason)}</label>
<textarea id="reason" name="reason" rows="2" maxlength="500"></textarea>
<label class="choice"><input type="checkbox" name="confirm" value="yes" required> <span>${h(t.decline.confirm)}</span></label>
<p><button class="button danger" type="submit">${h(t.decline.button)}</button></p>
</form></section>`,
  ];
  const notice = input.notice
    ? `<div class="notice${input.notice.kind === 'problem' ? ' problem' : ''}" role="${input.notice.kind === 'problem' ? 'alert' : 'status'}">${h(input.notice.text)}</div>`
    : '';
  return layout({ texts: t, branding, title: `${name} (${t.titleSuffix})`, body: notice + sections.filter(Boolean).join('\n') });
}

// ---------------------------------------------------------------- small pages

/** A page of one heading and a few paragraphs (a session that ran out, an error, a used offer). */
export function renderMessagePage(input: { texts: ClaimTexts; branding: Branding; title: string; paragraphs: string[] }): RenderedPage {
  return layout({ texts: input.texts, branding: input.branding, title: input.title, body: `<h1>${h(input.title)}</h1>${input.paragraphs.map((p) => `<p>${h(p)}</p>`).join('')}` });
}

/** The interaction URL's page for a person who opened it in a browser instead of a wallet. */
export function renderInteractionPage(input: { texts: ClaimTexts; branding: Branding; open: boolean }): RenderedPage {
  const t = input.texts.interaction;
  return renderMessagePage({ texts: input.texts, branding: input.branding, title: t.title, paragraphs: input.open ? [t.text, t.apps] : [t.used] });
}

/** What a private credential's URL shows anyone: that it is private, and how to verify a shared copy. */
export function renderPrivatePage(input: { texts: ClaimTexts; branding: Branding; verifyUrl: string }): RenderedPage {
  const t = input.texts.private;
  return renderMessagePage({ texts: input.texts, branding: input.branding, title: t.title, paragraphs: [t.text, fill(t.how, { verifyUrl: input.verifyUrl })] });
}
