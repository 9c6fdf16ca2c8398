import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bakePng, bakeSvg, extractFromPng, extractFromSvg } from '../../shared/credentials/baking';
import { remoteResolver } from '../../shared/credentials/remote-resolver';
import type { KeyResolver } from '../../shared/credentials/verify';
import { OutboundError, type OutboundFetch } from '../../shared/http/outbound';
import { readPresented, verifyPresented } from '../../shared/use-cases/verify-presented';
import { systemClock } from '../../shared/clock';
import { DCC_STATUS_LIST_URL as STATUS_URL, kit as read, ONE_PIXEL_PNG, THIRD_PARTY_DOCUMENTS } from '../support/standards-kit';

/** Other issuers' credentials from the standards kit, verified with their documents served from memory. */
function memoryInternet(documents: Record<string, string>, calls: string[] = []): OutboundFetch {
  return async (url) => {
    calls.push(url);
    const body = documents[url];
    if (body === undefined) throw new OutboundError(`${url} answered 404`, 'http');
    return { body: Buffer.from(body), contentType: 'application/json', url };
  };
}

const internet = Object.fromEntries(Object.entries(THIRD_PARTY_DOCUMENTS).map(([url, file]) => [url, read(file)]));
const unusedOurs: KeyResolver = {
  resolveKey: async () => { throw new Error('not ours'); },
  resolveAssertionMethods: async () => { throw new Error('not ours'); },
  resolveStatusList: async () => { throw new Error('not ours'); },
};
const deps = (fetch: OutboundFetch = memoryInternet(internet)) => ({
  publicBaseUrl: 'https://laurel.example/',
  clock: systemClock,
  ours: unusedOurs,
  remote: remoteResolver({ fetch }),
});
const presented = (file: string) => ({ format: 'json-ld' as const, document: JSON.parse(read(file)) });

describe('POST /verify: other issuers’ credentials (standards kit)', () => {
  it('04 (did:key, eddsa-rdfc-2022, Bitstring status list signed Ed25519Signature2020) is valid', async () => {
    const result = await verifyPresented(deps(), presented('04_dcc_v2_eddsa_didkey_bitstring_valid.json'));
    expect(result.checks.filter((c) => !c.passed)).toEqual([]);
    expect(result).toMatchObject({ status: 'valid', issuedHere: false, credential: { issuer: { id: 'did:key:z6MknNQD1WHLGGraFi6zcbGevuAgkVfdyCdtZnQTGWVVvR5Q', name: 'Example Corp' } } });
  });
  it('05 is revoked by its issuer’s status list', async () => {
    const result = await verifyPresented(deps(), presented('05_dcc_v2_didkey_bitstring_revoked.json'));
    expect(result.status).toBe('revoked');
    expect(result.checks.find((c) => c.name === 'signature')?.passed).toBe(true);
  });
  it('06 (did:web, Ed25519Signature2020) is valid', async () => {
    const result = await verifyPresented(deps(), presented('06_dcc_v2_ed25519sig2020_didweb_multikey_valid.json'));
    expect(result.checks.filter((c) => !c.passed)).toEqual([]);
    expect(result.status).toBe('valid');
  });
  it('09 (https issuer whose Profile is the controller document) is valid', async () => {
    const result = await verifyPresented(deps(), presented('09_generated_https-issuer_eddsa_hashed-email_signed.json'));
    expect(result.checks.filter((c) => !c.passed)).toEqual([]);
  });
  it('a tampered third-party credential is invalid at the signature', async () => {
    const doc = JSON.parse(read('04_dcc_v2_eddsa_didkey_bitstring_valid.json'));
    doc.credentialSubject.achievement.name = 'Masters - forged';
    const result = await verifyPresented(deps(), { format: 'json-ld', document: doc });
    expect(result.status).toBe('invalid');
    expect(result.checks.at(-1)).toMatchObject({ name: 'signature', passed: false });
  });
  it('a status list that cannot be fetched fails closed', async () => {
    const result = await verifyPresented(deps(memoryInternet({})), presented('04_dcc_v2_eddsa_didkey_bitstring_valid.json'));
    expect(result.status).toBe('invalid');
    expect(result.checks.at(-1)).toMatchObject({ name: 'status', passed: false });
  });
  it('an issuer that never answers ends at the deadline, as invalid', async () => {
    const hang: OutboundFetch = () => new Promise(() => {});
    const started = Date.now();
    const result = await verifyPresented({ ...deps(hang), deadlineMs: 300 }, presented('09_generated_https-issuer_eddsa_hashed-email_signed.json'));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(result.status).toBe('invalid');
    expect(result.checks.at(-1)?.message).toMatch(/did not answer/);
  });
  it('documents are fetched once and reused', async () => {
    const calls: string[] = [];
    const d = deps(memoryInternet(internet, calls));
    await verifyPresented(d, presented('04_dcc_v2_eddsa_didkey_bitstring_valid.json'));
    await verifyPresented(d, presented('05_dcc_v2_didkey_bitstring_revoked.json'));
    expect(calls).toEqual([STATUS_URL]);
  });
});

