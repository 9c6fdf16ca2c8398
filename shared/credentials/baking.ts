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
/** An SVG document: its root element is `<svg>` (see svgRootStart). */
export const isSvg = (bytes: Uint8Array) => svgRootStart(Buffer.from(bytes).toString('utf8')) >= 0;

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

/**
 * The credential text baked into a PNG, or undefined when there is none. A compressed chunk
 * inflates to at most `maxTextBytes` (a few hundred bytes can inflate to gigabytes).
 */
export function extractFromPng(bytes: Uint8Array, options: { maxTextBytes?: number } = {}): string | undefined {
  const maxTextBytes = options.maxTextBytes ?? 256 * 1024;
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
    if (!compressed) return text.toString('utf8');
    // The spec says uncompressed; a compressed chunk is still read, within the bound.
    try {
      return inflateSync(text, { maxOutputLength: maxTextBytes }).toString('utf8');
    } catch (e) {
      const tooLarge = (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
      throw new BakingError(tooLarge ? `The PNG's credential inflates to more than ${maxTextBytes} bytes.` : 'The PNG openbadgecredential chunk does not inflate.');
    }
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


/*
 * SVG is read with scanners, not regular expressions: an upload is up to 2 MiB of a stranger's
 * text, and patterns with nested or lazy quantifiers over it (comments, unclosed elements) cost
 * exponential or quadratic time. Every function below moves forward through the text with
 * indexOf and single-character tests, so its time is linear in the text.
 */
const isXmlSpace = (c: string | undefined) => c === ' ' || c === '\n' || c === '\r' || c === '\t';

function skipSpace(text: string, from: number): number {
  let i = from;
  while (isXmlSpace(text[i])) i++;
  return i;
}

const startsWithIgnoringCase = (text: string, prefix: string, at: number) => text.slice(at, at + prefix.length).toLowerCase() === prefix.toLowerCase();

/**
 * Where the root `<svg>` element starts, or -1 when the text is not an SVG document: after an
 * optional byte order mark, XML declaration, processing instructions, comments and a DOCTYPE.
 */
export function svgRootStart(text: string): number {
  let i = skipSpace(text, text.startsWith('\uFEFF') ? 1 : 0);
  for (;;) {
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) return -1;
      i = skipSpace(text, end + 3);
    } else if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end < 0) return -1;
      i = skipSpace(text, end + 2);
    } else if (startsWithIgnoringCase(text, '<!DOCTYPE', i)) {
      const end = text.indexOf('>', i + 9);
      if (end < 0) return -1;
      i = skipSpace(text, end + 1);
    } else {
      break;
    }
  }
  const next = text[i + 4];
  return startsWithIgnoringCase(text, '<svg', i) && (isXmlSpace(next) || next === '>' || next === '/') ? i : -1;
}

/** The index of the `>` that ends the tag whose attributes start at `from` (quoted `>` skipped), or -1. */
function tagEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === '>') return i;
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1);
      if (close < 0) return -1;
      i = close + 1;
    } else {
      i++;
    }
  }
  return -1;
}

/** One attribute's raw value from a tag's attribute text (`name="value"` or `name='value'`). */
function attributeValue(attributes: string, name: string): string | undefined {
  let i = 0;
  const n = attributes.length;
  while (i < n) {
    i = skipSpace(attributes, i);
    const nameStart = i;
    while (i < n && !isXmlSpace(attributes[i]) && attributes[i] !== '=') i++;
    const attribute = attributes.slice(nameStart, i);
    i = skipSpace(attributes, i);
    if (attributes[i] !== '=') {
      if (i === nameStart) i++;
      continue;
    }
    i = skipSpace(attributes, i + 1);
    const quote = attributes[i];
    let value: string;
    if (quote === '"' || quote === "'") {
      const close = attributes.indexOf(quote, i + 1);
      if (close < 0) return undefined;
      value = attributes.slice(i + 1, close);
      i = close + 1;
    } else {
      const start = i;
      while (i < n && !isXmlSpace(attributes[i])) i++;
      value = attributes.slice(start, i);
    }
    if (attribute === name) return value;
  }
  return undefined;
}

