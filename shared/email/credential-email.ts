/** The learner's "you earned a credential" email, as HTML and plain text. */
export interface CredentialEmailInput {
  learnerName?: string;
  achievementName: string;
  achievementDescription: string;
  issuerName: string;
  credentialUrl: string;
  credentialId: string;
  issuedAt: string;
  /** When the credential expires, if it does (LinkedIn shows it). */
  validUntil?: string;
  /** The learner's private claim page (a link with its token), and when that link stops working. */
  claim?: { url: string; expiresAt: string };
  /** The issuer's LinkedIn organization: the add-to-profile link then names the page (and its logo). */
  linkedInOrganizationId?: string;
}

import { escapeHtml } from '../html';

/** LinkedIn's documented "Add to profile" link for a certification. */
export function linkedInAddToProfileUrl(input: CredentialEmailInput, organizationId?: string): string {
  const issued = new Date(input.issuedAt);
  const params = new URLSearchParams({
    startTask: 'CERTIFICATION_NAME',
    name: input.achievementName,
    ...(organizationId ? { organizationId } : { organizationName: input.issuerName }),
    issueYear: String(issued.getUTCFullYear()),
    issueMonth: String(issued.getUTCMonth() + 1),
    ...(input.validUntil
      ? { expirationYear: String(new Date(input.validUntil).getUTCFullYear()), expirationMonth: String(new Date(input.validUntil).getUTCMonth() + 1) }
      : {}),
    certUrl: input.credentialUrl,
    certId: input.credentialId,
  });
  return `https://www.linkedin.com/profile/add?${params}`;
}

const formatDate = (iso: string) => new Intl.DateTimeFormat('en', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date(iso));

/**
 * "You have earned a credential": the private claim page is the email's one call to action (the
 * public page is one click from it); the LinkedIn link is the public page's. The claim link is
 * a secret, and the email says so and says how long it lasts.
 */
export function credentialEmail(input: CredentialEmailInput) {
  const greeting = input.learnerName ? `Dear ${input.learnerName},` : 'Hello,';
  const linkedIn = linkedInAddToProfileUrl(input, input.linkedInOrganizationId);
  const subject = `Your credential from ${input.issuerName}: ${input.achievementName}`;
  const claimUntil = input.claim ? formatDate(input.claim.expiresAt) : undefined;
  const text = [
    greeting,
    '',
    `${input.issuerName} has awarded you "${input.achievementName}".`,
    input.achievementDescription,
    '',
    ...(input.claim
      ? [
          'Open your credential to add it to your wallet, download it as a PDF certificate or a badge, and choose who can see it:',
          input.claim.url,
          `This link is yours alone and works until ${claimUntil}; you can ask for a new one from it at any time.`,
          '',
          `The public page to share (anyone with it can check your credential): ${input.credentialUrl}`,
        ]
      : [`View, share and download your credential: ${input.credentialUrl}`]),
    '',
    'Add it to your LinkedIn profile (Licenses & certifications):',
    linkedIn,
    '',
    'Anyone you share the public link with can check that it is genuine, without contacting us.',
  ].join('\n');
  const html = `<!doctype html>
<html lang="en"><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a">
<p>${escapeHtml(greeting)}</p>
<p><strong>${escapeHtml(input.issuerName)}</strong> has awarded you <strong>${escapeHtml(input.achievementName)}</strong>.</p>
<p>${escapeHtml(input.achievementDescription)}</p>
${
  input.claim
    ? `<p><a href="${escapeHtml(input.claim.url)}" style="background:#0b5394;color:#fff;padding:10px 16px;border-radius:4px;text-decoration:none">Open your credential</a></p>
<p>Add it to your wallet, download it as a PDF certificate or a badge, and choose who can see it. This link is yours alone and works until ${escapeHtml(claimUntil!)}; you can ask for a new one from it at any time.</p>
<p>The public page to share: <a href="${escapeHtml(input.credentialUrl)}">${escapeHtml(input.credentialUrl)}</a></p>`
    : `<p><a href="${escapeHtml(input.credentialUrl)}" style="background:#0b5394;color:#fff;padding:10px 16px;border-radius:4px;text-decoration:none">View your credential</a></p>`
}
<p>To add it to your LinkedIn profile under <em>Licenses &amp; certifications</em>, <a href="${escapeHtml(linkedIn)}">use this link</a>; the credential URL and ID are filled in for you.</p>
<p style="color:#555">Anyone you share the public link with can check that it is genuine, without contacting us.</p>
</body></html>`;
  return { subject, text, html };
}
