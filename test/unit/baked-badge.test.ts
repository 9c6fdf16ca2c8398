import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { bakedBadgePng, bakedBadgeSvg, type BadgeSource, resvgRasterizer } from '../../shared/certificate/baked-badge';
import { extractFromPng, extractFromSvg } from '../../shared/credentials/baking';
import { renderBadgeSvg } from '../../shared/domain/badge-svg';
import { readPresented } from '../../shared/use-cases/verify-presented';

/**
 * The badge downloads: every kind of stored image comes out as a PNG and an SVG that carry exactly
 * the credential, that POST /verify's own reader accepts, and that show the badge. Pixels are checked
 * by decoding resvg's PNGs here (8-bit RGBA, zlib and the five row filters), not by file sizes.
 */
const fixture = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url));

// The spec's complete example, with a name that tests the CDATA split (]]>), markup and non-ASCII text.
const CREDENTIAL = { ...JSON.parse(fixture('standards/spec/02_spec_complete_openbadgecredential_unsigned.json').toString('utf8')), name: 'Données ]]> <b>&amp; "Ω"' };
const CREDENTIAL_JSON = JSON.stringify(CREDENTIAL, null, 2);
const FALLBACK = { achievementName: 'Data Stewardship & <Ethics>', brandColor: '#0f766e' };

const rasterizer = resvgRasterizer();

const DESIGNED_SVG = renderBadgeSvg({ shape: 'hexagon', title: 'Data Science Foundations', subtitle: 'Level 1', icon: 'star' }, '#1d4ed8');
// 48 × 32: orange ground, a blue circle, a white square in the middle. Made once with pdfkit and `pdftoppm -jpeg` (baseline, 1,160 bytes).
const JPEG = fixture('badge-48x32.jpg');
const SOURCE_PNG_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="#16a34a"/><circle cx="32" cy="32" r="20" fill="#ffffff"/></svg>';

interface Decoded {
  width: number;
  height: number;
  rgba: Buffer;
}

function decodePng(png: Uint8Array): Decoded {
  const buf = Buffer.from(png);
  const idat: Buffer[] = [];
  let width = 0;
  let height = 0;
  for (let at = 8; at < buf.length; ) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    const data = buf.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      [width, height] = [data.readUInt32BE(0), data.readUInt32BE(4)];
      expect([data[8], data[9], data[12]], 'bit depth, colour type, interlace').toEqual([8, 6, 0]);
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rgba = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const a = x >= 4 ? rgba[y * stride + x - 4]! : 0;
      const b = y > 0 ? rgba[(y - 1) * stride + x]! : 0;
      const c = x >= 4 && y > 0 ? rgba[(y - 1) * stride + x - 4]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter!]!;
      rgba[y * stride + x] = (raw[y * (stride + 1) + 1 + x]! + predictor) & 0xff;
    }
  }
  return { width, height, rgba };
}

const pixel = (image: Decoded, x: number, y: number) => [...image.rgba.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 4)];
const near = (actual: number[], hex: string, tolerance = 48) =>
  [1, 3, 5].every((at, i) => Math.abs(actual[i]! - parseInt(hex.slice(at, at + 2), 16)) <= tolerance) && actual[3] === 255;
const colours = (image: Decoded) => new Set(Array.from({ length: image.rgba.length / 4 }, (_, i) => image.rgba.readUInt32BE(i * 4))).size;
const differing = (a: Decoded, b: Decoded) => Array.from({ length: a.rgba.length / 4 }, (_, i) => a.rgba.readUInt32BE(i * 4) !== b.rgba.readUInt32BE(i * 4)).filter(Boolean).length;

const svgSource = (svg: string): BadgeSource => ({ bytes: Buffer.from(svg), contentType: 'image/svg+xml' });
let sources: Record<'designed SVG' | 'uploaded PNG' | 'JPEG' | 'no image', BadgeSource | undefined>;
let fallbackPixels: Decoded;

