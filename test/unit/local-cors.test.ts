import { describe, expect, it } from 'vitest';
import { preflightHeaders, responseHeaders, withApiCors, type ApiCors } from '../../local/http-api-cors';
import { s3CorsRules } from '../../local/provision';

/** The local cloud's CORS: the template's bucket rules as S3's API takes them, and API Gateway's CORS for HTTP APIs. */
describe("a bucket's CORS rules, from the template to PutBucketCors", () => {
  it('renames the fields CloudFormation spells otherwise, and leaves out what the rule does not set', () => {
    const rules = s3CorsRules({
      CorsRules: [
        { Id: 'console', AllowedMethods: ['PUT'], AllowedOrigins: ['http://localhost:4520'], AllowedHeaders: ['content-type', 'x-amz-*'], ExposedHeaders: ['etag'], MaxAge: 300 },
        { AllowedMethods: ['GET', 'HEAD'], AllowedOrigins: ['*'] },
      ],
    });
    expect(rules).toEqual([
      { ID: 'console', AllowedMethods: ['PUT'], AllowedOrigins: ['http://localhost:4520'], AllowedHeaders: ['content-type', 'x-amz-*'], ExposeHeaders: ['etag'], MaxAgeSeconds: 300 },
      { AllowedMethods: ['GET', 'HEAD'], AllowedOrigins: ['*'] },
    ]);
  });

  it('has no rules for a configuration without any', () => {
    expect(s3CorsRules({})).toEqual([]);
  });
});

describe("an HTTP API's CORS, as API Gateway does it", () => {
  const admin: ApiCors = { AllowOrigins: ['http://localhost:4520'], AllowMethods: ['*'], AllowHeaders: ['authorization', 'content-type'], ExposeHeaders: ['location'], MaxAge: 600 };

  it('answers a preflight from an allowed origin with the configuration, and another origin with nothing', () => {
    expect(preflightHeaders(admin, 'http://localhost:4520')).toEqual({
      'access-control-allow-origin': 'http://localhost:4520',
      'access-control-allow-methods': '*',
      'access-control-allow-headers': 'authorization,content-type',
      'access-control-expose-headers': 'location',
      'access-control-max-age': '600',
      vary: 'origin',
    });
    expect(preflightHeaders(admin, 'http://localhost:4521')).toEqual({});
    expect(preflightHeaders(admin, undefined)).toEqual({});
  });

  it('answers any origin with * when the API allows all, and a scheme pattern with the origin', () => {
    expect(responseHeaders({ AllowOrigins: ['*'] }, 'https://anyone.example')).toEqual({ 'access-control-allow-origin': '*' });
    expect(responseHeaders({ AllowOrigins: ['https://*'] }, 'https://anyone.example')).toEqual({ 'access-control-allow-origin': 'https://anyone.example', vary: 'origin' });
    expect(responseHeaders({ AllowOrigins: ['https://*'] }, 'http://anyone.example')).toEqual({});
  });

  it("replaces the integration's CORS headers with the API's, keeping what either varies by", () => {
    const integration = { 'content-type': 'application/ld+json', 'Access-Control-Allow-Origin': '*', Vary: 'accept' };
    expect(withApiCors(integration, responseHeaders(admin, 'http://localhost:4520'))).toEqual({
      'content-type': 'application/ld+json',
      'access-control-allow-origin': 'http://localhost:4520',
      'access-control-expose-headers': 'location',
      vary: 'accept, origin',
    });
    expect(withApiCors(integration, {})).toEqual({ 'content-type': 'application/ld+json', vary: 'accept' });
  });
});
