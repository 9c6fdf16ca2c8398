import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeList, emptyList, encodeList, getBit, positionOf, setBit, STATUS_LIST_SIZE } from '../../shared/credentials/status-list';
import { kit } from '../support/standards-kit';

describe('bitstring status lists', () => {
  it('reads the DCC list the standards kit ships: index 8 revoked, 9 not', () => {
    const list = JSON.parse(kit('08_dcc_bitstring_status_list_credential_e5WK8CbZ1GjycuPombrj.json'));
    const bits = decodeList(list.credentialSubject.encodedList);
    expect(getBit(bits, 8)).toBe(true);
    expect(getBit(bits, 9)).toBe(false);
  });

  it('puts index 0 at the leftmost bit and round-trips through encodedList', () => {
    const bits = setBit(setBit(emptyList(), 0, true), STATUS_LIST_SIZE - 1, true);
    expect(bits[0]).toBe(0b1000_0000);
    expect(bits.at(-1)).toBe(0b0000_0001);
    const decoded = decodeList(encodeList(bits));
    expect(getBit(decoded, 0)).toBe(true);
    expect(getBit(decoded, 1)).toBe(false);
    expect(getBit(decoded, STATUS_LIST_SIZE - 1)).toBe(true);
    expect(getBit(setBit(decoded, 0, false), 0)).toBe(false);
    expect(encodeList(emptyList()).length).toBeLessThan(200);
  });

  it('refuses empty lists, bad encodings, out-of-range indexes and gzip bombs', () => {
    expect(() => decodeList(`u${gzipSync(new Uint8Array(0)).toString('base64url')}`)).toThrow(/empty/);
    expect(() => getBit(decodeList(`u${gzipSync(new Uint8Array(16)).toString('base64url')}`), 128)).toThrow(RangeError);
    expect(() => decodeList('zabc')).toThrow(/base64url/);
    expect(() => getBit(emptyList(), STATUS_LIST_SIZE)).toThrow(RangeError);
    expect(() => decodeList(`u${gzipSync(new Uint8Array(64 * 1024 * 1024)).toString('base64url')}`)).toThrow();
  });

  it('scatters allocations over a list without ever repeating a position', () => {
    const seen = new Set<number>();
    for (let n = 0; n < STATUS_LIST_SIZE; n++) {
      const { listNo, index } = positionOf(n);
      expect(listNo).toBe(0);
      seen.add(index);
    }
    expect(seen.size).toBe(STATUS_LIST_SIZE);
    expect(positionOf(STATUS_LIST_SIZE)).toEqual({ listNo: 1, index: 0 });
    expect(Math.abs(positionOf(1).index - positionOf(2).index)).toBeGreaterThan(1000);
  });
});