beforeAll(async () => {
  sources = {
    'designed SVG': svgSource(DESIGNED_SVG),
    'uploaded PNG': { bytes: await rasterizer.render(SOURCE_PNG_SVG, 64), contentType: 'image/png' },
    JPEG: { bytes: JPEG, contentType: 'image/jpeg' },
    'no image': undefined,
  };
  fallbackPixels = decodePng(await bakedBadgePng(undefined, CREDENTIAL_JSON, FALLBACK, rasterizer));
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe.each(['designed SVG', 'uploaded PNG', 'JPEG', 'no image'] as const)('the badge from %s', (kind) => {
  it('downloads as a PNG that carries exactly the credential, and POST /verify reads it', async () => {
    const png = await bakedBadgePng(sources[kind], CREDENTIAL_JSON, FALLBACK, rasterizer);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(extractFromPng(png)).toBe(CREDENTIAL_JSON);
    expect(await readPresented(png, 'image/png')).toEqual({ format: 'png', document: CREDENTIAL });
    expect(await readPresented(png, 'application/octet-stream')).toEqual({ format: 'png', document: CREDENTIAL });
  });

  it('downloads as a well-formed SVG that carries exactly the credential, and POST /verify reads it', async () => {
    const svg = bakedBadgeSvg(sources[kind], CREDENTIAL_JSON, FALLBACK);
    expect(extractFromSvg(Buffer.from(svg))).toBe(CREDENTIAL_JSON);
    expect(await readPresented(Buffer.from(svg), 'image/svg+xml')).toEqual({ format: 'svg', document: CREDENTIAL });
    // resvg parses with roxmltree, a strict XML parser: an ill-formed document is an error, not a picture.
    expect(decodePng(await rasterizer.render(svg, 128)).width).toBe(128);
  });
});

describe('what the downloads show', () => {
  it('rasterizes a designed badge with its text drawn in Noto Sans', async () => {
    const badge = decodePng(await bakedBadgePng(sources['designed SVG'], CREDENTIAL_JSON, FALLBACK, rasterizer));
    expect([badge.width, badge.height]).toEqual([512, 512]);
    expect(near(pixel(badge, 256, 60), '#1d4ed8', 4), 'the badge colour inside the hexagon').toBe(true);
    expect(pixel(badge, 2, 2)[3], 'transparent outside the shape').toBe(0);
    expect(colours(badge)).toBeGreaterThan(50); // anti-aliased edges, icon and text, not one flat colour
    const withoutText = decodePng(await rasterizer.render(DESIGNED_SVG.replace(/<text\b[^>]*>[^<]*<\/text>/g, ''), 512));
    expect(differing(badge, withoutText), 'pixels the title and subtitle cover').toBeGreaterThan(5_000);
  });

  it('keeps an uploaded PNG as it is, pixel for pixel, at its own size', async () => {
    const source = decodePng(sources['uploaded PNG']!.bytes);
    const baked = decodePng(await bakedBadgePng(sources['uploaded PNG'], CREDENTIAL_JSON, FALLBACK, rasterizer));
    expect([baked.width, baked.height]).toEqual([64, 64]);
    expect(baked.rgba.equals(source.rgba)).toBe(true);
  });

  it('rasterizes a JPEG 512 px wide with its colours, and wraps it in an SVG of its own size', async () => {
    const baked = decodePng(await bakedBadgePng(sources.JPEG, CREDENTIAL_JSON, FALLBACK, rasterizer));
    expect(baked.width).toBe(512);
    expect(baked.height).toBeGreaterThanOrEqual(341);
    expect(baked.height).toBeLessThanOrEqual(342);
    expect(near(pixel(baked, 10, 10), '#f59e0b'), 'orange corner').toBe(true);
    expect(near(pixel(baked, 160, 170), '#1d4ed8'), 'blue circle').toBe(true);
    expect(near(pixel(baked, 256, 170), '#ffffff'), 'white square').toBe(true);
    const svg = bakedBadgeSvg(sources.JPEG, CREDENTIAL_JSON, FALLBACK);
    expect(svg).toContain('width="48" height="32" viewBox="0 0 48 32"');
    expect(svg).toContain(`href="data:image/jpeg;base64,${JPEG.toString('base64')}"`);
    expect(svg).toContain('<title>Data Stewardship &amp; &lt;Ethics&gt;</title>');
  });

  it('wraps an uploaded PNG in an SVG of its own size', () => {
    const svg = bakedBadgeSvg(sources['uploaded PNG'], CREDENTIAL_JSON, FALLBACK);
    expect(svg).toContain('width="64" height="64" viewBox="0 0 64 64"');
    expect(svg).toContain('href="data:image/png;base64,');
  });

  it('names the fallback badge after the achievement, escaped, in the brand colour', async () => {
    const svg = bakedBadgeSvg(undefined, CREDENTIAL_JSON, FALLBACK);
    expect(svg).toContain('<title id="badge-title">Data Stewardship &amp; &lt;Ethics&gt;</title>');
    expect(svg).toContain('fill="#0f766e"');
    expect(near(pixel(fallbackPixels, 256, 60), '#0f766e', 4)).toBe(true);
  });

  it('makes a readable fallback of a name with characters XML cannot hold, and of a brand colour that is not #rrggbb', async () => {
    const fallback = { achievementName: 'Bad\u000b name \uD800', brandColor: 'red' };
    const svg = bakedBadgeSvg(undefined, CREDENTIAL_JSON, fallback);
    expect(svg).toContain('<title id="badge-title">Bad name </title>');
    expect(svg).not.toContain('NaN');
    expect(decodePng(await rasterizer.render(svg, 64)).width).toBe(64);
  });
});

describe('a stored image that cannot be read', () => {
  const isFallbackPng = async (source: BadgeSource) => decodePng(await bakedBadgePng(source, CREDENTIAL_JSON, FALLBACK, rasterizer)).rgba.equals(fallbackPixels.rgba);
  const isFallbackSvg = (source: BadgeSource) => bakedBadgeSvg(source, CREDENTIAL_JSON, FALLBACK) === bakedBadgeSvg(undefined, CREDENTIAL_JSON, FALLBACK);
  const jpegWithSize = (width: number, height: number) => {
    const copy = Buffer.from(JPEG);
    const sof = copy.indexOf(Buffer.from([0xff, 0xc0]));
    copy.writeUInt16BE(height, sof + 5);
    copy.writeUInt16BE(width, sof + 7);
    return copy;
  };
  it.each<[string, () => BadgeSource]>([
    ['a truncated PNG', () => ({ bytes: sources['uploaded PNG']!.bytes.subarray(0, 60), contentType: 'image/png' })],
    ['a PNG signature and nothing else', () => ({ bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), contentType: 'image/png' })],
    ['a JPEG that ends after its first marker', () => ({ bytes: JPEG.subarray(0, 20), contentType: 'image/jpeg' })],
    ['a JPEG declaring 30,000 × 30,000 pixels', () => ({ bytes: jpegWithSize(30_000, 30_000), contentType: 'image/jpeg' })],
    ['a GIF', () => ({ bytes: Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), contentType: 'image/gif' })],
    ['an SVG whose root tag never ends', () => svgSource('<svg xmlns="http://www.w3.org/2000/svg" width="1')],
  ])('%s: both downloads are the fallback badge', async (_, source) => {
    expect(isFallbackSvg(source())).toBe(true);
    expect(await isFallbackPng(source())).toBe(true);
  });

  it('a JPEG whose header reads but whose data does not decode: the PNG is the fallback', async () => {
    const corrupt = Buffer.concat([JPEG.subarray(0, 350), Buffer.alloc(800, 0x55)]);
    expect(await isFallbackPng({ bytes: corrupt, contentType: 'image/jpeg' })).toBe(true);
  });

  it('an SVG that is not well-formed XML, or 10,000 times taller than wide: the PNG is the fallback', async () => {
    expect(await isFallbackPng(svgSource('<svg xmlns="http://www.w3.org/2000/svg"><g></svg>'))).toBe(true);
    expect(await isFallbackPng(svgSource('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="10000"><rect width="1" height="10000"/></svg>'))).toBe(true);
  });

  it('reads a JPEG of 2 MiB of fill bytes in linear time', async () => {
    const bytes = Buffer.alloc(2 * 1024 * 1024, 0xff);
    bytes[1] = 0xd8;
    const started = performance.now();
    expect(isFallbackSvg({ bytes, contentType: 'image/jpeg' })).toBe(true);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('refuses an image over 2 MiB with an error that says so', async () => {
    const source = { bytes: new Uint8Array(2 * 1024 * 1024 + 1), contentType: 'image/png' };
    expect(() => bakedBadgeSvg(source, CREDENTIAL_JSON, FALLBACK)).toThrow(/at most 2097152 bytes \(2 MiB\)/);
    await expect(bakedBadgePng(source, CREDENTIAL_JSON, FALLBACK, rasterizer)).rejects.toThrow(/2 MiB/);
  });
});

describe('the rasterizer', () => {
  it('renders an SVG that links an https image within 2 s, without it and without fetching', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockRejectedValue(new Error('no network in this test'));
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100"><rect width="100" height="50" fill="#b91c1c"/>' +
      '<image href="https://example.com/x.png" width="100" height="100"/><image xlink:href="http://example.com/y.png" width="10" height="10"/><image href="file:///etc/passwd" width="10" height="10"/></svg>';
    const started = performance.now();
    const image = decodePng(await rasterizer.render(svg, 512));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(near(pixel(image, 256, 100), '#b91c1c', 0)).toBe(true);
    expect(pixel(image, 256, 400)[3], 'nothing drawn where the linked image would be').toBe(0);
    const baked = await bakedBadgePng(svgSource(svg), CREDENTIAL_JSON, FALLBACK, rasterizer);
    expect(extractFromPng(baked)).toBe(CREDENTIAL_JSON);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('says which folder it looked in when the fonts are missing', async () => {
    const broken = resvgRasterizer({ fontsDirectory: '/nonexistent-fonts' });
    await expect(broken.render('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>', 1)).rejects.toThrow(/nonexistent-fonts/);
  });
});
