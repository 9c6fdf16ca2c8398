import { dnsSuffix, signedRequest, type AwsService } from './signed-request';

/**
 * Lambda's Invoke (RequestResponse) without @aws-sdk/client-lambda: one signed POST
 * (signed-request.ts). The client would add about 115 KB to every function that appends to the
 * audit trail (most of the admin API's; measured with esbuild, minified), for one operation.
 */
const LAMBDA: AwsService = {
  signingName: 'lambda',
  endpointVariable: 'LAMBDA',
  endpoint: (region) => `https://lambda.${region}.${dnsSuffix(region)}`,
};

/** A function that ran and failed (Lambda's X-Amz-Function-Error), named by its error type. */
export class FunctionError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
  ) {
    super(message);
    this.name = errorType;
  }
}

/** Longer than the audit writer's own timeout (10 s), so Lambda answers first. */
const REQUEST_TIMEOUT_MS = 30_000;

/** Invokes a function (name or ARN) and returns what it answered, parsed; a function error throws FunctionError. */
export async function invokeFunction(functionName: string, payload: unknown): Promise<unknown> {
  const response = await signedRequest(LAMBDA, {
    method: 'POST',
    path: `/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`,
    headers: { 'content-type': 'application/json', 'x-amz-invocation-type': 'RequestResponse' },
    body: JSON.stringify(payload),
    timeoutMs: REQUEST_TIMEOUT_MS,
  });
  if (response.status !== 200) throw new Error(`Lambda Invoke of ${functionName} answered ${response.status}: ${response.text.slice(0, 300)}`);
  const parsed: unknown = response.text ? JSON.parse(response.text) : null;
  if (response.headers.get('x-amz-function-error')) {
    const e = (parsed ?? {}) as { errorType?: string; errorMessage?: string };
    throw new FunctionError(e.errorType ?? 'Unhandled', e.errorMessage ?? 'the function failed');
  }
  return parsed;
}
