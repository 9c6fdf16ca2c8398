import { describe, expect, it } from 'vitest';
import { newClientSecret } from '../../local/identity-provider';

describe('the local identity provider', () => {
  it('makes client secrets shaped like Cognito’s, never starting with a dash a command line would read as an option', () => {
    const secrets = Array.from({ length: 2_000 }, newClientSecret);
    for (const s of secrets) expect(s).toMatch(/^[a-z0-9]{51}$/);
    expect(new Set(secrets).size).toBe(secrets.length);
  });
});
