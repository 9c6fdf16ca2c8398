/**
 * A printable PDF certificate for an issued credential: landscape A4 or US Letter, the institution's colour as a
 * border, the achievement, the learner's name in any script, the issuer, the dates, and the verification URL as text
 * and as a QR code. The PDF is tagged (headings, paragraphs, a described figure, decoration marked as artifacts) so
 * that screen readers can read it, and every font is embedded so that it prints the same everywhere.
 *
 * Everything the renderer reads at run time is in this folder: the fonts are files in ./fonts (see its README.md),
 * parsed once by loadCertificateFonts(); pdfkit's own standard fonts, which it loads from its package directory,
 * are never touched, so the module also works bundled into one file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error -- fontkit (pdfkit's own font engine) ships no type declarations; FontkitFont below types what we use.
import { create as parseFont } from 'fontkit';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

export type PaperSize = 'A4' | 'Letter';

export interface CertificateInput {
  achievementName: string;
  achievementDescription?: string;
  /** Absent when the learner did not agree to show it. */
  learnerName?: string;
  issuerName: string;
  /** ISO 8601. */
  issuedAt: string;
  /** ISO 8601. */
  validUntil?: string;
  /** Printed as text and encoded in the QR code. */
  verificationUrl: string;
  credentialId: string;
  /** '#rrggbb' */
  brandColor: string;
  /** BCP 47: the PDF's /Lang and the locale of the dates. */
  language: string;
  /** Labels, already translated into `language`. */
  texts: { title: string; awardedTo: string; issuedBy: string; issuedOn: string; validUntil: string; verifyAt: string; qrCaption: string };
  paper: PaperSize;
}

/** The part of a fontkit font this module uses; pdfkit takes the same object as a font source. */
interface FontkitFont {
  postscriptName: string;
  hasGlyphForCodePoint(codePoint: number): boolean;
  layout(text: string): unknown;
}

/** One font file, parsed. `only` keeps a fallback font to the characters it is chosen for. */
export interface FontFace {
  readonly name: string;
  readonly font: FontkitFont;
  readonly only?: RegExp;
}

/** Fallback chains, first match wins: each character is drawn with the first font that has a glyph for it. */
export interface CertificateFonts {
  readonly regular: readonly FontFace[];
  readonly bold: readonly FontFace[];
}

type Weight = keyof CertificateFonts;

const HANGUL = /\p{Script=Hangul}/u;

/**
 * Latin, Greek and Cyrillic first, then the scripts Noto Sans leaves out. Hangul comes from Nanum Square, and only
 * Hangul: Droid Sans Fallback (Chinese and Japanese) has three stray Hangul syllables, and Nanum's Hanja and kana would
 * mix a Korean design into Chinese and Japanese names. Droid has no bold, so bold CJK is its regular weight.
 */
const FONT_FILES: Record<Weight, readonly { file: string; only?: RegExp }[]> = {
  regular: [
    { file: 'NotoSans-Regular.ttf' },
    { file: 'NotoSansArabic-Regular.ttf' },
    { file: 'NotoSansHebrew-Regular.ttf' },
    { file: 'NotoSansDevanagari-Regular.ttf' },
    { file: 'NanumSquareR.ttf', only: HANGUL },
    { file: 'DroidSansFallbackFull.ttf' },
  ],
  bold: [
    { file: 'NotoSans-Bold.ttf' },
    { file: 'NotoSansArabic-Bold.ttf' },
    { file: 'NotoSansHebrew-Bold.ttf' },
    { file: 'NotoSansDevanagari-Bold.ttf' },
    { file: 'NanumSquareB.ttf', only: HANGUL },
    { file: 'DroidSansFallbackFull.ttf' },
  ],
};

/**
 * Reads and parses the font files, once: keep the result for the life of the process (a Lambda's container) and pass
 * it to every render. The default is the fonts folder beside this module; a bundle passes the folder it copied.
 */
