import { createServer, type Server } from 'node:http';
import { readBody, sendJson } from './http-util';
import { LambdaError, type LambdaRuntime } from './lambda-runtime';

/**
 * Lambda's Invoke API (REST JSON, RequestResponse) in front of the local runtime, for functions
 * that invoke another (the audit writer's callers): POST /2015-03-31/functions/{name}/invocations.
 * A function that throws answers 200 with X-Amz-Function-Error and `{errorType, errorMessage}`, as
 * Lambda does; an unknown function 404 ResourceNotFoundException. No event invocations, no
 * qualifiers: nothing here uses them.
 */
const INVOKE = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

export function createLambdaServer(runtime: LambdaRuntime): Server {
  return createServer(async (req, res) => {
    const name = INVOKE.exec(new URL(req.url ?? '/', 'http://lambda').pathname)?.[1];
    if (req.method !== 'POST' || !name) return sendJson(res, 404, { Type: 'User', message: `${req.method} ${req.url} is not supported by this stand-in` });
    const type = req.headers['x-amz-invocation-type'];
    if (type && type !== 'RequestResponse') return sendJson(res, 400, { Type: 'User', message: `invocation type ${type} is not supported by this stand-in` });
    // A name or an ARN; locally a function's name is its logical id (provision.ts).
    const functionId = decodeURIComponent(name).split(':').pop()!;
    if (!runtime.has(functionId)) {
      res.setHeader('x-amzn-errortype', 'ResourceNotFoundException');
      return sendJson(res, 404, { Type: 'User', message: `Function not found: ${functionId}` });
    }
    let event: unknown;
    try {
      const body = await readBody(req, 6 * 1024 * 1024);
      event = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch (e) {
      return sendJson(res, 400, { Type: 'User', message: `invalid request payload: ${(e as Error).message}` });
    }
    try {
      sendJson(res, 200, (await runtime.invoke(functionId, event)) ?? null);
    } catch (e) {
      const error = e instanceof LambdaError ? e : new LambdaError('Runtime.Unknown', (e as Error).message);
      res.setHeader('x-amz-function-error', 'Unhandled');
      sendJson(res, 200, { errorType: error.errorType, errorMessage: error.message, trace: error.trace });
    }
  });
}
