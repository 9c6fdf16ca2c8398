import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN_HEADER, parseKeyRing } from '../../shared/domain/origin-secret';
import { cloudFrontStandIn, distributionConfigXml, secretsManagerStandIn } from '../support/origin-stand-ins';

/**
 * The deployed code path of the origin secret, without AWS: the real handlers (a public function,
 * the rotation function) with their real adapters, SigV4-signed, against stand-ins of Secrets
 * Manager and CloudFront. The local cloud runs without the CDN, so it never sets the secret's
 * variable: this is where the check is run as AWS runs it.
 */

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:000000000000:secret:LaurelOriginSecret-AbCdEf';
const DISTRIBUTION_ID = 'E2EXAMPLE123';
const CURRENT = 'C'.repeat(64);
const NEXT = 'N'.repeat(43);
const PREVIOUS = 'P'.repeat(64);

type Handler = (event: unknown, context: Context) => Promise<{ statusCode: number; headers?: Record<string, string>; body?: string }>;

let secrets: Awaited<ReturnType<typeof secretsManagerStandIn>>;
let cloudFront: Awaited<ReturnType<typeof cloudFrontStandIn>>;
let notFound: Handler;
let verify: Handler;
let rotate: (event: unknown) => Promise<void>;

const context = { functionName: 'test', awsRequestId: 'req-1', invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:test', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
const request = (path: string, headers: Record<string, string>, body?: string, method = 'GET') => ({
  version: '2.0',
  routeKey: '$default',
  rawPath: path,
  rawQueryString: '',
  headers,
  ...(body !== undefined ? { body, isBase64Encoded: false } : {}),
  requestContext: { http: { method, path, sourceIp: '203.0.113.9' }, requestId: 'req-1', routeKey: '$default', stage: '$default' },
});

beforeAll(async () => {
  secrets = await secretsManagerStandIn(SECRET_ARN, JSON.stringify({ header: CURRENT, next: NEXT, previous: PREVIOUS }));
  cloudFront = await cloudFrontStandIn(DISTRIBUTION_ID, distributionConfigXml(CURRENT));
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_SESSION_TOKEN: 'session',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
    AWS_ENDPOINT_URL_CLOUDFRONT: cloudFront.url,
    ORIGIN_SECRET_ARN: SECRET_ARN,
    DISTRIBUTION_ID,
    // POST /verify's own variables; it never reaches them without the header.
    TABLE_NAME: 'table',
    ISSUER_ID: 'main',
    INSTITUTION_NAME: 'Example University',
    INSTITUTION_URL: 'https://www.example.edu',
    PUBLIC_BASE_URL: 'https://credentials.example.edu/',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  notFound = (await import('../../functions/public/route-not-found')).handler as unknown as Handler;
  verify = (await import('../../functions/public/verify-credential')).handler as unknown as Handler;
  rotate = (await import('../../functions/deploy/rotate-origin-secret')).handler;
});
afterAll(async () => {
  await secrets?.close();
  await cloudFront?.close();
});

describe('a public function behind CloudFront', () => {
  it('answers 403 problem+json to a request without the header or with a wrong one, and reads the secret once for all', async () => {
    for (const headers of [{}, { [ORIGIN_HEADER]: 'guess'.repeat(10) }, { [ORIGIN_HEADER]: CURRENT.slice(1) }] as Record<string, string>[]) {
      const response = await notFound(request('/anything', headers), context);
      expect(response.statusCode).toBe(403);
      expect(response.headers?.['content-type']).toBe('application/problem+json');
      expect(JSON.parse(response.body!)).toMatchObject({ status: 403, title: 'Forbidden', detail: expect.stringMatching(/through its CDN only/) });
    }
    expect(secrets.calls).toEqual(['GetSecretValue']);
  });

  it('answers as usual with what CloudFront sends: the current header, the announced next one, or the previous one', async () => {
    for (const value of [CURRENT, NEXT, PREVIOUS]) {
      const response = await notFound(request('/anything', { [ORIGIN_HEADER]: value }), context);
      expect(response.statusCode).toBe(404);
    }
    expect(secrets.calls).toEqual(['GetSecretValue']);
  });

  it('checks before reading anything else: a body POST /verify would refuse (415, 400) is a 403 without the header', async () => {
    const hostile = request('/verify', { 'content-type': 'text/x-anything' }, '{not json', 'POST');
    expect((await verify(hostile, context)).statusCode).toBe(403);
    const through = request('/verify', { 'content-type': 'text/x-anything', [ORIGIN_HEADER]: CURRENT }, '{not json', 'POST');
    expect((await verify(through, context)).statusCode).not.toBe(403);
  });
});

describe('rotation, by the rotation function, against Secrets Manager and CloudFront', () => {
  const rotation = async (token: string) => {
    for (const Step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret']) await rotate({ SecretId: SECRET_ARN, ClientRequestToken: token, Step });
  };

  it('moves the distribution to the announced value, which functions that read the secret before accept', async () => {
    const xmlBefore = cloudFront.state.xml;
    await rotation(secrets.startRotation());
    const ring = parseKeyRing(secrets.current());
    expect(ring).toEqual({ header: NEXT, next: expect.stringMatching(/^[\w-]{43}$/), previous: CURRENT });
    // Only the header's value changed in the configuration, written once with If-Match.
    expect(cloudFront.state.xml).toBe(xmlBefore.replace(CURRENT, NEXT));
    expect(cloudFront.state.updates).toBe(1);
    // The public function's cached ring (read before the rotation) accepts what CloudFront now sends.
    expect((await notFound(request('/x', { [ORIGIN_HEADER]: NEXT }), context)).statusCode).toBe(404);
  });

  it('refuses to rotate any other secret', async () => {
    await expect(rotate({ SecretId: `${SECRET_ARN}x`, ClientRequestToken: secrets.startRotation(), Step: 'createSecret' })).rejects.toThrow(/rotates arn:aws:secretsmanager/);
  });
});