export function loadCertificateFonts(directory: string = fileURLToPath(new URL('./fonts/', import.meta.url))): CertificateFonts {
  const parsed = new Map<string, FontkitFont>();
  const face = ({ file, only }: { file: string; only?: RegExp }): FontFace => {
    let font = parsed.get(file);
    if (!font) parsed.set(file, (font = parseFont(readFileSync(join(directory, file))) as FontkitFont));
    return only ? { name: file, font, only } : { name: file, font };
  };
  return { regular: FONT_FILES.regular.map(face), bold: FONT_FILES.bold.map(face) };
}

// ---------------------------------------------------------------------------------------------------------------
// Text: runs of one font each, broken into lines by our own measure so that runs of different fonts share a baseline.

interface Style {
  weight: Weight;
  size: number;
  color: string;
}

interface Run {
  text: string;
  face: FontFace;
  style: Style;
  /** Which run of the paragraph this is (or is a part of): parts of one run are rejoined on a line. */
  index: number;
}

/** A piece of a paragraph in one style, before it is split by font. */
interface Piece {
  text: string;
  weight: Weight;
  color: string;
}

const INK = '#1f2328';
const MUTED = '#59636e';
const LEADING = 1.45;

/** Characters that take the font of the text around them, so that a space or a comma does not split an Arabic run. */
const NEUTRAL = /[\p{M}\p{Z}\p{P}\p{S}]/u;
/** Bidi controls (Intl puts them in Arabic and Hebrew dates): no font draws them and we order runs ourselves. */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
const RTL = /[\p{Script=Arabic}\p{Script=Hebrew}]/u;
/** Arabic-Indic digits: fontkit takes them for Arabic and reverses them with the rest of a right-to-left run. */
const ARABIC_DIGIT = /[\u0660-\u0669\u06f0-\u06f9]/u;
/**
 * Scripts whose shaping moves glyphs away from their characters' order (Devanagari's short i is drawn before the
 * consonant it follows): text extracted from the glyphs alone comes out scrambled. Arabic and Hebrew are not listed:
 * their glyphs are in visual order, as from any PDF producer, and extractors reorder them (pdftotext does, and with
 * an ActualText it reversed it once more).
 */
const REORDERED = /\p{Script=Devanagari}/u;
/** Where a line may break: after white space or a slash (URLs), and around each Chinese or Japanese character. */
const BREAK = /(?<=[\s/])|(?=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])|(?<=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])/u;

const covers = (face: FontFace, char: string) => (!face.only || face.only.test(char)) && face.font.hasGlyphForCodePoint(char.codePointAt(0)!);

/** Tidies text from a database for print: composed characters (what fonts map), single spaces, no line breaks. */
const clean = (text: string) => text.normalize('NFC').replace(BIDI_CONTROLS, '').replace(/\s+/gu, ' ');

/**
 * Splits a string into runs by which font has the glyphs; a character no font has falls to the first (a box).
 * Arabic-Indic digits get runs of their own, to be drawn left to right inside right-to-left text.
 */
function fontRuns(text: string, chain: readonly FontFace[]): { text: string; face: FontFace }[] {
  const runs: { text: string; face: FontFace }[] = [];
  for (const char of text) {
    const last = runs.at(-1);
    const keep = last && NEUTRAL.test(char) && covers(last.face, char);
    const face = keep ? last.face : (chain.find((f) => covers(f, char)) ?? chain[0]!);
    if (last && last.face === face && ARABIC_DIGIT.test(last.text.at(-1)!) === ARABIC_DIGIT.test(char)) last.text += char;
    else runs.push({ text: char, face });
  }
  return runs;
}

function styledRuns(pieces: readonly Piece[], fonts: CertificateFonts, size: number, rtl: boolean): Run[] {
  const runs = pieces.flatMap((p) => fontRuns(clean(p.text), fonts[p.weight]).map((r) => ({ ...r, style: { weight: p.weight, size, color: p.color } })));
  return (rtl ? runs.flatMap(isolateEdgeSpaces) : runs).map((run, index) => ({ ...run, index }));
}

