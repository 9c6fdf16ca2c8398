/**
 * A badge image from a few choices — a shape, colours, a title, an icon — so that no achievement
 * goes without one (issue #18, the badge designer). The same function renders the console's
 * live preview and the SVG the admin API stores: what staff see is what the credential shows.
 *
 * The output is deterministic (the same design, the same bytes), names itself for screen
 * readers (`role="img"`, `<title>`), escapes every text, and picks the text colour with the
 * higher WCAG contrast against the badge's colour. Nothing external: no fonts, links or scripts,
 * so it renders the same in a wallet, a browser and LinkedIn, and under the verification page's CSP.
 */
export const BADGE_SHAPES = ['circle', 'hexagon', 'shield', 'rosette'] as const;
export const BADGE_ICONS = ['none', 'star', 'check', 'book', 'code', 'leaf', 'trophy'] as const;

/** A design as the renderer takes it (shared/domain/badge-design.ts validates one). */
export interface BadgeDesign {
  shape: (typeof BADGE_SHAPES)[number];
  color?: string | undefined;
  accent?: string | undefined;
  title: string;
  subtitle?: string | undefined;
  icon: (typeof BADGE_ICONS)[number];
}

const SIZE = 512;
const CENTER = SIZE / 2;

/** The badge as SVG text. `brandColor` colours a design that names none. */
export function renderBadgeSvg(design: BadgeDesign, brandColor = '#1d4ed8'): string {
  const fill = (design.color ?? brandColor).toLowerCase();
  const ring = (design.accent ?? shade(fill, 0.7)).toLowerCase();
  const ink = textColorOn(fill);
  const lines = wrap(design.title, 14, 3);
  const fontSize = lines.length === 1 ? 52 : lines.length === 2 ? 44 : 36;
  const icon = design.icon === 'none' ? undefined : ICONS[design.icon];
  const hasIcon = icon !== undefined;
  const top = hasIcon ? 300 : CENTER - ((lines.length - 1) * fontSize * 1.15) / 2 + fontSize / 3;
  const title = lines
    .map((line, i) => `<text x="${CENTER}" y="${round(top + i * fontSize * 1.15)}" font-size="${fontSize}" font-weight="700" text-anchor="middle" fill="${ink}">${escapeXml(line)}</text>`)
    .join('');
  const subtitle = design.subtitle
    ? `<text x="${CENTER}" y="${round(top + lines.length * fontSize * 1.15 + 8)}" font-size="28" text-anchor="middle" fill="${ink}">${escapeXml(design.subtitle)}</text>`
    : '';
  const label = design.subtitle ? `${design.title}, ${design.subtitle}` : design.title;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${SIZE} ${SIZE}" width="${SIZE}" height="${SIZE}" role="img" aria-labelledby="badge-title">`,
    `<title id="badge-title">${escapeXml(label)}</title>`,
    `<g font-family="Helvetica, Arial, sans-serif">`,
    SHAPES[design.shape](fill, ring),
    hasIcon ? `<g transform="translate(${CENTER - 48} 112) scale(4)" fill="none" stroke="${ink}" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${icon}</g>` : '',
    title,
    subtitle,
    '</g></svg>',
  ].join('');
}

/** Each shape: its outline in the ring colour, the body in the badge colour. */
const SHAPES: Record<BadgeDesign['shape'], (fill: string, ring: string) => string> = {
  circle: (fill, ring) => `<circle cx="${CENTER}" cy="${CENTER}" r="248" fill="${ring}"/><circle cx="${CENTER}" cy="${CENTER}" r="226" fill="${fill}"/>`,
  hexagon: (fill, ring) => `<polygon points="${polygon(6, 250, -90)}" fill="${ring}"/><polygon points="${polygon(6, 226, -90)}" fill="${fill}"/>`,
  shield: (fill, ring) =>
    `<path d="M256 6 L486 70 L486 250 C486 390 380 470 256 506 C132 470 26 390 26 250 L26 70 Z" fill="${ring}"/>` +
    `<path d="M256 30 L462 88 L462 250 C462 376 368 448 256 482 C144 448 50 376 50 250 L50 88 Z" fill="${fill}"/>`,
  rosette: (fill, ring) =>
    `<polygon points="${polygon(24, 252, 0, 226)}" fill="${ring}"/><circle cx="${CENTER}" cy="${CENTER}" r="206" fill="${fill}"/>`,
};

/** 24-unit line icons (Lucide-like strokes), drawn at 4×. */
const ICONS: Record<Exclude<BadgeDesign['icon'], 'none'>, string> = {
  star: '<polygon points="12 2 15.09 8.26 22 9.27 17 14.14 18.18 21.02 12 17.77 5.82 21.02 7 14.14 2 9.27 8.91 8.26 12 2"/>',
  check: '<circle cx="12" cy="12" r="10"/><polyline points="7 12.5 10.5 16 17 9"/>',
  book: '<path d="M2 4h7a3 3 0 0 1 3 3v14a2 2 0 0 0-2-2H2z"/><path d="M22 4h-7a3 3 0 0 0-3 3v14a2 2 0 0 1 2-2h8z"/>',
  code: '<polyline points="16 18 22 12 16 6"/><polyline points="8 6 2 12 8 18"/>',
  leaf: '<path d="M11 20A7 7 0 0 1 4 13c0-6 8-10 16-10 0 8-4 17-9 17z"/><path d="M4 21c3-5 7-8 11-10"/>',
  trophy: '<path d="M8 21h8"/><path d="M12 17v4"/><path d="M7 4h10v6a5 5 0 0 1-10 0z"/><path d="M17 6h3a3 3 0 0 1-3 4"/><path d="M7 6H4a3 3 0 0 0 3 4"/>',
};

/** A regular polygon (or a star, with an inner radius) around the centre. */
function polygon(sides: number, radius: number, startDegrees: number, inner?: number): string {
  const points: string[] = [];
  const count = inner === undefined ? sides : sides * 2;
  for (let i = 0; i < count; i++) {
    const r = inner !== undefined && i % 2 === 1 ? inner : radius;
    const angle = ((startDegrees + (360 / count) * i) * Math.PI) / 180;
    points.push(`${round(CENTER + r * Math.cos(angle))},${round(CENTER + r * Math.sin(angle))}`);
  }
  return points.join(' ');
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Words into at most `maxLines` lines of about `width` characters: a long word is cut, and text left over ends the last line with an ellipsis. */
export function wrap(title: string, width: number, maxLines: number): string[] {
  const cut = (word: string) => (word.length > width ? `${word.slice(0, width - 1)}…` : word);
  const lines: string[] = [];
  for (const word of title.split(/\s+/).filter(Boolean)) {
    const last = lines.at(-1);
    if (last !== undefined && `${last} ${word}`.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(cut(word));
  }
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${kept[maxLines - 1]!.replace(/…$/, '').slice(0, width - 1)}…`;
  return kept;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);

/** WCAG relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}
export const contrastRatio = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};
/** White or near-black, whichever reads better on the colour. */
export const textColorOn = (fill: string) => (contrastRatio('#ffffff', fill) >= contrastRatio('#111827', fill) ? '#ffffff' : '#111827');

/** The colour darkened by `factor` (0–1), for the ring. */
function shade(hex: string, factor: number): string {
  const c = (i: number) => Math.round(parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) * factor).toString(16).padStart(2, '0');
  return `#${c(0)}${c(1)}${c(2)}`;
}
