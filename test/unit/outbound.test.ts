import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOutboundUrl, isPublicAddress, outboundFetch, publicOnlyLookup } from '../../shared/http/outbound';

describe('outbound policy (server-side request forgery)', () => {
  it.each([
    '127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1',
    '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:169.254.169.254', '64:ff9b::a9fe:a9fe',
  ])('%s is not public', (address) => expect(isPublicAddress(address)).toBe(false));
  it.each(['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111'])('%s is public', (address) => expect(isPublicAddress(address)).toBe(true));

  it.each([
    ['http://issuer.example/key', /not https/],
    ['https://issuer.example:8443/key', /port/],
    ['https://user:pw@issuer.example/key', /credentials/],
    ['https://127.0.0.1/key', /not a public address/],
    ['https://[::1]/key', /not a public address/],
    ['https://169.254.169.254/latest/meta-data/', /not a public address/],
    ['https://localhost/key', /not a public address/],
    ['https://metadata.google.internal/', /not a public address/],
    ['https://intranet/key', /not a public address/],
    ['file:///etc/passwd', /not https/],
  ])('refuses %s before connecting', (url, reason) => {
    expect(() => checkOutboundUrl(url)).toThrow(reason);
  });

  it('refuses to connect to a name that resolves to a private address (checked at connect time)', async () => {
    const error = await new Promise<Error | null>((resolve) => publicOnlyLookup('localhost', { all: true }, (err) => resolve(err)));
    expect(error?.message).toMatch(/not a public address/);
  });
});

describe('outbound fetch through the local internet stand-in', () => {
  let server: Server;
  let standInUrl: string;
  const seen: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.url ?? '');
      const url = new URL(req.url ?? '', 'https://x');
      if (url.hostname === 'hangs.example') return; // never answers
      if (url.pathname === '/big') return res.end('x'.repeat(10_000));
      if (url.pathname === '/redirect-private') {
        res.writeHead(302, { location: 'https://127.0.0.1/secret' });
        return res.end();
      }
      if (url.pathname === '/redirect') {
        res.writeHead(301, { location: '/doc' });
        return res.end();
      }
      if (url.pathname === '/doc') return res.end('{"ok":true}');
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    standInUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });
  // Generous for the stand-in to answer on a loaded CI machine (0.5 s once failed a redirect there); the hanging server has its own.
  const limits = { timeoutMs: 5_000, maxBytes: 1_000 };

  it('sends the original https URL and follows a redirect', async () => {
    const res = await outboundFetch({ standInUrl })('https://issuer.example/redirect', limits);
    expect(res.body.toString()).toBe('{"ok":true}');
    expect(res.url).toBe('https://issuer.example/doc');
    expect(seen).toContain('https://issuer.example/redirect');
  });
  it('re-checks every redirect', async () => {
    await expect(outboundFetch({ standInUrl })('https://issuer.example/redirect-private', limits)).rejects.toMatchObject({ reason: 'refused' });
  });
  it('stops reading past the size limit', async () => {
    await expect(outboundFetch({ standInUrl })('https://issuer.example/big', limits)).rejects.toMatchObject({ reason: 'too-large' });
  });
  it('gives up on a server that never answers', async () => {
    const started = Date.now();
    await expect(outboundFetch({ standInUrl })('https://hangs.example/key', { ...limits, timeoutMs: 500 })).rejects.toMatchObject({ reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(3_000);
  });
  it('reports a missing document', async () => {
    await expect(outboundFetch({ standInUrl })('https://issuer.example/none', limits)).rejects.toMatchObject({ reason: 'http' });
  });
});