/**
 * In right-to-left text, a space between a left-to-right run (a Latin word) and a right-to-left one takes the
 * paragraph's direction: as a run of its own it stays between the two when the runs are drawn in reverse order.
 */
function isolateEdgeSpaces<T extends { text: string }>(run: T): T[] {
  if (RTL.test(run.text)) return [run];
  // trimStart/trimEnd, not a regular expression: linear whatever the run holds.
  const start = run.text.length - run.text.trimStart().length;
  const end = run.text.trimEnd().length;
  const [before, middle, after] = start >= end ? [run.text, '', ''] : [run.text.slice(0, start), run.text.slice(start, end), run.text.slice(end)];
  return [before, middle, after].filter(Boolean).map((text) => ({ ...run, text }));
}

/** Cuts runs at the paragraph's break opportunities: each word is the runs (or parts of runs) between two breaks. */
function words(runs: readonly Run[]): Run[][] {
  const text = runs.map((r) => r.text).join('');
  const result: Run[][] = [];
  let runIndex = 0;
  let offset = 0;
  for (const piece of text.split(BREAK).filter(Boolean)) {
    const word: Run[] = [];
    for (let left = piece.length; left > 0; ) {
      const run = runs[runIndex]!;
      const take = Math.min(left, run.text.length - offset);
      word.push({ ...run, text: run.text.slice(offset, offset + take) });
      left -= take;
      offset += take;
      if (offset === run.text.length) [runIndex, offset] = [runIndex + 1, 0];
    }
    result.push(word);
  }
  return result;
}

/**
 * Width of a run as it will be drawn. `features: []` makes pdfkit lay the run out whole instead of word by word,
 * which is what lets fontkit put the words of an Arabic or Hebrew run in right-to-left order.
 */
function widthOf(doc: PDFKit.PDFDocument, run: Run): number {
  return doc.font(run.face.name).fontSize(run.style.size).widthOfString(run.text, { features: [] });
}

const lineWidth = (doc: PDFKit.PDFDocument, runs: readonly Run[]) => runs.reduce((sum, run) => sum + widthOf(doc, run), 0);

/** The width without the space a line ends with: that space is drawn (text extracted across lines keeps its word breaks) but hangs. */
function inkWidth(doc: PDFKit.PDFDocument, runs: readonly Run[]): number {
  const last = runs.at(-1);
  return last ? lineWidth(doc, [...runs.slice(0, -1), { ...last, text: last.text.trimEnd() }]) : 0;
}

/** Rejoins the parts of each run on a line (a right-to-left run must be laid out whole) and drops leading spaces. */
function mergeLine(runs: readonly Run[]): Run[] {
  const merged: Run[] = [];
  for (const run of runs) {
    const last = merged.at(-1);
    if (last && last.index === run.index) last.text += run.text;
    else merged.push({ ...run });
  }
  if (merged[0]) merged[0].text = merged[0].text.trimStart();
  return merged.filter((r) => r.text);
}

/** Greedy line filling: a word that does not fit starts a new line (a word wider than a line overflows it). */
function wrap(doc: PDFKit.PDFDocument, runs: readonly Run[], maxWidth: number): Run[][] {
  const lines: Run[][] = [];
  let line: Run[] = [];
  let width = 0;
  for (const word of words(runs)) {
    if (line.length && width + inkWidth(doc, word) > maxWidth) {
      lines.push(line);
      line = [];
      width = 0;
    }
    line.push(...word);
    width += lineWidth(doc, word);
  }
  if (line.length) lines.push(line);
  return lines.map(mergeLine);
}

interface Box {
  x: number;
  width: number;
  align: 'left' | 'center';
  size: number;
  minSize: number;
  maxLines: number;
  /** Line height as a multiple of the size: Arabic and Devanagari reach far above and below Latin. */
  leading?: number;
}

