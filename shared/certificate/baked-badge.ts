/**
 * The learner's badge downloads — PNG and SVG — with the credential baked in (OB 3.0 §5.3, see
 * ../credentials/baking.ts), so that a file dropped on POST /verify, or on any OB 3.0 verifier,
 * carries its own proof.
 *
 * The achievement's stored image may be a PNG, a JPEG or an SVG (uploaded or designed), or there may
 * be none. Each download keeps the image when its format can carry the credential and converts it
 * otherwise: a raster image is wrapped in an SVG for the SVG download, and anything but a PNG is
 * rasterized with resvg (WebAssembly) for the PNG download.
 *
 * A stored image that cannot be read — a truncated PNG, a JPEG without a frame header, an SVG resvg
 * cannot parse — never fails the download: the learner gets a plain badge named after the
 * achievement instead, still carrying the credential, which is the part that matters. Only an image
 * over MAX_SOURCE_BYTES is refused, because that means the upload checks were bypassed.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { BakingError, bakePng, bakeSvg, isPng, isSvg } from '../credentials/baking';
import { renderBadgeSvg } from '../domain/badge-svg';

/** The stored image, or undefined when the achievement has none. */
export interface BadgeSource {
  bytes: Uint8Array;
  contentType: string;
}

export interface BadgeRasterizer {
  render(svg: string, widthPx: number): Promise<Uint8Array>;
}

interface Fallback {
  achievementName: string;
  brandColor: string;
}

/** The same cap POST /verify and the image upload apply: larger means something bypassed them. */
const MAX_SOURCE_BYTES = 2 * 1024 * 1024;
/** The PNG download's width; wallets and LinkedIn show badges at a few hundred pixels at most. */
const PNG_WIDTH = 512;
/**
 * A raster image's decoded size, bounded: a 2 MiB JPEG or PNG of one colour can declare 30,000 ×
 * 30,000 pixels, which resvg (and a viewer of the SVG) would decode to gigabytes. 16 Mpx is 64 MiB
 * of RGBA, far above any badge.
 */
const MAX_RASTER_SIDE = 8192;
const MAX_RASTER_PIXELS = 4096 * 4096;
/** The tallest rendering: a 1 × 10,000 SVG scaled to 512 px wide would otherwise be 5 million rows. */
const MAX_RENDER_HEIGHT = 4096;
const NEUTRAL_COLOR = '#4b5563';

type Raster = { kind: 'png' | 'jpeg'; bytes: Buffer; width: number; height: number };
type Readable = Raster | { kind: 'svg'; bytes: Buffer };

/** The badge as SVG with the credential baked in (see the module comment for each kind of source). */
export function bakedBadgeSvg(source: BadgeSource | undefined, credentialJson: string, fallback: Fallback): string {
  const image = readSource(source);
  if (image?.kind === 'svg') {
    try {
      return bakeSvg(image.bytes, credentialJson);
    } catch (e) {
      // isSvg found a root element but bakeSvg could not find where its start tag ends: malformed, so the fallback.
      if (!(e instanceof BakingError)) throw e;
    }
  }
  const svg = image && image.kind !== 'svg' ? rasterInSvg(image, fallback.achievementName) : fallbackSvg(fallback);
  return bakeSvg(Buffer.from(svg), credentialJson);
}

/** The badge as PNG with the credential baked in: a PNG source as it is, anything else rasterized 512 px wide. */
export async function bakedBadgePng(source: BadgeSource | undefined, credentialJson: string, fallback: Fallback, rasterizer: BadgeRasterizer): Promise<Buffer> {
  const image = readSource(source);
  if (image?.kind === 'png') {
    try {
      return bakePng(image.bytes, credentialJson);
    } catch (e) {
      // pngSize has walked the same chunks, so this is not expected; if bakePng still finds the PNG malformed, the fallback below.
      if (!(e instanceof BakingError)) throw e;
    }
  }
  const wanted = image?.kind === 'svg' ? image.bytes.toString('utf8') : image?.kind === 'jpeg' ? rasterInSvg(image, fallback.achievementName) : undefined;
  return bakePng(await rasterizeOrFallback(wanted, fallback, rasterizer), credentialJson);
}

/**
 * The source rendered, or the fallback badge when the rasterizer refuses it (an SVG that is not
 * well-formed XML, or a JPEG whose header reads but whose data does not decode, which renders blank).
 * When the fallback fails too, the rasterizer itself is broken (no wasm file, say): that error is thrown.
 */
