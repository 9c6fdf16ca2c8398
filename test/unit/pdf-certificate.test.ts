import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTool } from '../support/document-tools';
import { type CertificateInput, loadCertificateFonts, type PaperSize, renderCertificatePdf } from '../../shared/certificate/pdf-certificate';

/**
 * The PDF certificate, checked with the tools a reader's computer would use: poppler (text extraction, fonts, page
 * size, tagging, rendering) and zbar (the QR code scanned from the rendered page, as a phone would).
 * CI installs both; without them these tests fail rather than skip, naming the package to install.
 */
const run = runTool;

const TEXTS: CertificateInput['texts'] = {
  title: 'Certificate of Achievement',
  awardedTo: 'This certifies that',
  issuedBy: 'Issued by',
  issuedOn: 'Issued on',
  validUntil: 'Valid until',
  verifyAt: 'Verify at',
  qrCaption: 'Scan to verify this credential',
};

const certificate = (learnerName: string | undefined, paper: PaperSize, n: number): CertificateInput => ({
  achievementName: 'Advanced Data Stewardship',
  achievementDescription: 'Designed, documented and audited research data pipelines, with provenance tracking and privacy review.',
  learnerName,
  issuerName: 'Université Exemple',
  issuedAt: '2026-12-04T10:00:00Z',
  validUntil: '2029-12-04T10:00:00Z',
  verificationUrl: `https://badges.example.edu/v/7c9e6679-7425-40de-944b-e07fc1f90a${n}e`,
  credentialId: `urn:uuid:7c9e6679-7425-40de-944b-e07fc1f90a${n}e`,
  brandColor: '#7a1f5c',
  language: 'en-GB',
  texts: TEXTS,
  paper,
});

/**
 * What pdftotext reliably gives back. Left-to-right names (Latin, Cyrillic, CJK, and Devanagari, whose reordered
 * glyphs carry an ActualText) come out whole. Arabic and Hebrew glyphs are stored in visual order and poppler rebuilds
 * the reading order with its own bidi pass, wrapped in embedding marks: each word comes out right, but the order of
 * words around neutrals can differ (it gave "גוריון-דוד בן" for "דוד בן-גוריון"), so only the words are checked.
 */
const LEARNERS: { name: string; paper: PaperSize; extracted: string[]; font: RegExp }[] = [
  { name: 'Zoë Ångström', paper: 'A4', extracted: ['Zoë Ångström'], font: /NotoSans-Bold/ },
  { name: 'Дмитрий Шостакович', paper: 'Letter', extracted: ['Дмитрий Шостакович'], font: /NotoSans-Bold/ },
  { name: 'محمد الخوارزمي', paper: 'A4', extracted: ['محمد', 'الخوارزمي'], font: /NotoSansArabic-Bold/ },
  { name: 'דוד בן-גוריון', paper: 'Letter', extracted: ['דוד', 'גוריון'], font: /NotoSansHebrew-Bold/ },
  { name: 'अमिता शर्मा', paper: 'A4', extracted: ['अमिता शर्मा'], font: /NotoSansDevanagari-Bold/ },
  { name: '王小明', paper: 'Letter', extracted: ['王小明'], font: /DroidSansFallback/ },
  { name: '佐藤 花子', paper: 'A4', extracted: ['佐藤 花子'], font: /DroidSansFallback/ },
  { name: '김민준', paper: 'Letter', extracted: ['김민준'], font: /NanumSquareB/ },
];

/** Landscape, in points (rounded) and in pixels at 150 dpi (A4's 595.28 pt is 1240.2 px: poppler makes it 1241). */
const PAGE: Record<PaperSize, { points: string; pixels: [number, number] }> = {
  A4: { points: '842 x 595', pixels: [1754, 1240] },
  Letter: { points: '792 x 612', pixels: [1650, 1275] },
};

const BIDI_MARKS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** pdffonts prints a fixed-width table; the dashed line under the header gives the columns. */
function embeddedFonts(pdf: string): { name: string; type: string; emb: string }[] {
  const [, dashes = '', ...rows] = run('pdffonts', [pdf]).trimEnd().split('\n');
  let start = 0;
  const columns = dashes.split(' ').map((d) => [start, (start += d.length + 1) - 1] as const);
  const cell = (row: string, i: number) => row.slice(...columns[i]!).trim();
  return rows.map((row) => ({ name: cell(row, 0), type: cell(row, 1), emb: cell(row, 3) }));
}