/** A paragraph laid out, ready to draw as one structure element: H1, H2 or P. */
interface Block {
  type: string;
  /** The paragraph's text in reading order. */
  text: string;
  lines: Run[][];
  size: number;
  box: Box;
  truncated: boolean;
}

/** Shrinks the text until it fits the box's lines; text still too long at the smallest size ends in an ellipsis. */
function layout(doc: PDFKit.PDFDocument, fonts: CertificateFonts, type: string, pieces: readonly Piece[], box: Box): Block {
  const text = clean(pieces.map((p) => p.text).join('')).trim();
  const rtl = isRightToLeft(text);
  for (let size = box.size; ; size = Math.max(box.minSize, size - 1)) {
    const lines = wrap(doc, styledRuns(pieces, fonts, size, rtl), box.width);
    if (lines.length <= box.maxLines) return { type, text, lines, size, box, truncated: false };
    if (size === box.minSize) return { type, text, lines: ellipsize(doc, lines.slice(0, box.maxLines), fonts, box.width), size, box, truncated: true };
  }
}

function ellipsize(doc: PDFKit.PDFDocument, lines: Run[][], fonts: CertificateFonts, maxWidth: number): Run[][] {
  const last = lines.at(-1)!;
  const tail = last.at(-1)!;
  const ellipsis: Run = { text: '…', face: fonts[tail.style.weight][0]!, style: tail.style, index: -1 };
  tail.text = tail.text.trimEnd();
  while (last.length && lineWidth(doc, [...last, ellipsis]) > maxWidth) {
    const run = last.at(-1)!;
    run.text = [...run.text].slice(0, -1).join('').trimEnd();
    if (!run.text) last.pop();
  }
  last.push(ellipsis);
  return lines;
}

const blockHeight = (block: Block) => block.lines.length * block.size * (block.box.leading ?? LEADING);

const isRightToLeft = (text: string) => RTL.test(text.match(/\p{L}/u)?.[0] ?? '');

/**
 * Draws a block's lines from `top`; returns the y below them. Runs share a baseline whatever their font's ascent.
 * A right-to-left paragraph's runs are drawn in reverse order (fontkit orders the glyphs inside each run): enough for
 * names and short texts, not the full Unicode bidirectional algorithm.
 */
function drawLines(doc: PDFKit.PDFDocument, block: Block, top: number): number {
  const { box, size } = block;
  const rtl = isRightToLeft(block.text);
  block.lines.forEach((line, i) => {
    const ink = inkWidth(doc, line);
    // Right to left, the hanging space is the leftmost thing drawn: start that much further left.
    const x = (box.align === 'center' ? box.x + (box.width - ink) / 2 : box.x) - (rtl ? lineWidth(doc, line) - ink : 0);
    drawRuns(doc, rtl ? [...line].reverse() : line, x, top + i * size * (box.leading ?? LEADING) + size * 1.1);
  });
  return top + blockHeight(block);
}

/**
 * One line: the first run placed at (x, baseline), each next one `continued` from where the last ended. A run whose
 * glyphs are reordered carries its text as ActualText, for copy and paste and search.
 */
function drawRuns(doc: PDFKit.PDFDocument, runs: readonly Run[], x: number, baseline: number) {
  runs.forEach((run, i) => {
    doc.font(run.face.name).fontSize(run.style.size).fillColor(run.style.color);
    const options: PDFKit.Mixins.TextOptions = { lineBreak: false, baseline: 'alphabetic', features: [], continued: i < runs.length - 1 };
    const reordered = REORDERED.test(run.text);
    if (reordered) doc.markContent('Span', { actual: run.text });
    if (i === 0) doc.text(glyphOrder(run.text), x, baseline, options);
    else doc.text(glyphOrder(run.text), options);
    if (reordered) doc.endMarkedContent();
  });
}

/** Numbers read left to right in Arabic too: reversed here, so that fontkit's right-to-left reversal restores them. */
const glyphOrder = (text: string) => (ARABIC_DIGIT.test(text) ? [...text].reverse().join('') : text);

