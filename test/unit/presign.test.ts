import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presignedUrl } from '../../shared/aws/presign';

// shared/aws/presign.ts builds what the SDK's presigner signs, without the S3 client. Same
// inputs, same clock and credentials: the same URL, byte for byte, wherever the bucket is.
const signingDate = new Date('2026-03-04T05:06:07Z');
const withToken = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'IQoJb3JpZ2luX2Vj/EAEaCXVz+ZWFzdC0x==' };
const withoutToken = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

const ENV = ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_S3', 'AWS_S3_FORCE_PATH_STYLE', 'AWS_USE_FIPS_ENDPOINT', 'AWS_USE_DUALSTACK_ENDPOINT', 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS'];
const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
beforeAll(() => ENV.forEach((k) => delete process.env[k]));
afterAll(() => ENV.forEach((k) => (saved[k] === undefined ? delete process.env[k] : (process.env[k] = saved[k]))));

interface Where {
  region: string;
  endpoint?: string;
  forcePathStyle?: boolean;
}

const WHERE: Where[] = [
  { region: 'eu-west-1' },
  { region: 'us-east-1' },
  { region: 'ap-southeast-2', forcePathStyle: true },
  { region: 'cn-north-1' },
  { region: 'us-gov-west-1' },
  // The local cloud: s3rver on a loopback port, path-style.
  { region: 'us-east-1', endpoint: 'http://localhost:4569', forcePathStyle: true },
  { region: 'us-east-1', endpoint: 'http://127.0.0.1:51234', forcePathStyle: true },
  { region: 'eu-central-1', endpoint: 'http://localhost:4569' },
  { region: 'eu-central-1', endpoint: 'https://s3.example.test' },
  { region: 'eu-central-1', endpoint: 'http://localhost:4569/base/', forcePathStyle: true },
];
const BUCKETS = ['laurel-artifacts-1a2b3c4d5e6f', 'my.dotted.bucket'];
const KEYS = [
  'evidence/2f1c9d1e-8b7a-4c3d-9e0f-123456789abc/transcript.pdf',
  'evidence/ä b+c/x y (1)!*\'~.pdf',
  'batches/a//b/',
  'reports/批次-2026.csv',
  '/leading/slash',
  'odd%2Fname#frag?q=1&r=2;x=y,z@h$:.txt',
];

async function sdkUrl(where: Where, credentials: typeof withToken | typeof withoutToken, method: 'GET' | 'PUT', bucket: string, key: string, expiresIn: number, file?: { type: string; size: number }) {
  const s3 = new S3Client({
    region: where.region,
    ...(where.endpoint ? { endpoint: where.endpoint } : {}),
    forcePathStyle: where.forcePathStyle ?? false,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  if (method === 'GET') return getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn, signingDate });
  return getSignedUrl(s3, new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: file!.type, ContentLength: file!.size }), {
    expiresIn,
    signingDate,
    signableHeaders: new Set(['content-type', 'content-length']),
  });
}

describe('presignedUrl', () => {
  it("is the SDK presigner's URL for an upload and a download, wherever the bucket is", async () => {
    let compared = 0;
    for (const where of WHERE) {
      for (const bucket of BUCKETS) {
        for (const key of KEYS) {
          for (const credentials of [withToken, withoutToken]) {
            const settings = { ...where, credentials, signingDate };
            const file = { type: 'application/pdf', size: 1_048_576 };
            const put = await presignedUrl(
              { method: 'PUT', bucket, key, expiresIn: 900, headers: { 'content-type': file.type, 'content-length': String(file.size) } },
              settings,
            );
            expect(put, `PUT ${JSON.stringify(where)} ${bucket} ${key}`).toBe(await sdkUrl(where, credentials, 'PUT', bucket, key, 900, file));
            const get = await presignedUrl({ method: 'GET', bucket, key, expiresIn: 3600 }, settings);
            expect(get, `GET ${JSON.stringify(where)} ${bucket} ${key}`).toBe(await sdkUrl(where, credentials, 'GET', bucket, key, 3600));
            compared += 2;
          }
        }
      }
    }
    expect(compared).toBe(WHERE.length * BUCKETS.length * KEYS.length * 2 * 2);
  });

  it('reads the endpoint and path style from the environment, as shared/aws/s3.ts and the SDK do', async () => {
    process.env.AWS_ENDPOINT_URL_S3 = 'http://localhost:4569';
    process.env.AWS_S3_FORCE_PATH_STYLE = 'true';
    try {
      const url = await presignedUrl({ method: 'GET', bucket: 'laurel-artifacts', key: 'a.csv', expiresIn: 60 }, { region: 'us-east-1', credentials: withoutToken, signingDate });
      expect(url).toBe(await sdkUrl({ region: 'us-east-1', endpoint: 'http://localhost:4569', forcePathStyle: true }, withoutToken, 'GET', 'laurel-artifacts', 'a.csv', 60));
      expect(url.startsWith('http://localhost:4569/laurel-artifacts/a.csv?')).toBe(true);
    } finally {
      delete process.env.AWS_ENDPOINT_URL_S3;
      delete process.env.AWS_S3_FORCE_PATH_STYLE;
    }
  });

  it('signs what an upload must send, and no checksum of an empty body', async () => {
    const url = new URL(
      await presignedUrl(
        { method: 'PUT', bucket: 'b-bucket', key: 'k', expiresIn: 900, headers: { 'Content-Type': 'text/csv', 'Content-Length': '42' } },
        { region: 'eu-west-1', credentials: withToken, signingDate },
      ),
    );
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect([...url.searchParams.keys()].filter((k) => k.toLowerCase().includes('checksum'))).toEqual([]);
  });

  it('refuses what it cannot sign as S3 would', async () => {
    const request = { method: 'GET' as const, bucket: 'b-bucket', key: 'k' };
    await expect(presignedUrl({ ...request, expiresIn: 7 * 24 * 3600 + 1 }, { region: 'eu-west-1', credentials: withToken })).rejects.toThrow(RangeError);
    await expect(presignedUrl({ ...request, expiresIn: 60 }, { region: 'us-iso-east-1', credentials: withToken })).rejects.toThrow(/partition/);
  });
});
