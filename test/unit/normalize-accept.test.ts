import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadEdgeFunction } from '../../local/cdn';
import { negotiateFormat } from '../../shared/use-cases/public-documents';

/** The CloudFront Function that normalizes Accept must choose what the origin would. */
const edge = loadEdgeFunction();
const handler = (accept?: string) => edge.handler({ request: { headers: accept === undefined ? {} : { accept: { value: accept } } } }).headers.accept.value;
const AS_MEDIA = { html: 'text/html', 'ld+json': 'application/ld+json', 'vc+jwt': 'application/vc+jwt' } as const;

describe('the CDN’s Accept normalizer', () => {
  it.each([
    [undefined],
    ['text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8'],
    ['application/ld+json'],
    ['application/vc+jwt'],
    ['application/vc+jwt, application/ld+json;q=0.5'],
    ['application/json, text/html;q=0.9'],
    ['*/*'],
    ['text/html;q=0'],
  ])('agrees with the origin for %s', (accept) => {
    expect(handler(accept)).toBe(AS_MEDIA[negotiateFormat(accept)]);
  });
  it('agrees with the origin for generated Accept headers', () => {
    const type = fc.constantFrom('text/html', 'application/xhtml+xml', 'application/json', 'application/ld+json', 'application/vc+jwt', 'application/vc', '*/*', 'image/png');
    const part = fc.tuple(type, fc.option(fc.constantFrom('0', '0.1', '0.5', '0.9', '1', 'x'))).map(([t, q]) => (q === null ? t : `${t};q=${q}`));
    fc.assert(fc.property(fc.array(part, { maxLength: 5 }), (parts) => {
      const accept = parts.join(', ');
      expect(handler(accept)).toBe(AS_MEDIA[negotiateFormat(accept)]);
    }), { numRuns: 500 });
  });
  it('leaves the origin exactly one of three formats to cache', () => {
    expect(new Set(['text/html', 'application/json', 'application/vc+jwt', '', 'image/png'].map(handler))).toEqual(new Set(Object.values(AS_MEDIA)));
  });
});