describe('POST /verify: another issuer’s VC-JWT', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = JSON.stringify({ ...publicKey.export({ format: 'jwk' }), alg: 'ES256', use: 'sig' });
  const { proof: _proof, ...credential } = JSON.parse(read('09_generated_https-issuer_eddsa_hashed-email_signed.json'));
  const jwtWith = (kid: string, claims: Record<string, unknown> = {}) => {
    const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const input = `${part({ alg: 'ES256', typ: 'vc+jwt', kid })}.${part({ ...credential, iss: credential.issuer.id, ...claims })}`;
    return `${input}.${sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
  };
  const documents = { ...internet, 'https://badges.example.edu/jwk/1': jwk, 'https://evil.example/jwk/1': jwk };

  it('is valid when its kid is served from the issuer’s own origin', async () => {
    const result = await verifyPresented(deps(memoryInternet(documents)), { format: 'vc-jwt', jwt: jwtWith('https://badges.example.edu/jwk/1') });
    expect(result.checks.filter((c) => !c.passed)).toEqual([]);
    expect(result).toMatchObject({ status: 'valid', format: 'vc-jwt', credential: { issuer: { id: 'https://badges.example.edu/issuers/uni-1' } } });
  });
  it('is invalid when a stranger’s key signed it, or the JWT has expired', async () => {
    const stranger = await verifyPresented(deps(memoryInternet(documents)), { format: 'vc-jwt', jwt: jwtWith('https://evil.example/jwk/1') });
    expect(stranger.checks.at(-1)).toMatchObject({ name: 'issuer', passed: false });
    const expired = await verifyPresented(deps(memoryInternet(documents)), { format: 'vc-jwt', jwt: jwtWith('https://badges.example.edu/jwk/1', { exp: 1_000_000 }) });
    expect(expired.status).toBe('expired');
    const other = await verifyPresented(deps(memoryInternet(documents)), { format: 'vc-jwt', jwt: jwtWith('https://badges.example.edu/jwk/1', { iss: 'https://evil.example' }) });
    expect(other.checks.at(-1)).toMatchObject({ name: 'structure', passed: false });
  });
});

describe('baked badges', () => {
  const png = ONE_PIXEL_PNG;
  const credential = read('04_dcc_v2_eddsa_didkey_bitstring_valid.json');
  it('round-trips a credential through a PNG iTXt chunk, replacing an older one', () => {
    const baked = bakePng(bakePng(png, '{"old":true}'), credential);
    expect(extractFromPng(baked)).toBe(credential);
    expect(extractFromPng(png)).toBeUndefined();
  });
  it('round-trips JSON and a JWS through SVG', () => {
    const svg = '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><rect/></svg>';
    expect(extractFromSvg(Buffer.from(bakeSvg(Buffer.from(svg), credential)))).toBe(credential.trim());
    expect(extractFromSvg(Buffer.from(bakeSvg(Buffer.from(svg), 'a.b.c')))).toBe('a.b.c');
  });
  it('reads an uploaded PNG, by content type and by sniffing', async () => {
    const baked = bakePng(png, credential);
    expect(await readPresented(baked, 'image/png')).toMatchObject({ format: 'png' });
    expect(await readPresented(baked, 'application/octet-stream')).toMatchObject({ format: 'png' });
    await expect(readPresented(png, 'image/png')).rejects.toMatchObject({ status: 422 });
    await expect(readPresented(Buffer.from('GIF89a'), 'image/png')).rejects.toMatchObject({ status: 422 });
  });
  it('reads a multipart upload', async () => {
    const boundary = 'X-LAUREL-BOUNDARY';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="badge.png"\r\nContent-Type: image/png\r\n\r\n`),
      bakePng(png, credential),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    expect(await readPresented(body, `multipart/form-data; boundary=${boundary}`)).toMatchObject({ format: 'png', document: JSON.parse(credential) });
    await expect(readPresented(Buffer.from(`--${boundary}--\r\n`), `multipart/form-data; boundary=${boundary}`)).rejects.toMatchObject({ status: 400 });
  });
  it('refuses what is not a credential with the right status', async () => {
    await expect(readPresented(Buffer.from('{nope'), 'application/json')).rejects.toMatchObject({ status: 400 });
    await expect(readPresented(Buffer.from('[1]'), 'application/json')).rejects.toMatchObject({ status: 400 });
    await expect(readPresented(Buffer.alloc(0), 'application/json')).rejects.toMatchObject({ status: 400 });
    await expect(readPresented(Buffer.from('x'), 'text/csv')).rejects.toMatchObject({ status: 415 });
    await expect(readPresented(Buffer.alloc(3 * 1024 * 1024, 32), 'application/json')).rejects.toMatchObject({ status: 413 });
  });
});
