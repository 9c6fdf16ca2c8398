import { crc32, inflateSync } from 'node:zlib';

/**
 * Baked badges (OB 3.0 §5.3 "docformat"): the credential travels inside the badge image.
 * PNG — an `iTXt` chunk with keyword `openbadgecredential`, its text the credential JSON or the
 * compact JWS. SVG — an `<openbadges:credential>` element (namespace
 * https://purl.imsglobal.org/ob/v3p0), the JSON in CDATA or the JWS in a `verify` attribute.
 */
export class BakingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BakingError';
  }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const KEYWORD = 'openbadgecredential';

export const isPng = (bytes: Uint8Array) => Buffer.from(bytes.subarray(0, 8)).equals(PNG_SIGNATURE);
export const isSvg = (bytes: Uint8Array) => /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?<svg[\s>]/i.test(Buffer.from(bytes.subarray(0, 4096)).toString('utf8'));

function* pngChunks(png: Buffer): Generator<{ type: string; data: Buffer; start: number }> {
  let offset = 8;
  while (offset + 12 <= png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    if (offset + 12 + length > png.length) throw new BakingError('The PNG file is truncated.');
    yield { type, data: png.subarray(offset + 8, offset + 8 + length), start: offset };
    offset += 12 + length;
    if (type === 'IEND') return;
  }
}

/** The credential text baked into a PNG, or undefined when there is none. */
export function extractFromPng(bytes: Uint8Array): string | undefined {
  const png = Buffer.from(bytes);
  if (!isPng(png)) throw new BakingError('The file is not a PNG image.');
  for (const { type, data } of pngChunks(png)) {
    if (type !== 'iTXt') continue;
    const keywordEnd = data.indexOf(0);
    if (keywordEnd < 0 || data.toString('latin1', 0, keywordEnd) !== KEYWORD) continue;
    const compressed = data[keywordEnd + 1] === 1;
    const languageEnd = data.indexOf(0, keywordEnd + 3);
    const translatedEnd = languageEnd < 0 ? -1 : data.indexOf(0, languageEnd + 1);
    if (translatedEnd < 0) throw new BakingError('The PNG openbadgecredential chunk is malformed.');
    const text = data.subarray(translatedEnd + 1);
    // The spec says uncompressed; a compressed chunk is still read (bounded by the upload limit).
    return (compressed ? inflateSync(text, { maxOutputLength: 4 * 1024 * 1024 }) : text).toString('utf8');
  }
  return undefined;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** Bakes `credential` (JSON text or compact JWS) into a PNG, replacing any credential it held. */
export function bakePng(bytes: Uint8Array, credential: string): Buffer {
  const png = Buffer.from(bytes);
  if (!isPng(png)) throw new BakingError('The file is not a PNG image.');
  const parts: Buffer[] = [PNG_SIGNATURE];
  const data = Buffer.concat([Buffer.from(`${KEYWORD}\0\0\0\0\0`, 'latin1'), Buffer.from(credential, 'utf8')]);
  for (const c of pngChunks(png)) {
    if (c.type === 'iTXt' && c.data.toString('latin1', 0, KEYWORD.length + 1) === `${KEYWORD}\0`) continue;
    // Right after IHDR, so readers that stop early still find it.
    parts.push(png.subarray(c.start, c.start + 12 + c.data.length));
    if (c.type === 'IHDR') parts.push(chunk('iTXt', data));
  }
  return Buffer.concat(parts);
}

const SVG_CREDENTIAL = /<openbadges:credential(\s[^>]*)?>\s*(?:<!\[CDATA\[([\s\S]*?)\]\]>|([\s\S]*?))\s*<\/openbadges:credential>|<openbadges:credential(\s[^>]*)?\/>/;

const xmlUnescape = (s: string) =>
  s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, e: string) =>
    e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'amp' ? '&' : e === 'quot' ? '"' : e === 'apos' ? "'" : String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)),
  );

/** The credential text baked into an SVG, or undefined when there is none. */
export function extractFromSvg(bytes: Uint8Array): string | undefined {
  const svg = Buffer.from(bytes).toString('utf8');
  if (!isSvg(bytes)) throw new BakingError('The file is not an SVG image.');
  const m = SVG_CREDENTIAL.exec(svg);
  if (!m) return undefined;
  const attributes = m[1] ?? m[4] ?? '';
  const verify = /\sverify\s*=\s*"([^"]*)"/.exec(attributes)?.[1];
  if (verify) return xmlUnescape(verify).trim();
  const text = m[2] ?? (m[3] !== undefined ? xmlUnescape(m[3]) : undefined);
  return text?.trim() || undefined;
}

/** Bakes `credential` into an SVG: JSON in CDATA, a JWS in the `verify` attribute. */
export function bakeSvg(bytes: Uint8Array, credential: string): string {
  const svg = Buffer.from(bytes).toString('utf8').replace(SVG_CREDENTIAL, '');
  const open = /<svg\b[^>]*>/i.exec(svg);
  if (!open) throw new BakingError('The file is not an SVG image.');
  let tag = open[0];
  if (!/xmlns:openbadges=/.test(tag)) tag = tag.replace(/^<svg\b/i, '<svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"');
  const trimmed = credential.trim();
  const element = trimmed.startsWith('{')
    ? `<openbadges:credential><![CDATA[${trimmed.replaceAll(']]>', ']]]]><![CDATA[>')}]]></openbadges:credential>`
    : `<openbadges:credential verify="${trimmed.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`)}"/>`;
  return `${svg.slice(0, open.index)}${tag}${element}${svg.slice(open.index + open[0].length)}`;
}
