import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bakePng, bakeSvg, extractFromPng, extractFromSvg, isSvg, svgRootStart } from '../../shared/credentials/baking';
import { checkJsonBounds, FETCHED_DOCUMENT_BOUNDS, JsonBoundsError, PRESENTED_CREDENTIAL_BOUNDS, type JsonBounds } from '../../shared/credentials/bounded-json';
import { remoteResolver } from '../../shared/credentials/remote-resolver';
import { checkStatus, type KeyResolver } from '../../shared/credentials/verify';
import { OutboundError } from '../../shared/http/outbound';
import { systemClock } from '../../shared/clock';
import { MAX_CREDENTIAL_BYTES, MAX_IMAGE_BYTES, readPresented, verifyPresented } from '../../shared/use-cases/verify-presented';
import { ATTACK_SIZES, ATTACKS } from '../bench/verify-attacks';
import { kit, ONE_PIXEL_PNG } from '../support/standards-kit';

/**
 * POST /verify reads a stranger's body: every bound is checked before the work it bounds, and a
 * body past one is a 4xx naming where, never a 500 or a hang. Times are bench:verify's business;
 * these tests check the answers.
 */
const credential = kit('09_generated_https-issuer_eddsa_hashed-email_signed.json');
const bounds: JsonBounds = { maxBytes: 1000, maxDepth: 3, maxValues: 20, maxArrayItems: 4, maxContexts: 2 };
const boundsError = (text: string, b: JsonBounds = bounds) => {
  try {
    checkJsonBounds(text, b);
  } catch (e) {
    if (e instanceof JsonBoundsError) return { path: e.path, message: e.message, kind: e.kind };
    throw e;
  }
  return undefined;
};

describe('JSON bounds, measured before parsing', () => {
  it('passes what is within every bound, and counts a real credential well within the presented bounds', () => {
    expect(boundsError('{"a":[1,2,{"b":"c"}],"d":null,"e":true}')).toBeUndefined();
    expect(boundsError(credential, PRESENTED_CREDENTIAL_BOUNDS)).toBeUndefined();
  });
  it('names the bound crossed and where', () => {
    expect(boundsError('{"a":{"b":{"c":{"d":1}}}}')).toMatchObject({ path: 'a.b.c', message: 'The document nests deeper than 3 levels.', kind: 'shape' });
    expect(boundsError('{"list":[1,2,3,4,5]}')).toMatchObject({ path: 'list[4]', message: 'The array has more than 4 items.' });
    expect(boundsError(`[${'1,'.repeat(3)}1]`, { ...bounds, maxValues: 4 })).toMatchObject({ path: '[3]', message: 'The document has more than 4 values.' });
    expect(boundsError('{"@context":["a","b","c"]}')).toMatchObject({ path: '@context[2]', message: 'The document has more than 2 @context entries.' });
    expect(boundsError('{"@context":"a","x":{"@context":"b","y":{"@context":{}}}}')).toMatchObject({ path: 'x.y.@context', message: 'The document has more than 2 @context entries.' });
    expect(boundsError('{"a b":{"c":{"d":{"e":1}}}}')).toMatchObject({ path: '["a b"].c.d' });
    expect(boundsError(`"${'x'.repeat(1000)}"`)).toMatchObject({ path: '', kind: 'size' });
    expect(boundsError(`"${'é'.repeat(600)}"`)).toMatchObject({ kind: 'size' }); // UTF-8 bytes, not characters
  });
  it('is not fooled by brackets, quotes and keys inside strings', () => {
    expect(boundsError('{"a":"[[[[[[{{{{{","b":"\\"[[[[[["}')).toBeUndefined();
    expect(boundsError('{"\\u0040context":["a","b","c"]}')).toMatchObject({ message: 'The document has more than 2 @context entries.' });
  });
  it('ends on text that is not JSON, whatever it is', () => {
    for (const text of ['"unterminated', '\\', '[1,', '}}}]]]', 'tru', ':::,,,', '"\\']) expect(() => checkJsonBounds(text, bounds)).not.toThrow(TypeError);
  });
});

