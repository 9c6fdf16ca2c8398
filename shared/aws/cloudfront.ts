import { AwsServiceError, signedRequest, type AwsService } from './signed-request';

/**
 * CloudFront's GetDistributionConfig and UpdateDistribution (REST, XML), without
 * @aws-sdk/client-cloudfront (see signed-request.ts): what rotating the origin secret needs.
 * The configuration is read and written back as the XML CloudFront answered, changed only where
 * the caller changes it: nothing is parsed into a model and serialized again, so no field the
 * model did not know is lost or reordered.
 */

const CLOUDFRONT: AwsService = {
  signingName: 'cloudfront',
  endpointVariable: 'CLOUDFRONT',
  endpoint: (region) => {
    if (region.startsWith('cn-')) throw new Error('CloudFront: the China partition is not supported');
    return 'https://cloudfront.amazonaws.com';
  },
  // CloudFront is global: its API is signed for us-east-1 from every region.
  signingRegion: 'us-east-1',
};
const API = '/2020-05-31';

export interface DistributionConfig {
  /** The DistributionConfig element, as CloudFront answered it. */
  xml: string;
  /** Its ETag: the update's If-Match. */
  etag: string;
}

function failure(operation: string, status: number, text: string): AwsServiceError {
  const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? `Http${status}`;
  const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? text.slice(0, 300);
  return new AwsServiceError(code, status, `CloudFront ${operation}: ${message}`);
}

export async function getDistributionConfig(distributionId: string): Promise<DistributionConfig> {
  const response = await signedRequest(CLOUDFRONT, { method: 'GET', path: `${API}/distribution/${encodeURIComponent(distributionId)}/config` });
  if (response.status !== 200) throw failure('GetDistributionConfig', response.status, response.text);
  const etag = response.headers.get('etag');
  if (!etag) throw new Error('CloudFront GetDistributionConfig: no ETag in the answer');
  return { xml: response.text, etag };
}

/** Replaces the configuration; a PreconditionFailed AwsServiceError when it changed since `etag` was read. */
export async function updateDistribution(distributionId: string, config: DistributionConfig): Promise<void> {
  const response = await signedRequest(CLOUDFRONT, {
    method: 'PUT',
    path: `${API}/distribution/${encodeURIComponent(distributionId)}/config`,
    headers: { 'content-type': 'application/xml', 'if-match': config.etag },
    body: config.xml,
    timeoutMs: 20_000,
  });
  if (response.status !== 200) throw failure('UpdateDistribution', response.status, response.text);
}

/**
 * Drops cached copies of some paths at every edge (CreateInvalidation). The caller reference
 * makes a retried request the same invalidation, not a second one.
 */
export async function createInvalidation(distributionId: string, paths: string[], callerReference: string): Promise<void> {
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?><InvalidationBatch xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">` +
    `<Paths><Quantity>${paths.length}</Quantity><Items>${paths.map((p) => `<Path>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</Path>`).join('')}</Items></Paths>` +
    `<CallerReference>${callerReference.replace(/[^A-Za-z0-9:._-]/g, '')}</CallerReference></InvalidationBatch>`;
  const response = await signedRequest(CLOUDFRONT, {
    method: 'POST',
    path: `${API}/distribution/${encodeURIComponent(distributionId)}/invalidation`,
    headers: { 'content-type': 'application/xml' },
    body: xml,
  });
  if (response.status !== 201) throw failure('CreateInvalidation', response.status, response.text);
}
