import { escapeHtml as h } from '../html';

/**
 * The reminder a learner gets before (and on) their credential's expiry: what expires and when,
 * the private link to their claim page — where they renew it and can turn these emails off — and
 * the public page they can still share until then.
 */
export interface ReminderEmailInput {
  achievementName: string;
  issuerName: string;
  validUntil: string;
  /** Days left; 0 on the expiry itself. */
  daysBefore: number;
  claimUrl: string;
  credentialUrl: string;
}

const formatDate = (iso: string) => new Intl.DateTimeFormat('en', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date(iso));

const page = (paragraphs: string[]) => `<!doctype html>
<html lang="en"><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a">
${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}
</body></html>`;

export function reminderEmail(input: ReminderEmailInput) {
  const until = formatDate(input.validUntil);
  const expired = input.daysBefore === 0;
  const when = expired ? `expired on ${until}` : `expires on ${until}, in ${input.daysBefore} day${input.daysBefore === 1 ? '' : 's'}`;
  return {
    subject: expired ? `Your credential "${input.achievementName}" has expired` : `Your credential "${input.achievementName}" expires on ${until}`,
    text: [
      'Hello,',
      '',
      `Your credential "${input.achievementName}" from ${input.issuerName} ${when}.`,
      '',
      'To renew it, or to stop these reminders, open your private credential page:',
      input.claimUrl,
      '',
      `Its public page, for anyone you share it with: ${input.credentialUrl}`,
    ].join('\n'),
    html: page([
      'Hello,',
      `Your credential <strong>${h(input.achievementName)}</strong> from ${h(input.issuerName)} ${h(when)}.`,
      `<a href="${h(input.claimUrl)}" style="background:#0b5394;color:#fff;padding:10px 16px;border-radius:4px;text-decoration:none">Renew your credential</a>`,
      `Or copy this address: ${h(input.claimUrl)}. The same page turns these reminders off.`,
      `Its public page, for anyone you share it with: <a href="${h(input.credentialUrl)}">${h(input.credentialUrl)}</a>`,
    ]),
  };
}
