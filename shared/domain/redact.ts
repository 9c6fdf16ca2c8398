/**
 * Email addresses out of free text that Laurel stores, logs or announces: failure causes (SES
 * names the address it refused: "…failed the check in region US-EAST-1: jane@example.edu"),
 * bounce diagnostics ("550 5.1.1 <jane@example.edu>: Recipient address rejected") and the
 * reasons in audit events. Issue #17: emails never reach logs, audit reasons or events.
 *
 * A scan, not a regular expression: each '@' is widened to the address around it, left over
 * local-part characters and right over domain characters, neither past the previous '@' or the
 * last replacement. Every character is looked at a bounded number of times, so the cost is
 * linear in the text whatever it holds (an address pattern backtracks on long runs of letters).
 */
export const REDACTED_EMAIL = '[email]';

const isLocal = (c: number) =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || "._%+-!#$&'*/=?^`{|}~".includes(String.fromCharCode(c));
const isDomain = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d;

export function redactEmails(text: string): string {
  if (!text.includes('@')) return text;
  let out = '';
  let kept = 0; // text before this index is in `out` or replaced
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > kept && isLocal(text.charCodeAt(start - 1))) start--;
    let end = at + 1;
    while (end < text.length && isDomain(text.charCodeAt(end))) end++;
    // A sentence's full stop or a dash after the address is not part of its domain.
    while (end > at + 1 && (text[end - 1] === '.' || text[end - 1] === '-')) end--;
    const domain = text.slice(at + 1, end);
    if (start === at || !/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(domain)) continue;
    out += text.slice(kept, start) + REDACTED_EMAIL;
    kept = end;
    at = end - 1;
  }
  return out + text.slice(kept);
}
