import { describe, expect, it } from 'vitest';
import { presentedSupersession, supersessionOf } from '../../shared/use-cases/supersession';

/** How a presented credential of ours — or a wallet copy of one — finds the record that says it was replaced. */
const base = 'https://verify.example.edu/';
const records = new Map<string, { supersededBy?: { credentialId: string; at: string; reason: string } }>([
  ['old-1', { supersededBy: { credentialId: 'new-1', at: '2026-03-01T00:00:00.000Z', reason: 'Name changed (ticket 4411)' } }],
  ['new-1', {}],
]);
const copies = new Map([['0f8b1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f', 'old-1']]);
const asked: string[] = [];
const deps = {
  publicBaseUrl: base,
  credentials: { get: async (id: string) => (asked.push(id), records.get(id) as never) },
  copies: { credentialOf: async (copyId: string) => copies.get(copyId) },
};
const replaced = { at: '2026-03-01T00:00:00.000Z', credentialId: 'new-1', url: `${base}credentials/new-1` };

describe('supersession as verifiers see it', () => {
  it('gives the date and the current credential, never the reason', () => {
    expect(supersessionOf(records.get('old-1')!, base)).toEqual(replaced);
    expect(supersessionOf(records.get('new-1')!, base)).toBeUndefined();
  });

  it('finds the record by our credential URL, or a wallet copy by its urn:uuid id', async () => {
    expect(await presentedSupersession(deps, `${base}credentials/old-1`)).toEqual(replaced);
    expect(await presentedSupersession(deps, 'urn:uuid:0f8b1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f')).toEqual(replaced);
    expect(await presentedSupersession(deps, `${base}credentials/new-1`)).toBeUndefined();
  });

  it('reads nothing for ids that name no credential of ours', async () => {
    asked.length = 0;
    for (const id of [undefined, 'https://elsewhere.example/credentials/old-1', `${base}credentials/old-1/extra`, `${base}credentials/`, 'urn:uuid:not-a-uuid', 'urn:uuid:11111111-2222-4333-8444-555555555555']) {
      expect(await presentedSupersession(deps, id)).toBeUndefined();
    }
    expect(asked).toEqual([]);
  });
});