describe('SVG, read with scanners', () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><rect/></svg>';
  it('finds the root after a BOM, declaration, comments, processing instructions and a DOCTYPE, case-insensitively', () => {
    expect(svgRootStart(svg)).toBe(0);
    const prolog = '\uFEFF<?xml version="1.0"?>\n<!-- a -- comment -->\n<?xml-stylesheet href="a.css"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd">\n<!--b-->';
    expect(svgRootStart(`${prolog}<SVG>`)).toBe(prolog.length);
    for (const text of ['<svgx>', '<!-- unclosed <svg>', '<html><svg>', '<?xml <svg>', 'svg', '']) expect(svgRootStart(text)).toBe(-1);
    expect(isSvg(Buffer.from(`${'<!---->'.repeat(40)}<x/>`))).toBe(false);
  });
  it('reads the credential as JSON in CDATA (split sections joined), as escaped text, or in a verify attribute quoted either way', () => {
    const tricky = '{"name":"a ]]> b"}';
    expect(extractFromSvg(Buffer.from(bakeSvg(Buffer.from(svg), tricky)))).toBe(tricky);
    expect(extractFromSvg(Buffer.from('<svg><openbadges:credential>{&quot;a&quot;:&#x31;}</openbadges:credential></svg>'))).toBe('{"a":1}');
    expect(extractFromSvg(Buffer.from("<svg><openbadges:credential id='x' verify='a.b.c'/></svg>"))).toBe('a.b.c');
    expect(extractFromSvg(Buffer.from('<svg><openbadges:credential data-x="1 > 0" verify="a.b.c"></openbadges:credential></svg>'))).toBe('a.b.c');
    expect(extractFromSvg(Buffer.from('<svg><openbadges:credentials>x</openbadges:credentials></svg>'))).toBeUndefined();
    expect(extractFromSvg(Buffer.from(`<svg>${'<openbadges:credential>'.repeat(1000)}`))).toBeUndefined();
  });
  it('bakes into an empty root element and replaces an older credential', () => {
    const baked = bakeSvg(Buffer.from(bakeSvg(Buffer.from('<svg/>'), '{"old":1}')), 'a.b.c');
    expect(baked).toBe('<svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential verify="a.b.c"/></svg>');
  });
  it('answers 422 for a character reference past Unicode, not a 500', async () => {
    await expect(readPresented(Buffer.from('<svg><openbadges:credential>&#9999999;</openbadges:credential></svg>'), 'image/svg+xml')).rejects.toMatchObject({ status: 422 });
    await expect(readPresented(Buffer.from('<svg><openbadges:credential><![CDATA[{</openbadges:credential></svg>'), 'image/svg+xml')).rejects.toMatchObject({ status: 422 });
  });
});

describe('POST /verify body caps, per format', () => {
  it('takes a JSON or JWT credential up to 256 KiB and refuses a larger one with 413 before reading it', async () => {
    expect(MAX_CREDENTIAL_BYTES).toBe(256 * 1024);
    const padded = JSON.stringify({ ...JSON.parse(credential), description: 'x'.repeat(MAX_CREDENTIAL_BYTES - credential.length - 100) });
    expect(await readPresented(Buffer.from(padded), 'application/ld+json')).toMatchObject({ format: 'json-ld' });
    const over = Buffer.alloc(MAX_CREDENTIAL_BYTES + 1, 0x20);
    for (const type of ['application/ld+json', 'application/vc+jwt', 'application/json']) {
      await expect(readPresented(over, type)).rejects.toMatchObject({ status: 413, message: expect.stringContaining('256 KiB') });
    }
  });
  it('takes a badge image up to 2 MiB, but a credential baked into it only up to 256 KiB', async () => {
    const big = Buffer.alloc(MAX_IMAGE_BYTES - 4096, 0x20);
    const svg = Buffer.concat([Buffer.from('<svg><!--'), big, Buffer.from(`--><openbadges:credential><![CDATA[${credential}]]></openbadges:credential></svg>`)]);
    expect(await readPresented(svg, 'image/svg+xml')).toMatchObject({ format: 'svg' });
    await expect(readPresented(Buffer.alloc(MAX_IMAGE_BYTES + 1, 0x20), 'image/svg+xml')).rejects.toMatchObject({ status: 413 });
    const bakedTooLarge = bakePng(ONE_PIXEL_PNG, JSON.stringify({ ...JSON.parse(credential), description: 'x'.repeat(MAX_CREDENTIAL_BYTES) }));
    await expect(readPresented(bakedTooLarge, 'image/png')).rejects.toMatchObject({ status: 422, errors: [{ path: 'body', message: expect.stringContaining('256 KiB') }] });
    const textFile = Buffer.alloc(MAX_CREDENTIAL_BYTES + 1, 0x20);
    await expect(readPresented(textFile, 'application/octet-stream')).rejects.toMatchObject({ status: 413 });
  });
  it('stops inflating a compressed PNG chunk at the credential cap', () => {
    const png = bakePng(ONE_PIXEL_PNG, '{}');
    const at = png.indexOf('iTXt') - 4;
    const data = Buffer.concat([Buffer.from('openbadgecredential\0\x01\x00\0\0', 'latin1'), deflateSync(Buffer.alloc(64 * 1024 * 1024, 0x20))]);
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write('iTXt', 4, 'latin1');
    const bomb = Buffer.concat([png.subarray(0, at), head, data, Buffer.alloc(4), png.subarray(at + 12 + png.readUInt32BE(at))]);
    expect(() => extractFromPng(bomb, { maxTextBytes: 1024 })).toThrow(/inflates to more than 1024 bytes/);
  });
});

