// One Lambda execution environment: loads the handler's bundle once (cold start) with its own
// process.env, then serves invocations posted by the local Lambda runtime.
import { parentPort, workerData } from 'node:worker_threads';

const { entry, functionName, memorySize, timeoutMs } = workerData;
// The local cloud runs bundles (local/function-bundles.ts); a TypeScript source given directly
// loads through tsx, whose loader hooks cost most of a second per cold start.
if (entry.endsWith('.ts')) (await import('tsx/esm/api')).register();
let handler;
let initError;
try {
  const mod = await import(entry);
  handler = mod.handler;
  if (typeof handler !== 'function') throw new Error(`${entry} exports no 'handler' function`);
} catch (e) {
  initError = e;
}

const toError = (e) => ({
  errorType: e?.name && e.name !== 'Error' ? e.name : e?.constructor?.name ?? 'Error',
  errorMessage: e?.message ?? String(e),
  trace: String(e?.stack ?? '').split('\n'),
});

parentPort.on('message', async ({ id, event, requestId, clockOffsetMs }) => {
  // The local cloud's clock (shared/clock.ts LOCAL_CLOCK_OFFSET): systemClock reads it, nothing else.
  globalThis.__laurelLocalClockOffsetMs = clockOffsetMs ?? 0;
  if (initError) {
    parentPort.postMessage({ id, error: { ...toError(initError), errorType: 'Runtime.InitError' } });
    return;
  }
  const deadline = Date.now() + timeoutMs;
  const context = {
    awsRequestId: requestId,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: String(memorySize),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    const result = await handler(event, context);
    parentPort.postMessage({ id, result: result === undefined ? null : result });
  } catch (e) {
    parentPort.postMessage({ id, error: toError(e) });
  }
});
parentPort.postMessage({ ready: true, initError: initError ? toError(initError) : undefined });