/**
 * Draws a block as a structure element of its type; returns the y below it. A reordered script's paragraph also gets
 * its text as the element's ActualText, which is what screen readers read.
 */
function addBlock(doc: PDFKit.PDFDocument, parent: PDFKit.PDFStructureElement, block: Block, top: number): number {
  let bottom = top;
  const options = REORDERED.test(block.text) ? { actual: block.text } : {};
  parent.add(doc.struct(block.type, options, () => (bottom = drawLines(doc, block, top))));
  return bottom;
}

// ---------------------------------------------------------------------------------------------------------------
// The page.

interface Page {
  width: number;
  height: number;
}

/** The page in points, landscape. */
const PAPER: Record<PaperSize, Page> = { A4: { width: 841.89, height: 595.28 }, Letter: { width: 792, height: 612 } };
const MARGIN = 64;
const TOP = 62;
/** The QR code's side, quiet zone included: at 150 dpi a module of a 70-character URL's code is about 5.7 pixels. */
const QR_SIDE = 124;
const QR_QUIET_ZONE = 4;

/** Where the QR code goes: bottom right. The issuer, dates and URL start level with its top. */
const qrCorner = (page: Page) => ({ x: page.width - MARGIN - QR_SIDE, y: page.height - MARGIN - QR_SIDE - 10 });

/** Dates in the certificate's language, in UTC: the day the credential records, wherever the PDF is rendered. */
function formatDate(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not an ISO 8601 date: ${iso}`);
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

function validate(input: CertificateInput) {
  if (!/^#[0-9a-f]{6}$/i.test(input.brandColor)) throw new RangeError(`brandColor must be #rrggbb: ${input.brandColor}`);
  if (!URL.canParse(input.verificationUrl)) throw new RangeError(`verificationUrl is not a URL: ${input.verificationUrl}`);
  Intl.getCanonicalLocales(input.language); // throws a RangeError for a malformed tag
}

/** Border, inner rule and the accent under the title: decoration, so an Artifact that screen readers skip. */
function drawFrame(doc: PDFKit.PDFDocument, page: Page, brand: string, accentY: number) {
  doc.markContent('Artifact', { type: 'Layout' });
  doc.save().lineWidth(8).strokeColor(brand).rect(20, 20, page.width - 40, page.height - 40).stroke();
  doc.lineWidth(0.75).rect(34, 34, page.width - 68, page.height - 68).stroke();
  doc.rect(page.width / 2 - 36, accentY, 72, 3).fill(brand).restore();
  doc.endMarkedContent();
}

/** The QR code as vector squares (sharp at any zoom, no image), one rectangle per horizontal run of dark modules. */
function drawQrCode(doc: PDFKit.PDFDocument, url: string, x: number, y: number) {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const unit = QR_SIDE / (modules.size + 2 * QR_QUIET_ZONE);
  const origin = (n: number) => (n + QR_QUIET_ZONE) * unit;
  doc.save().rect(x, y, QR_SIDE, QR_SIDE).fill('#ffffff');
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; ) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < modules.size && modules.get(row, col)) col++;
      doc.rect(x + origin(start), y + origin(row), (col - start) * unit, unit);
    }
  }
  doc.fill('#000000').restore();
}

function qrFigure(doc: PDFKit.PDFDocument, parent: PDFKit.PDFStructureElement, input: CertificateInput, page: Page) {
  const { x, y } = qrCorner(page);
  const bbox: [number, number, number, number] = [x, y, x + QR_SIDE, y + QR_SIDE];
  // pdfkit writes a Figure's bbox as its layout attribute (PDF/UA asks for one); @types/pdfkit does not list it.
  const options = { alt: `${input.texts.qrCaption}: ${input.verificationUrl}`, bbox };
  parent.add(doc.struct('Figure', options, () => drawQrCode(doc, input.verificationUrl, x, y)));
}