async function rasterizeOrFallback(svg: string | undefined, fallback: Fallback, rasterizer: BadgeRasterizer): Promise<Uint8Array> {
  if (svg !== undefined) {
    try {
      return await rasterizer.render(svg, PNG_WIDTH);
    } catch {
      // Malformed source: the fallback badge, as the module comment explains.
    }
  }
  return rasterizer.render(fallbackSvg(fallback), PNG_WIDTH);
}

/**
 * The stored image by its bytes (its content type was set by whoever uploaded it and may be wrong),
 * or undefined when there is none or it is unreadable.
 */
function readSource(source: BadgeSource | undefined): Readable | undefined {
  if (!source) return undefined;
  if (source.bytes.length > MAX_SOURCE_BYTES) {
    throw new Error(`The badge image is ${source.bytes.length} bytes; a stored badge image may be at most ${MAX_SOURCE_BYTES} bytes (2 MiB).`);
  }
  const bytes = Buffer.from(source.bytes.buffer, source.bytes.byteOffset, source.bytes.byteLength);
  if (isPng(bytes)) return rasterOf('png', bytes, pngSize(bytes));
  if (isJpeg(bytes)) return rasterOf('jpeg', bytes, jpegSize(bytes));
  return isSvg(bytes) ? { kind: 'svg', bytes } : undefined;
}

type Size = { width: number; height: number };

const rasterOf = (kind: Raster['kind'], bytes: Buffer, size: Size | undefined): Raster | undefined =>
  size && size.width <= MAX_RASTER_SIDE && size.height <= MAX_RASTER_SIDE && size.width * size.height <= MAX_RASTER_PIXELS ? { kind, bytes, ...size } : undefined;

/**
 * The size from the IHDR chunk, which the PNG specification puts first (width and height at bytes
 * 16 and 20), once the chunks are known to run whole from there to an IEND past at least one IDAT:
 * a truncated upload is caught here, for both downloads, rather than shown as a broken image in
 * the SVG. Each step moves forward by a whole chunk (12 bytes at least), so the walk is linear.
 */
function pngSize(png: Buffer): Size | undefined {
  if (png.length < 33 || png.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  let hasData = false;
  let at = 8;
  for (;;) {
    if (at + 12 > png.length) return undefined;
    const end = at + 12 + png.readUInt32BE(at);
    if (end > png.length) return undefined;
    const type = png.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT') hasData = true;
    if (type === 'IEND') break;
    at = end;
  }
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  return hasData && width > 0 && height > 0 ? { width, height } : undefined;
}

const isJpeg = (bytes: Buffer) => bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;

/** Start-of-frame markers (C0–CF but C4 DHT, C8 JPG and CC DAC): the frame header holds the size. */
const isStartOfFrame = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
/** Markers without a length: TEM, RST0–7 and SOI. */
const standsAlone = (marker: number) => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8);

/**
 * A JPEG's size from its frame header. Walks the marker segments from the start, each step moving
 * forward by at least one byte, so the time is linear in the (bounded) file and no segment length
 * can send it backwards or past the end. A scan or the end before a frame header is malformed.
 */
function jpegSize(jpeg: Buffer): Size | undefined {
  let at = 2;
  while (at + 4 <= jpeg.length) {
    if (jpeg[at] !== 0xff) return undefined;
    const marker = jpeg[at + 1]!;
    if (marker === 0xff) {
      at += 1; // a fill byte before the marker
    } else if (standsAlone(marker)) {
      at += 2;
    } else if (marker === 0xd9 || marker === 0xda) {
      return undefined;
    } else if (isStartOfFrame(marker)) {
      if (at + 9 > jpeg.length) return undefined;
      const height = jpeg.readUInt16BE(at + 5);
      const width = jpeg.readUInt16BE(at + 7);
      // A height of 0 is defined later by a DNL segment; no badge needs that, so it counts as unreadable.
      return width > 0 && height > 0 ? { width, height } : undefined;
    } else {
      const length = jpeg.readUInt16BE(at + 2);
      if (length < 2) return undefined;
      at += 2 + length;
    }
  }
  return undefined;
}

/** A raster image as an SVG of its own size, so that the SVG download can carry the credential too. */
function rasterInSvg(image: Raster, achievementName: string): string {
  const { width, height } = image;
  const label = escapeXml(xmlText(achievementName));
  const href = `data:image/${image.kind};base64,${image.bytes.toString('base64')}`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${label}">` +
    `<title>${label}</title><image width="${width}" height="${height}" href="${href}"/></svg>`
  );
}