const OPEN = '<openbadges:credential';
const CLOSE = '</openbadges:credential>';

interface CredentialElement {
  start: number;
  end: number;
  attributes: string;
  /** The element's raw content; absent for an empty element (`<openbadges:credential … />`). */
  content?: string;
}

/** The first complete `<openbadges:credential>` element, or undefined. */
function credentialElement(text: string): CredentialElement | undefined {
  let from = 0;
  for (;;) {
    const start = text.indexOf(OPEN, from);
    if (start < 0) return undefined;
    const after = start + OPEN.length;
    const next = text[after];
    if (next !== '>' && next !== '/' && !isXmlSpace(next)) {
      from = after;
      continue;
    }
    const end = tagEnd(text, after);
    if (end < 0) return undefined;
    if (text[end - 1] === '/') return { start, end: end + 1, attributes: text.slice(after, end - 1) };
    const close = text.indexOf(CLOSE, end + 1);
    if (close < 0) return undefined;
    return { start, end: close + CLOSE.length, attributes: text.slice(after, end), content: text.slice(end + 1, close) };
  }
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML's five named entities and character references; anything else stays as written. */
function xmlUnescape(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-f]{1,6});/gi, (whole, entity: string) => {
    const named = ENTITIES[entity.toLowerCase()];
    if (named) return named;
    const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
    if (code > 0x10ffff) throw new BakingError(`The SVG credential has an invalid character reference ${whole}.`);
    return String.fromCodePoint(code);
  });
}

/** Text content: character data unescaped, CDATA sections as they are (split sections joined). */
function textContent(content: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const cdata = content.indexOf('<![CDATA[', i);
    if (cdata < 0) return out + xmlUnescape(content.slice(i));
    out += xmlUnescape(content.slice(i, cdata));
    const end = content.indexOf(']]>', cdata + 9);
    if (end < 0) throw new BakingError('The SVG credential has an unclosed CDATA section.');
    out += content.slice(cdata + 9, end);
    i = end + 3;
  }
}

/** The credential text baked into an SVG, or undefined when there is none. */
export function extractFromSvg(bytes: Uint8Array): string | undefined {
  const svg = Buffer.from(bytes).toString('utf8');
  if (svgRootStart(svg) < 0) throw new BakingError('The file is not an SVG image.');
  const element = credentialElement(svg);
  if (!element) return undefined;
  const verify = attributeValue(element.attributes, 'verify');
  if (verify) return xmlUnescape(verify).trim();
  return element.content === undefined ? undefined : textContent(element.content).trim() || undefined;
}

/** Bakes `credential` into an SVG, replacing any it held: JSON in CDATA, a JWS in the `verify` attribute. */
export function bakeSvg(bytes: Uint8Array, credential: string): string {
  const original = Buffer.from(bytes).toString('utf8');
  const old = credentialElement(original);
  const svg = old ? original.slice(0, old.start) + original.slice(old.end) : original;
  const start = svgRootStart(svg);
  const end = start < 0 ? -1 : tagEnd(svg, start + 4);
  if (end < 0) throw new BakingError('The file is not an SVG image.');
  let tag = svg.slice(start, end + 1);
  if (!tag.includes('xmlns:openbadges=')) tag = `<svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"${tag.slice(4)}`;
  const trimmed = credential.trim();
  const element = trimmed.startsWith('{')
    ? `<openbadges:credential><![CDATA[${trimmed.replaceAll(']]>', ']]]]><![CDATA[>')}]]></openbadges:credential>`
    : `<openbadges:credential verify="${trimmed.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`)}"/>`;
  // An empty root (`<svg …/>`) opens and closes around the credential.
  if (tag.endsWith('/>')) return `${svg.slice(0, start)}${tag.slice(0, -2).trimEnd()}>${element}</svg>${svg.slice(end + 1)}`;
  return `${svg.slice(0, start)}${tag}${element}${svg.slice(end + 1)}`;
}
