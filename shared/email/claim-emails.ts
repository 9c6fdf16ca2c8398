import { escapeHtml as h } from '../html';

/**
 * The learner's other emails: a fresh claim link, and the confirmation of a new contact address.
 * Plain words, the link as a button and as text, and how long it lasts.
 */
const formatDate = (iso: string) => new Intl.DateTimeFormat('en', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date(iso));

const page = (paragraphs: string[]) => `<!doctype html>
<html lang="en"><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a">
${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}
</body></html>`;

const button = (url: string, label: string) => `<a href="${h(url)}" style="background:#0b5394;color:#fff;padding:10px 16px;border-radius:4px;text-decoration:none">${h(label)}</a>`;

export function claimLinkEmail(input: { achievementName: string; issuerName: string; claimUrl: string; expiresAt: string }) {
  const until = formatDate(input.expiresAt);
  return {
    subject: `Your link to "${input.achievementName}" from ${input.issuerName}`,
    text: [
      'Hello,',
      '',
      `Here is a new private link to your credential "${input.achievementName}" from ${input.issuerName}:`,
      input.claimUrl,
      '',
      `It works until ${until}. Keep it to yourself: it opens your credential's settings.`,
      'If you did not ask for it, you can ignore this email.',
    ].join('\n'),
    html: page([
      'Hello,',
      `Here is a new private link to your credential <strong>${h(input.achievementName)}</strong> from ${h(input.issuerName)}.`,
      button(input.claimUrl, 'Open your credential'),
      `Or copy this address: ${h(input.claimUrl)}`,
      `It works until ${h(until)}. Keep it to yourself: it opens your credential's settings. If you did not ask for it, you can ignore this email.`,
    ]),
  };
}

export function contactConfirmationEmail(input: { achievementName: string; issuerName: string; confirmUrl: string; hours: number }) {
  return {
    subject: `Confirm your new address for ${input.issuerName}`,
    text: [
      'Hello,',
      '',
      `Someone asked ${input.issuerName} to write to this address about the credential "${input.achievementName}".`,
      `To confirm, open this link within ${input.hours} hours and press Confirm:`,
      input.confirmUrl,
      '',
      'If it was not you, ignore this email: nothing changes.',
    ].join('\n'),
    html: page([
      'Hello,',
      `Someone asked ${h(input.issuerName)} to write to this address about the credential <strong>${h(input.achievementName)}</strong>.`,
      `To confirm, open this link within ${input.hours} hours and press Confirm.`,
      button(input.confirmUrl, 'Confirm this address'),
      `Or copy this address: ${h(input.confirmUrl)}`,
      'If it was not you, ignore this email: nothing changes.',
    ]),
  };
}
