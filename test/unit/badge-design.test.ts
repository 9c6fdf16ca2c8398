import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { badgeDesign, contrastRatio, renderBadgeSvg, textColorOn, wrap, BADGE_ICONS, BADGE_SHAPES } from '../../shared/domain/badge-design';
import { createAchievement, updateAchievement } from '../../shared/use-cases/achievements';
import * as z from '../../shared/zod';
import { fixedClock, memoryArtifacts } from '../support/memory-ports';
import { memoryRepositories } from '../support/memory-repositories';
import { staff } from '../support/memory-world';

/**
 * The badge designer (issue #18): the SVG it draws, and that no achievement goes without an
 * image — the default design when none is uploaded, a new drawing when the design changes.
 */
const design = (input: Record<string, unknown>) => z.parse(badgeDesign, input);

describe('a designed badge', () => {
  it('is the same bytes for the same design, and names itself for screen readers', () => {
    const d = design({ shape: 'shield', title: 'Data Literacy', subtitle: 'Level 2', icon: 'check' });
    const svg = renderBadgeSvg(d, '#1d4ed8');
    expect(renderBadgeSvg(d, '#1d4ed8')).toBe(svg);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 512 512" [^>]*role="img" aria-labelledby="badge-title">/);
    expect(svg).toContain('<title id="badge-title">Data Literacy, Level 2</title>');
    expect(svg).toContain('fill="#1d4ed8"');
  });

  it('escapes every text and loads nothing: no script, link, font or external reference', () => {
    const svg = renderBadgeSvg(design({ title: '<script>alert(1)</script>', subtitle: '"&\' onload=x' }));
    // No element but the drawing's own, and no attribute from the text: it stays character data.
    expect(svg).not.toMatch(/<script|<[^>]*\sonload=|href|url\(|@import|<foreignObject/i);
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('&quot;&amp;&apos; onload=x');
  });

  it('draws every shape and icon, and refuses what it does not know, naming the field', () => {
    for (const shape of BADGE_SHAPES) for (const icon of BADGE_ICONS) expect(renderBadgeSvg(design({ shape, icon, title: 'T' }))).toMatch(/<\/svg>$/);
    const bad = z.safeParse(badgeDesign, { shape: 'star', color: 'blue', title: '' });
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['color', 'shape', 'title']);
  });

  it('writes its title in white or near-black, whichever reads better: at least 3:1 (large text, WCAG AA) on any colour', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffff }), (n) => {
        const fill = `#${n.toString(16).padStart(6, '0')}`;
        expect(contrastRatio(textColorOn(fill), fill)).toBeGreaterThanOrEqual(3);
      }),
      { numRuns: 2000, seed: 2026 },
    );
    expect(textColorOn('#1d3557')).toBe('#ffffff');
    expect(textColorOn('#fbbf24')).toBe('#111827');
  });

  it('wraps a title into at most three lines, cutting what does not fit', () => {
    expect(wrap('Data Literacy Fundamentals', 14, 3)).toEqual(['Data Literacy', 'Fundamentals']);
    expect(wrap('Supercalifragilisticexpialidocious', 14, 3)).toEqual(['Supercalifrag…']);
    expect(wrap('one two three four five six seven eight nine ten', 9, 3)).toEqual(['one two', 'three', 'four fiv…']);
  });
});

describe('no achievement without an image', () => {
  const designer = staff('dee.designer', ['designer']);
  async function setup() {
    const clock = fixedClock('2026-12-05T09:00:00.000Z');
    const repos = memoryRepositories(clock);
    const files = memoryArtifacts();
    const badges = { artifacts: files.artifacts, publicBaseUrl: 'https://badges.example.edu/', brandColor: '#1d3557' };
    const defaultIssuer = { issuerId: 'main', name: 'Example University', url: 'https://www.example.edu' };
    return { repos, files, deps: { achievements: repos.achievements, issuers: repos.issuers, defaultIssuer, badges, clock } };
  }
  const body = { kind: 'course' as const, name: 'Data Literacy', description: 'd', criteria: 'c', tags: [], alignments: [], resultDescriptions: [], rules: [], allowRepeats: false, approval: { mode: 'auto' as const } };

  it('draws the default badge (its name, the brand colour, an icon for its kind) when none is given, and serves it under images/', async () => {
    const { files, deps } = await setup();
    const a = await createAchievement(deps, { ...body, id: 'data-literacy' } as never, designer);
    expect(a.design).toEqual({ shape: 'circle', title: 'Data Literacy', icon: 'book' });
    expect(a.image!.id).toMatch(/^https:\/\/badges\.example\.edu\/images\/data-literacy\/[0-9a-f-]{36}\.svg$/);
    const key = `images/data-literacy/${a.image!.id.split('/').pop()}`;
    expect(files.objects.get(key)!.body).toBe(renderBadgeSvg(a.design!, '#1d3557'));
  });

  it('keeps an uploaded image as it is, and draws a new badge when the design changes (a new version)', async () => {
    const { files, deps } = await setup();
    const uploaded = await createAchievement(deps, { ...body, id: 'uploaded', image: { id: 'https://www.example.edu/badge.png' } } as never, designer);
    expect(uploaded.image).toEqual({ id: 'https://www.example.edu/badge.png' });
    expect(uploaded.design).toBeUndefined();
    expect([...files.objects.keys()].filter((k) => k.startsWith('images/uploaded/'))).toEqual([]);

    const changed = await updateAchievement(deps, 'uploaded', { design: design({ shape: 'hexagon', title: 'Data Literacy', color: '#fbbf24', icon: 'trophy' }) } as never, designer);
    expect(changed.version).toBe(2);
    expect(changed.image!.id).toMatch(/\/images\/uploaded\/[0-9a-f-]{36}\.svg$/);
    expect(changed.image!.caption).toBe('Data Literacy badge');
    expect(files.objects.get(`images/uploaded/${changed.image!.id.split('/').pop()}`)!.body).toContain('fill="#fbbf24"');
    // An upload again replaces the design that drew the last image.
    const back = await updateAchievement(deps, 'uploaded', { image: { id: 'https://www.example.edu/badge.png' } } as never, designer);
    expect(back.design).toBeUndefined();
  });
});
