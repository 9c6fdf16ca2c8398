import { escapeHtml as h } from '../html';
import { textOn } from './verification-page';

/**
 * The credential's render method (SvgRenderingTemplate2023): a certificate as an SVG template
 * that wallets fill in themselves — the Learner Credential Wallet renders it with Handlebars from
 * `{credential, qr_code}` and prints it as a PDF. Placeholders name the signed credential's own
 * fields, so a wallet shows exactly what was signed; Handlebars escapes what it inserts. The
 * institution's name and colour are fixed here, at the deployment's settings.
 */
export function certificateTemplateSvg(branding: { institutionName: string; primaryColor: string }): string {
  const brand = h(branding.primaryColor);
  const onBrand = textOn(branding.primaryColor);
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="297mm" height="210mm" viewBox="0 0 1123 794" role="img" aria-labelledby="title">
<title id="title">{{credential.name}} — {{credential.issuer.name}}</title>
<rect x="0" y="0" width="1123" height="794" fill="#ffffff"/>
<rect x="24" y="24" width="1075" height="746" fill="none" stroke="${brand}" stroke-width="12"/>
<rect x="24" y="24" width="1075" height="84" fill="${brand}"/>
<text x="561.5" y="78" text-anchor="middle" font-family="Noto Sans, Helvetica, Arial, sans-serif" font-size="28" fill="${onBrand}">${h(branding.institutionName)}</text>
<text x="561.5" y="190" text-anchor="middle" font-family="Noto Sans, Helvetica, Arial, sans-serif" font-size="26" fill="#444444">Certificate of achievement</text>
<text x="561.5" y="270" text-anchor="middle" font-family="Noto Sans, Helvetica, Arial, sans-serif" font-size="44" font-weight="bold" fill="#1a1a1a">{{credential.credentialSubject.achievement.name}}</text>
{{#if credential.credentialSubject.name}}<text x="561.5" y="350" text-anchor="middle" font-family="Noto Sans, Helvetica, Arial, sans-serif" font-size="22" fill="#444444">Awarded to</text>
<text x="561.5" y="400" text-anchor="middle" font-family="Noto Sans, Helvetica, Arial, sans-serif" font-size="36" fill="#1a1a1a">{{credential.credentialSubject.name}}</text>{{/if}}
<text x="80" y="560" font-family="Noto Sans, Helvetica, Arial, sans-serif" font-size="20" fill="#444444">Issued by {{credential.issuer.name}}</text>
<text x="80" y="596" font-family="Noto Sans, Helvetica, Arial, sans-serif" font-size="20" fill="#444444">Issued {{credential.validFrom}}</text>
{{#if credential.validUntil}}<text x="80" y="632" font-family="Noto Sans, Helvetica, Arial, sans-serif" font-size="20" fill="#444444">Valid until {{credential.validUntil}}</text>{{/if}}
<text x="80" y="720" font-family="Noto Sans, Helvetica, Arial, sans-serif" font-size="16" fill="#555555">Verify at {{credential.id}}</text>
{{#if qr_code}}<image x="863" y="514" width="180" height="180" href="{{ qr_code }}"/>{{/if}}
</svg>
`;
}