/** A plain badge named after the achievement, in the institution's colour, for when there is no usable image. */
function fallbackSvg({ achievementName, brandColor }: Fallback): string {
  const color = /^#[0-9a-f]{6}$/i.test(brandColor) ? brandColor : NEUTRAL_COLOR;
  return renderBadgeSvg({ shape: 'circle', title: xmlText(achievementName), icon: 'none' }, color);
}

/**
 * Characters XML 1.0 cannot hold even escaped (controls, lone surrogates) removed: a name pasted from
 * a word processor with a stray \u000b would otherwise make the whole SVG unreadable.
 */
const xmlText = (text: string) => text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);

/*
 * The rasterizer. resvg-wasm loads nothing by itself: its WebAssembly module is given the .wasm
 * bytes (never a URL, which it would fetch), it has no file system, and an image it cannot decode
 * from a data: URL — an http(s) or file href — is only listed by imagesToResolve(), which nothing
 * here answers, so such an image is left out of the rendering and nothing is fetched.
 */

/** initWasm may run once per process (a second call throws), whatever the options of later rasterizers. */
let wasmReady: Promise<void> | undefined;
const fontsByDirectory = new Map<string, Promise<Uint8Array[]>>();

function initOnce(wasmPath: string | undefined): Promise<void> {
  wasmReady ??= initWasm(readFile(wasmPath ?? createRequire(import.meta.url).resolve('@resvg/resvg-wasm/index_bg.wasm'))).catch((e: unknown) => {
    wasmReady = undefined; // a missing file is worth retrying once it is deployed; the error goes to this caller
    throw e;
  });
  return wasmReady;
}

/**
 * Noto Sans regular and bold: designed badges ask for "Helvetica, Arial, sans-serif", none of which
 * a Lambda has, so sans-serif and the default family are mapped to the font the PDF certificate embeds.
 */
function fontsIn(directory: string): Promise<Uint8Array[]> {
  let fonts = fontsByDirectory.get(directory);
  if (!fonts) {
    fonts = Promise.all(['NotoSans-Regular.ttf', 'NotoSans-Bold.ttf'].map((file) => readFile(join(directory, file))));
    fonts.catch(() => fontsByDirectory.delete(directory));
    fontsByDirectory.set(directory, fonts);
  }
  return fonts;
}

/** Every pixel fully transparent (RGBA, alpha last). */
function isBlank(rgba: Uint8Array): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 0) return false;
  return true;
}

/**
 * resvg-wasm, initialised once per process; the defaults suit the repository, a bundle passes the
 * paths of the files it copied. A rendering with nothing visible is an error, not a PNG: resvg skips
 * an embedded image it cannot decode (a corrupt JPEG) without a word, and a blank badge is worth less
 * to the learner than the fallback.
 */
export function resvgRasterizer(options: { wasmPath?: string; fontsDirectory?: string } = {}): BadgeRasterizer {
  const fontsDirectory = options.fontsDirectory ?? fileURLToPath(new URL('./fonts/', import.meta.url));
  return {
    async render(svg, widthPx) {
      if (!Number.isInteger(widthPx) || widthPx < 1 || widthPx > MAX_RENDER_HEIGHT) throw new RangeError(`The width must be 1 to ${MAX_RENDER_HEIGHT} pixels, not ${widthPx}.`);
      const [, fontBuffers] = await Promise.all([initOnce(options.wasmPath), fontsIn(fontsDirectory)]);
      const font = { fontBuffers, defaultFontFamily: 'Noto Sans', sansSerifFamily: 'Noto Sans' };
      const resvg = new Resvg(svg, { fitTo: { mode: 'width', value: widthPx }, font });
      // Objects in WebAssembly memory are freed here, not left to the garbage collector.
      try {
        const height = Math.ceil((resvg.height * widthPx) / resvg.width);
        if (!(height >= 1 && height <= MAX_RENDER_HEIGHT)) throw new RangeError(`The SVG is ${resvg.width} × ${resvg.height}: at ${widthPx} px wide it would be ${height} px tall.`);
        const image = resvg.render();
        try {
          if (isBlank(image.pixels)) throw new Error('The SVG rendered nothing visible: an image in it may not decode.');
          return image.asPng();
        } finally {
          image.free();
        }
      } finally {
        resvg.free();
      }
    },
  };
}
