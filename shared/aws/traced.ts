import { tracer } from '../observability';

/**
 * Created on first use, traced (X-Ray subsegment per call, in Lambda), reused after. Calls to it
 * are marked pure where a client is defined, so a function that never asks for a client does not
 * carry that client's SDK package in its bundle.
 */
export const once = <T>(make: () => T) => {
  let value: T | undefined;
  return () => (value ??= tracer.captureAWSv3Client(make()));
};

/**
 * The SDK resolves a command's middleware stack on every call unless `cacheMiddleware` is set;
 * caching it per command class cut a KMS Sign's client CPU by about a fifth and an S3 PUT's by
 * about a sixth (scratch measurement against an instant server). Our middleware (the tracer's)
 * is added when the client is created, before the first call, as the cache requires. The
 * document client refuses the option (its commands close over their own input), so DynamoDB
 * keeps resolving per call.
 */
export const cached = { cacheMiddleware: true } as const;
