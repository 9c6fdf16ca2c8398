/**
 * One hostile body against the POST /verify handler, in a process of its own: the bench kills
 * it when it runs past its limit. Prints one line, `RESULT {json}`: the handler's CPU time
 * (user + system, the worst of three invocations after a warm-up), wall time and status.
 * Outbound fetches go to a closed port on loopback, so they fail at once and cost no CPU.
 *
 *   tsx test/bench/verify-attack-child.ts <attack index> <size in bytes>
 */
import type { Context } from 'aws-lambda';
import { ATTACKS } from './verify-attacks';

Object.assign(process.env, {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  TABLE_NAME: 'table',
  ISSUER_ID: 'main',
  INSTITUTION_NAME: 'Example University',
  INSTITUTION_URL: 'https://www.example.edu',
  PUBLIC_BASE_URL: 'https://credentials.example.edu/',
  LOCAL_INTERNET_URL: 'http://127.0.0.1:9',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_TRACE_ENABLED: 'false',
});

const [index, size] = process.argv.slice(2).map(Number) as [number, number];
const attack = ATTACKS[index]!;
const { handler } = await import('../../functions/public/verify-credential');

const context = {
  functionName: 'bench-verify',
  awsRequestId: 'bench',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:bench-verify',
  getRemainingTimeInMillis: () => 10_000,
} as unknown as Context;

const event = (body: Buffer, contentType: string) => ({
  version: '2.0',
  routeKey: 'POST /verify',
  rawPath: '/verify',
  rawQueryString: '',
  headers: { 'content-type': contentType },
  body: body.toString('base64'),
  isBase64Encoded: true,
  requestContext: { http: { method: 'POST', path: '/verify', sourceIp: '127.0.0.1' }, requestId: 'bench', routeKey: 'POST /verify', stage: '$default' },
});

const invoke = (body: Buffer, contentType: string) => (handler as (e: unknown, c: Context) => Promise<{ statusCode: number }>)(event(body, contentType), context);

// Warm-up: modules loaded, caches primed, the way a warm function meets a request.
await invoke(Buffer.from('{"@context":[],"type":"VerifiableCredential"}'), 'application/ld+json');

const { body, contentType } = attack.build(size);
let worst = 0;
let wall = 0;
let status = 0;
for (let i = 0; i < 3; i++) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  status = (await invoke(body, contentType)).statusCode;
  const used = process.cpuUsage(cpu);
  worst = Math.max(worst, (used.user + used.system) / 1000);
  wall = Math.max(wall, performance.now() - started);
}
console.log(`RESULT ${JSON.stringify({ cpuMs: worst, wallMs: wall, status, bytes: body.length })}`);