/** "Verify at <URL>": the URL is a Link structure element over a link annotation, so it is clickable and announced. */
function verifyParagraph(doc: PDFKit.PDFDocument, parent: PDFKit.PDFStructureElement, fonts: CertificateFonts, input: CertificateInput, box: Box, top: number): number {
  const label = layout(doc, fonts, 'P', [{ text: input.texts.verifyAt, weight: 'regular', color: MUTED }], { ...box, maxLines: 1 });
  const url = layout(doc, fonts, 'Link', [{ text: input.verificationUrl, weight: 'regular', color: INK }], { ...box, size: box.size - 1, maxLines: 3 });
  const p = doc.struct('P');
  parent.add(p);
  let bottom = top;
  p.add(() => (bottom = drawLines(doc, label, top)));
  const link = doc.struct('Link');
  p.add(link);
  const urlTop = bottom;
  link.add(() => (bottom = drawLines(doc, url, urlTop)));
  const width = Math.max(...url.lines.map((line) => inkWidth(doc, line)));
  // pdfkit takes the annotation's Contents (what a screen reader says for the link) as given: a String is a PDF string.
  const linkOptions = { structParent: link, Contents: new String(input.verificationUrl) as unknown as string };
  doc.link(box.x, urlTop, width, bottom - urlTop, input.verificationUrl, linkOptions);
  link.end();
  p.end();
  return bottom;
}

/** The title at the top; below it, centred in the space left above the footer, who earned what. */
function header(doc: PDFKit.PDFDocument, root: PDFKit.PDFStructureElement, fonts: CertificateFonts, input: CertificateInput, page: Page) {
  const wide: Box = { x: MARGIN, width: page.width - 2 * MARGIN, align: 'center', size: 30, minSize: 18, maxLines: 1 };
  const titleBottom = addBlock(doc, root, layout(doc, fonts, 'H1', [{ text: input.texts.title, weight: 'bold', color: INK }], wide), TOP);
  drawFrame(doc, page, input.brandColor, titleBottom + 6);
  const blocks = bodyBlocks(doc, fonts, input, wide, page);
  const free = qrCorner(page).y - 12 - (titleBottom + 20) - blocks.reduce((sum, b) => sum + blockHeight(b), 0);
  let y = titleBottom + 20 + Math.max(0, free * 0.4); // a little above centre looks centred
  for (const block of blocks) y = addBlock(doc, root, block, y);
}

function bodyBlocks(doc: PDFKit.PDFDocument, fonts: CertificateFonts, input: CertificateInput, wide: Box, page: Page): Block[] {
  const blocks: Block[] = [];
  if (input.learnerName) {
    blocks.push(layout(doc, fonts, 'P', [{ text: input.texts.awardedTo, weight: 'regular', color: MUTED }], { ...wide, size: 13, minSize: 9 }));
    blocks.push(nameBlock(doc, fonts, input.learnerName, wide));
  }
  blocks.push(layout(doc, fonts, 'H2', [{ text: input.achievementName, weight: 'bold', color: INK }], { ...wide, size: 22, minSize: 13, maxLines: 2 }));
  if (input.achievementDescription) {
    const box = { ...wide, x: page.width * 0.18, width: page.width * 0.64, size: 11.5, minSize: 9, maxLines: input.learnerName ? 3 : 5 };
    blocks.push(layout(doc, fonts, 'P', [{ text: input.achievementDescription, weight: 'regular', color: MUTED }], box));
  }
  return blocks;
}

/** The learner's name on one line, shrunk down to a size still read as the main line; a longer name takes two. */
function nameBlock(doc: PDFKit.PDFDocument, fonts: CertificateFonts, name: string, wide: Box): Block {
  const pieces: Piece[] = [{ text: name, weight: 'bold', color: INK }];
  const oneLine = layout(doc, fonts, 'P', pieces, { ...wide, size: 34, minSize: 22, leading: 1.6 });
  return oneLine.truncated ? layout(doc, fonts, 'P', pieces, { ...wide, size: 22, minSize: 12, maxLines: 2, leading: 1.4 }) : oneLine;
}

