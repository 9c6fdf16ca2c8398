import { AwsServiceError } from '../aws/signed-request';
import { getDistributionConfig, updateDistribution, type DistributionConfig } from '../aws/cloudfront';
import type { OriginHeader } from '../use-cases/origin-secret-rotation';

/**
 * One origin custom header of one distribution (the origin secret's, on the public API's origin),
 * read and set in the configuration's XML. Only the HeaderValue of that header changes: the rest
 * of the configuration goes back byte for byte.
 */

const HEADER_ITEM = /<OriginCustomHeader>\s*<HeaderName>([^<]*)<\/HeaderName>\s*<HeaderValue>([^<]*)<\/HeaderValue>\s*<\/OriginCustomHeader>/g;

const unescapeXml = (s: string) => s.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);
const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/** Every value the configuration sends as this header (one per origin that has it). */
export function originHeaderValues(xml: string, name: string): string[] {
  return [...xml.matchAll(HEADER_ITEM)].filter((m) => m[1]!.trim().toLowerCase() === name.toLowerCase()).map((m) => unescapeXml(m[2]!));
}

/** The configuration with this header set to `value` wherever an origin has it; throws when none has it. */
export function withOriginHeader(xml: string, name: string, value: string): string {
  let found = 0;
  const changed = xml.replace(HEADER_ITEM, (item, header: string) => {
    if (header.trim().toLowerCase() !== name.toLowerCase()) return item;
    found++;
    return `<OriginCustomHeader><HeaderName>${header}</HeaderName><HeaderValue>${escapeXml(value)}</HeaderValue></OriginCustomHeader>`;
  });
  if (found === 0) throw new Error(`no origin of the distribution sends ${name}: its template adds it (infra/constructs/public-cdn.ts)`);
  return changed;
}

export interface DistributionApi {
  get(distributionId: string): Promise<DistributionConfig>;
  update(distributionId: string, config: DistributionConfig): Promise<void>;
}

const CLOUDFRONT_API: DistributionApi = { get: getDistributionConfig, update: updateDistribution };

export function cloudFrontOriginHeader(distributionId: string, name: string, api: DistributionApi = CLOUDFRONT_API): OriginHeader {
  return {
    async read() {
      const values = new Set(originHeaderValues((await api.get(distributionId)).xml, name));
      return values.size === 1 ? [...values][0] : undefined;
    },
    async write(value) {
      // Read, change, write with If-Match; someone else's update in between (412) means read again.
      for (let attempt = 1; ; attempt++) {
        const config = await api.get(distributionId);
        try {
          await api.update(distributionId, { xml: withOriginHeader(config.xml, name, value), etag: config.etag });
          return;
        } catch (e) {
          if (!(e instanceof AwsServiceError && e.code === 'PreconditionFailed') || attempt === 3) throw e;
        }
      }
    },
  };
}
