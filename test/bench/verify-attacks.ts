import { deflateSync } from 'node:zlib';
import { kit, ONE_PIXEL_PNG } from '../support/standards-kit';
import { bakePng } from '../../shared/credentials/baking';

/**
 * Hostile bodies for POST /verify, each built to about `size` bytes: the shapes that cost a
 * parser or a canonicalizer the most for the fewest bytes. bench:verify times the handler on
 * each; test/unit/verify-attacks.test.ts checks each is answered with a 4xx or a result.
 */
export interface AttackBody {
  body: Buffer;
  contentType: string;
}

export interface Attack {
  shape: string;
  build(size: number): AttackBody;
}

const SIGNED = '09_generated_https-issuer_eddsa_hashed-email_signed.json';
const signed = () => JSON.parse(kit(SIGNED)) as Record<string, unknown> & { credentialSubject: Record<string, unknown> };

/** `unit` repeated to fill `size` bytes after `head` and before `tail`. */
const fill = (head: string, unit: string, tail: string, size: number) =>
  head + unit.repeat(Math.max(1, Math.floor((size - head.length - tail.length) / unit.length))) + tail;

/** The signed fixture with `item(i)` items placed by `place`, to at most about `size` bytes. */
function padded(size: number, place: (doc: ReturnType<typeof signed>, items: unknown[]) => void, item: (i: number) => unknown): string {
  const base = JSON.stringify(signed()).length + 64;
  const one = JSON.stringify(item(99_999)).length + 1;
  const doc = signed();
  place(doc, Array.from({ length: Math.max(1, Math.floor((size - base) / one)) }, (_, i) => item(i)));
  return JSON.stringify(doc);
}

/**
 * The costliest credential the bounds let through: as many values as allowed, in arrays of at
 * most 1,000 items, every item one the Open Badges schema accepts (so canonicalization runs),
 * padded with long strings (cheap to canonicalize) up to `size`.
 */
function atBounds(size: number): Record<string, unknown> {
  const doc = signed();
  const base = JSON.stringify(doc).length + 200;
  const evidence = (i: number) => ({ id: `https://evidence.example/${i}`, type: ['Evidence'], name: `Item ${i}` });
  const alignment = (i: number) => ({ type: ['Alignment'], targetName: `Target ${i}`, targetUrl: `https://alignments.example/${i}` });
  const perItem = JSON.stringify(evidence(999)).length + JSON.stringify(alignment(999)).length + 2;
  // 5 values an item: 2 × 790 items and the fixture's ~60 values stay under 8,000.
  const count = Math.min(790, Math.floor((size - base) / perItem));
  doc.evidence = Array.from({ length: Math.max(1, count) }, (_, i) => evidence(i));
  const achievement = doc.credentialSubject.achievement as Record<string, unknown>;
  achievement.alignment = Array.from({ length: Math.max(1, count) }, (_, i) => alignment(i));
  const room = size - JSON.stringify(doc).length - 64;
  if (room > 0) achievement.description = 'x'.repeat(room);
  return doc;
}

const json = (text: string): AttackBody => ({ body: Buffer.from(text), contentType: 'application/ld+json' });
const svg = (text: string): AttackBody => ({ body: Buffer.from(text), contentType: 'image/svg+xml' });
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A PNG whose iTXt credential chunk is a zlib-compressed run of spaces, about a thousand times
 * its size inflated (up to 64 MiB: past that the body stays smaller than `size`).
 */
function inflateBomb(size: number): Buffer {
  const png = bakePng(ONE_PIXEL_PNG, '{}');
  const text = deflateSync(Buffer.alloc(Math.min(64 * 1024 * 1024, Math.max(1024, size * 1000)), 0x20), { level: 9 });
  const data = Buffer.concat([Buffer.from('openbadgecredential\0\x01\x00\0\0', 'latin1'), text]);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write('iTXt', 4, 'latin1');
  const crc = Buffer.alloc(4);
  const start = png.indexOf('iTXt') - 4;
  const end = start + 12 + png.readUInt32BE(start);
  return Buffer.concat([png.subarray(0, start), head, data, crc, png.subarray(end)]);
}

export const ATTACKS: Attack[] = [
  { shape: 'SVG: repeated comments before a non-SVG root', build: (n) => svg(fill('', '<!---->', '<x/>', n)) },
  { shape: 'SVG: unclosed comments', build: (n) => svg(fill('', '<!--', '', n)) },
  { shape: 'SVG: unclosed credential elements', build: (n) => svg(fill('<svg>', '<openbadges:credential>', '', n)) },
  { shape: 'SVG: unclosed svg tags', build: (n) => svg(fill('', '<svg ', '', n)) },
  { shape: 'text: one character repeated', build: (n) => ({ body: Buffer.from(fill('', 'a', '', n)), contentType: 'application/vc+jwt' }) },
  { shape: 'JSON: unterminated string', build: (n) => json(fill('{"a":"', 'a', '', n)) },
  { shape: 'JSON: deep nesting (arrays)', build: (n) => json(fill('', '[', '', n)) },
  { shape: 'JSON: deep nesting (objects)', build: (n) => json(fill('', '{"a":', '', n)) },
  { shape: 'JSON: huge array of numbers', build: (n) => json(padded(n, (d, items) => (d.evidence = items), () => 1)) },
  { shape: 'JSON: many contexts', build: (n) => json(padded(n, (d, items) => (d['@context'] = [...(d['@context'] as unknown[]), ...items]), () => 'https://www.w3.org/ns/credentials/v2')) },
  {
    shape: 'JSON: signed credential padded with evidence',
    build: (n) => json(padded(n, (d, items) => (d.evidence = items), (i) => ({ id: `https://evidence.example/${i}`, type: ['Evidence'], name: `Item ${i}` }))),
  },
  { shape: 'JSON: signed credential at every bound', build: (n) => json(JSON.stringify(atBounds(n - 1))) },
  {
    shape: 'VC-JWT: payload at every bound',
    build: (n) => {
      const { proof: _proof, ...credential } = atBounds(Math.floor((n - 400) * 0.75));
      return { body: Buffer.from(`${b64({ alg: 'ES256', kid: 'https://badges.example.edu/issuers/uni-1/keys/jwt' })}.${b64(credential)}.${'A'.repeat(86)}`), contentType: 'application/vc+jwt' };
    },
  },
  { shape: 'PNG: compressed credential chunk (inflate bomb)', build: (n) => ({ body: inflateBomb(n), contentType: 'image/png' }) },
  {
    shape: 'multipart: many tiny parts',
    build: (n) => {
      const boundary = 'x';
      return { body: Buffer.from(fill('', `--${boundary}\r\nContent-Disposition: form-data; name="f"\r\n\r\nv\r\n`, `--${boundary}--\r\n`, n)), contentType: `multipart/form-data; boundary=${boundary}` };
    },
  },
];

/** 1 KiB, 64 KiB, the credential cap (256 KiB) and the image cap (2 MiB): past its cap a body gets 413. */
export const ATTACK_SIZES = [1024, 64 * 1024, 256 * 1024, 2 * 1024 * 1024] as const;