/** Issuer, dates, verification URL and credential id on the left; the QR code and its caption on the right. */
function footer(doc: PDFKit.PDFDocument, root: PDFKit.PDFStructureElement, fonts: CertificateFonts, input: CertificateInput, page: Page) {
  const qr = qrCorner(page);
  const box: Box = { x: MARGIN + 6, width: qr.x - MARGIN - 40, align: 'left', size: 11, minSize: 7, maxLines: 1 };
  const labelled = (label: string, value: string): Piece[] => [
    { text: `${label.trim()} `, weight: 'regular', color: MUTED },
    { text: value, weight: 'bold', color: INK },
  ];
  const rows = [labelled(input.texts.issuedBy, input.issuerName), labelled(input.texts.issuedOn, formatDate(input.issuedAt, input.language))];
  if (input.validUntil) rows.push(labelled(input.texts.validUntil, formatDate(input.validUntil, input.language)));
  let y = qr.y - 4;
  for (const row of rows) y = addBlock(doc, root, layout(doc, fonts, 'P', row, box), y);
  y = verifyParagraph(doc, root, fonts, input, box, y + 4);
  addBlock(doc, root, layout(doc, fonts, 'P', [{ text: input.credentialId, weight: 'regular', color: MUTED }], { ...box, size: 8, minSize: 6, maxLines: 2 }), y + 2);
  qrFigure(doc, root, input, page);
  const caption: Box = { x: qr.x - 30, width: QR_SIDE + 60, align: 'center', size: 8.5, minSize: 6, maxLines: 2, leading: 1.3 };
  addBlock(doc, root, layout(doc, fonts, 'P', [{ text: input.texts.qrCaption, weight: 'regular', color: MUTED }], caption), qr.y + QR_SIDE + 2);
}

/**
 * pdfkit opens a default font in its constructor: Helvetica unless told otherwise, whose metrics it loads with a
 * require() relative to its own package, which a single-file bundle no longer has. Giving it our parsed Noto Sans
 * (the runtime takes a fontkit font; @types/pdfkit only admits a path) means no standard font is ever loaded.
 */
function createDocument(input: CertificateInput, fonts: CertificateFonts): PDFKit.PDFDocument {
  const options = {
    size: input.paper === 'A4' ? 'A4' : 'LETTER',
    layout: 'landscape',
    margin: 0,
    font: fonts.regular[0]!.font,
    pdfVersion: '1.7',
    tagged: true,
    lang: input.language,
    displayTitle: true,
    // A fixed creation date (and so a fixed file ID) makes the same credential render to the same bytes.
    info: { Title: `${input.texts.title}: ${input.achievementName}`, Author: input.issuerName, Subject: input.achievementName, Keywords: input.credentialId, Creator: 'Laurel', CreationDate: new Date(input.issuedAt) },
  };
  const doc = new PDFDocument(options as unknown as PDFKit.PDFDocumentOptions);
  const byName = new Map([...fonts.regular, ...fonts.bold].map((face) => [face.name, face.font]));
  for (const [name, font] of byName) doc.registerFont(name, font as unknown as PDFKit.Mixins.PDFFontSource);
  return doc;
}

function collect(doc: PDFKit.PDFDocument): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/** Renders one certificate to PDF bytes. `fonts` comes from loadCertificateFonts(), loaded once and reused. */
export async function renderCertificatePdf(input: CertificateInput, fonts: CertificateFonts): Promise<Uint8Array> {
  validate(input);
  const doc = createDocument(input, fonts);
  const bytes = collect(doc);
  const root = doc.struct('Document');
  doc.addStructure(root);
  header(doc, root, fonts, input, PAPER[input.paper]);
  footer(doc, root, fonts, input, PAPER[input.paper]);
  root.end();
  doc.end();
  return bytes;
}
