import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTED_EMAIL, redactEmails } from '../../shared/domain/redact';

describe('redactEmails', () => {
  it('takes out the addresses SES and mail servers quote, and nothing else', () => {
    expect(redactEmails('MessageRejected: Email address is not verified. The following identities failed the check in region US-EAST-1: Jane.Doe+cert@Example.edu')).toBe(
      `MessageRejected: Email address is not verified. The following identities failed the check in region US-EAST-1: ${REDACTED_EMAIL}`,
    );
    expect(redactEmails('smtp; 550 5.1.1 <jane@mail.example.edu>: Recipient address rejected: User unknown.')).toBe(`smtp; 550 5.1.1 <${REDACTED_EMAIL}>: Recipient address rejected: User unknown.`);
    expect(redactEmails('sent to a@b.io, c.d@e-f.co.uk and "x_y@z.org".')).toBe(`sent to ${REDACTED_EMAIL}, ${REDACTED_EMAIL} and "${REDACTED_EMAIL}".`);
    // Not addresses: no local part, no dot in the domain, an @-handle, a bare @
    for (const text of ['@ at noon', 'user@localhost refused', 'ping @registrar', 'a @ b', 'x@-', 'x@.', 'score 70@80%']) expect(redactEmails(text)).toBe(text);
  });

  it('leaves no address in any text, and text without @ as it was', () => {
    const local = fc.stringMatching(/^[A-Za-z0-9._%+-]{1,20}$/);
    const domain = fc.tuple(fc.stringMatching(/^[a-z0-9-]{1,10}$/), fc.stringMatching(/^[a-z]{2,6}$/)).map(([a, b]) => `${a}.${b}`);
    const email = fc.tuple(local, domain).map(([l, d]) => `${l}@${d}`);
    const filler = fc.string({ maxLength: 30 }).map((s) => s.replaceAll('@', ' '));
    fc.assert(
      fc.property(fc.array(fc.tuple(filler, email), { maxLength: 5 }), filler, (parts, tail) => {
        const text = parts.map(([f, e]) => `${f} ${e} `).join('') + tail;
        const out = redactEmails(text);
        for (const [, e] of parts) expect(out.includes(e)).toBe(false);
        expect(out.includes('@')).toBe(false);
      }),
      { numRuns: 1_000 },
    );
    fc.assert(
      fc.property(filler, (text) => {
        expect(redactEmails(text)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('answers long hostile texts in a single pass (no pattern to backtrack)', () => {
    // Runs of address characters with and without '@': each character is looked at a bounded
    // number of times, so these finish as fast as a copy would (figures: none asserted).
    for (const text of ['a'.repeat(200_000) + '@', '@'.repeat(200_000), 'a@'.repeat(100_000), `${'a.'.repeat(100_000)}@${'b.'.repeat(100_000)}`]) {
      expect(redactEmails(text).length).toBeLessThanOrEqual(text.length + REDACTED_EMAIL.length);
    }
  });
});