/** A PNG's signature and the width and height from its IHDR chunk. */
function pngSize(file: string): { bytes: number; width: number; height: number } {
  const png = readFileSync(file);
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { bytes: png.length, width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('the PDF certificate', () => {
  const fonts = loadCertificateFonts();
  const dir = mkdtempSync(join(tmpdir(), 'laurel-certificate-'));

  LEARNERS.forEach(({ name, paper, extracted, font }, n) => {
    it(`prints ${name} on ${paper}: real text, embedded fonts, tagged, and a QR code that scans`, async () => {
      const input = certificate(name, paper, n);
      const pdf = join(dir, `certificate-${n}.pdf`);
      writeFileSync(pdf, await renderCertificatePdf(input, fonts));

      const text = run('pdftotext', ['-enc', 'UTF-8', pdf, '-']).replace(BIDI_MARKS, '');
      for (const expected of ['Certificate of Achievement', 'Advanced Data Stewardship', 'Université Exemple', '4 December 2026', '4 December 2029', input.verificationUrl, input.credentialId]) {
        expect(text, expected).toContain(expected);
      }
      for (const part of extracted) expect(text, part).toContain(part);

      const embedded = embeddedFonts(pdf);
      expect(embedded.length).toBeGreaterThanOrEqual(2);
      for (const f of embedded) {
        expect(f.emb, f.name).toBe('yes');
        expect(f.type, f.name).toMatch(/TrueType/);
        expect(f.name).not.toMatch(/Helvetica|Times|Courier|Symbol|ZapfDingbats/);
      }
      expect(embedded.map((f) => f.name).join(' ')).toMatch(font);

      const info = run('pdfinfo', [pdf]);
      expect(info).toMatch(/^Tagged:\s+yes$/m);
      expect(info).toMatch(/^Pages:\s+1$/m);
      expect(info).toMatch(/^Title:\s+Certificate of Achievement: Advanced Data Stewardship$/m);
      const [, width = '', height = ''] = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info) ?? [];
      expect(`${Math.round(Number(width))} x ${Math.round(Number(height))}`).toBe(PAGE[paper].points);

      const page = join(dir, `certificate-${n}`);
      run('pdftoppm', ['-r', '150', '-png', '-f', '1', '-l', '1', '-singlefile', pdf, page]);
      const png = pngSize(`${page}.png`);
      expect(Math.abs(png.width - PAGE[paper].pixels[0])).toBeLessThanOrEqual(1);
      expect(Math.abs(png.height - PAGE[paper].pixels[1])).toBeLessThanOrEqual(1);
      expect(png.bytes).toBeGreaterThan(30_000); // text, border and QR code, not a blank page
      expect(run('zbarimg', ['--raw', '-q', `${page}.png`]).trim()).toBe(input.verificationUrl);
    }, 15_000);
  });

  it('tags headings, paragraphs, the link and the QR code as a figure whose alternative text names the URL', async () => {
    const input = certificate('Zoë Ångström', 'A4', 8);
    const bytes = await renderCertificatePdf(input, fonts);
    const pdf = join(dir, 'structure.pdf');
    writeFileSync(pdf, bytes);
    const tree = run('pdfinfo', ['-struct', pdf]);
    for (const element of ['Document', 'H1', 'H2', 'P', 'Link', 'Figure']) expect(tree, element).toMatch(new RegExp(`^\\s*${element}\\b`, 'm'));
    // Structure elements are uncompressed dictionaries: the Alt text and the document language are readable as is.
    const raw = Buffer.from(bytes).toString('latin1');
    expect(raw).toContain(`/Alt (${TEXTS.qrCaption}: ${input.verificationUrl})`);
    expect(raw).toContain('/Lang (en-GB)');
  });

  it('leaves out the "awarded to" line when the learner did not agree to show their name, and renders the same bytes twice', async () => {
    const input = certificate(undefined, 'Letter', 9);
    const first = await renderCertificatePdf(input, fonts);
    const pdf = join(dir, 'anonymous.pdf');
    writeFileSync(pdf, first);
    const text = run('pdftotext', ['-enc', 'UTF-8', pdf, '-']);
    expect(text).toContain('Advanced Data Stewardship');
    expect(text).not.toContain(TEXTS.awardedTo);
    expect(Buffer.from(await renderCertificatePdf(input, fonts)).equals(Buffer.from(first))).toBe(true);
  });

  it('rejects a brand colour, a date or a URL it cannot print', async () => {
    await expect(renderCertificatePdf({ ...certificate('A', 'A4', 0), brandColor: 'purple' }, fonts)).rejects.toThrow(/#rrggbb/);
    await expect(renderCertificatePdf({ ...certificate('A', 'A4', 0), issuedAt: 'yesterday' }, fonts)).rejects.toThrow(/ISO 8601/);
    await expect(renderCertificatePdf({ ...certificate('A', 'A4', 0), verificationUrl: 'badges.example.edu/v/1' }, fonts)).rejects.toThrow(/not a URL/);
  });
});