describe('POST /verify: the shape of the credential, before canonicalization', () => {
  const doc = () => JSON.parse(credential) as Record<string, unknown>;
  it('refuses too many items, too deep or too many contexts with 422 naming the field', async () => {
    const items = { ...doc(), evidence: Array.from({ length: 1001 }, (_, i) => ({ id: `https://e.example/${i}` })) };
    await expect(readPresented(Buffer.from(JSON.stringify(items)), 'application/ld+json')).rejects.toMatchObject({
      status: 422,
      errors: [{ path: 'body.evidence[1000]', message: 'The array has more than 1,000 items.' }],
    });
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = { next: deep };
    await expect(readPresented(Buffer.from(JSON.stringify({ ...doc(), deep })), 'application/ld+json')).rejects.toMatchObject({ status: 422, errors: [{ message: 'The document nests deeper than 32 levels.' }] });
    const contexts = { ...doc(), '@context': Array.from({ length: 17 }, () => 'https://www.w3.org/ns/credentials/v2') };
    await expect(readPresented(Buffer.from(JSON.stringify(contexts)), 'application/ld+json')).rejects.toMatchObject({ status: 422, errors: [{ path: 'body.@context[16]' }] });
  });
  it('measures a JWT’s payload the same way', async () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const jwt = `${b64({ alg: 'ES256', kid: 'k' })}.${b64({ ...doc(), evidence: Array.from({ length: 1001 }, () => 1) })}.sig`;
    await expect(readPresented(Buffer.from(jwt), 'application/vc+jwt')).rejects.toMatchObject({ status: 422, errors: [{ path: 'body.payload.evidence[1000]' }] });
  });
  it('reads at most four status entries, fetching none past that', async () => {
    const fetched: string[] = [];
    const resolver: KeyResolver = {
      resolveKey: async () => { throw new Error('unused'); },
      resolveAssertionMethods: async () => { throw new Error('unused'); },
      resolveStatusList: async (url) => { fetched.push(url); throw new Error('unreachable'); },
    };
    const entry = (i: number) => ({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '1', statusListCredential: `https://lists.example/${i}` });
    const check = await checkStatus({ issuer: 'https://i.example', credentialStatus: [0, 1, 2, 3, 4].map(entry) }, { resolver });
    expect(check).toMatchObject({ passed: false, message: expect.stringContaining('at most 4') });
    expect(fetched).toEqual([]);
  });
  it('bounds the documents other issuers serve, and says which bound', async () => {
    const huge = JSON.stringify({ id: 'https://keys.example/k', assertionMethod: Array.from({ length: FETCHED_DOCUMENT_BOUNDS.maxValues + 1 }, (_, i) => `k${i}`) });
    const resolver = remoteResolver({
      fetch: async (url) => {
        if (url !== 'https://keys.example/k') throw new OutboundError('404', 'http');
        return { body: Buffer.from(huge), contentType: 'application/json', url };
      },
    });
    await expect(resolver.resolveAssertionMethods('https://keys.example/k')).rejects.toThrow(/too large to verify: assertionMethod\[1000\]: The array has more than 1,000 items/);
  });
});

describe('every hostile shape bench:verify times gets a 4xx or a verification result', () => {
  const failing: KeyResolver = {
    resolveKey: async () => { throw new Error('offline'); },
    resolveAssertionMethods: async () => { throw new Error('offline'); },
    resolveStatusList: async () => { throw new Error('offline'); },
    resolveJwk: async () => { throw new Error('offline'); },
  };
  for (const attack of ATTACKS) {
    it(attack.shape, async () => {
      for (const size of ATTACK_SIZES) {
        const { body, contentType } = attack.build(size);
        const outcome = await readPresented(body, contentType).then(
          async (presented) => (await verifyPresented({ publicBaseUrl: 'https://laurel.example/', ours: failing, remote: failing, clock: systemClock }, presented)).status,
          (e: { status?: number }) => e.status,
        );
        expect([400, 413, 415, 422, 'invalid'], `${attack.shape} at ${size} bytes`).toContain(outcome);
      }
    }, 30_000);
  }
});
