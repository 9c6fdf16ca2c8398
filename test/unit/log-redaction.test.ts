import { afterEach, describe, expect, it, vi } from 'vitest';
import { logger } from '../../shared/observability';

/** Issue #17, section 3: emails never reach logs, whatever a message, an error or an extra field quotes. */
describe('logs', () => {
  afterEach(() => vi.restoreAllMocks());

  it('carry no email address: not in the message, an extra field, an error message or its stack', () => {
    const lines: string[] = [];
    // What Powertools hands its console: the serialized log line (its own Console, on stdout in Lambda).
    const console = (logger as unknown as { console: { warn(line: string): void } }).console;
    vi.spyOn(console, 'warn').mockImplementation((line: string) => void lines.push(line));
    const refused = new Error('Email address is not verified. The following identities failed the check in region EU-WEST-1: Ada.Lovelace@example.edu');
    refused.name = 'MessageRejected';
    logger.warn('step failed for ada@example.edu', { error: refused, recipient: { email: 'ada@example.edu' }, note: 'retry' });
    const line = lines.join('');
    expect(line).toContain('step failed for [email]');
    expect(line).toContain('MessageRejected');
    expect(line).toContain('"note":"retry"');
    expect(line.toLowerCase()).not.toContain('lovelace');
    expect(line).not.toMatch(/ada@example\.edu/i);
  });
});
