/**
 * npm run bench:cohort -- --rows N [--ses-rate R] [--memory-rows M]
 *
 * Issues a cohort of N on the local cloud, through the admin API and the synthesized state
 * machines, with every stand-in behind a metering proxy; then prints, per credential, the
 * billable operations it actually made and what they cost at AWS list prices (aws-prices.ts),
 * per million credentials. With --memory-rows, first validates a file of M rows and reports
 * the process's peak memory while it streams. A benchmark, not a test: figures go in notes.
 */
import { createHash } from 'node:crypto';
import { AdminClient } from '../../local/admin-client';
import { startLocalCloud, type LocalCloud } from '../../local/cloud';
import { mintToken } from '../../local/identity-provider';
import { PRICES } from './aws-prices';

const args = new Map(process.argv.slice(2).map((a, i, all) => [a, all[i + 1]]));
const ROWS = Number(args.get('--rows') ?? 1000);
const SES_RATE = Number(args.get('--ses-rate') ?? 500);
const MEMORY_ROWS = Number(args.get('--memory-rows') ?? 0);

const cohort = (prefix: string, n: number, bad = 0) => {
  const lines = ['email,name,student_number,score,completion_date,evidence_url,narrative'];
  for (let i = 0; i < n; i++) {
    lines.push(i < bad ? `broken-${i},x,,,,,` : `${prefix}-${i}@example.edu,Learner ${i},S${i},${60 + (i % 40)},2026-06-30,https://portfolio.example.edu/${prefix}/${i},"Capstone project, cohort ${prefix}"`);
  }
  return `${lines.join('\n')}\n`;
};

interface Snapshot {
  lambda: { invocations: number; gbSeconds: number; byFunction: Record<string, number> };
  workflows: LocalCloud['workflowStats'];
  ops: Record<string, Record<string, { count: number; bytesIn: number }>>;
  capacity: { read: number; write: number };
  writesBy: Record<string, number>;
  events: number;
  sqsRequests: number;
}

async function snapshot(cloud: LocalCloud): Promise<Snapshot> {
  let invocations = 0;
  let gbSeconds = 0;
  const byFunction: Record<string, number> = {};
  for (const [fn, u] of cloud.runtime.usage) {
    invocations += u.invocations;
    const gbs = (u.billedMs / 1000) * (u.memoryMb / 1024);
    gbSeconds += gbs;
    byFunction[`${fn} (${u.memoryMb} MB)`] = gbs;
  }
  const ops: Snapshot['ops'] = {};
  const capacity = { read: 0, write: 0 };
  const writesBy: Record<string, number> = {};
  for (const [service, stats] of Object.entries(await cloud.faultStats())) {
    ops[service] = JSON.parse(JSON.stringify(stats!.operations));
    capacity.read += stats!.capacity.read;
    capacity.write += stats!.capacity.write;
    for (const [k, v] of Object.entries(stats!.writesBy)) writesBy[k] = (writesBy[k] ?? 0) + v;
  }
  return { lambda: { invocations, gbSeconds, byFunction }, workflows: { ...cloud.workflowStats }, ops, capacity, writesBy, events: cloud.events.length, sqsRequests: cloud.queues.requests() };
}

const count = (s: Snapshot, service: string, filter: (op: string) => boolean = () => true) =>
  Object.entries(s.ops[service] ?? {}).filter(([op]) => filter(op)).reduce((n, [, v]) => n + v.count, 0);
const bytes = (s: Snapshot, service: string, op: string) => s.ops[service]?.[op]?.bytesIn ?? 0;

async function main() {
  const cloud = await startLocalCloud({
    port: Number(process.env.PORT ?? 4710),
    stateDir: '.local/bench-cohort',
    context: { 'laurel:sesSendRate': SES_RATE },
    // Rate 0: nothing fails; the proxies only meter (operations, bytes, DynamoDB consumed capacity).
    faults: { rate: 0, services: ['dynamodb', 's3', 'ses', 'kms'] },
  });
  let peakRss = 0;
  let peakHeap = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 50);
  try {
    const staff = new AdminClient(cloud.outputs.AdminApiUrl, await mintToken(cloud.identity, 'bench.issuer', ['designer', 'issuer']));
    const achievementId = `bench-${Date.now().toString(36)}`;
    await staff.request('POST', '/achievements', {
      id: achievementId,
      kind: 'course',
      name: 'Data Literacy',
      description: 'Reads, questions and presents data.',
      criteria: 'Passed the course with at least 60%.',
      resultDescriptions: [{ key: 'final', name: 'Final score', resultType: 'Percent' }],
      rules: [{ kind: 'minimumScore', resultKey: 'final', minimum: 60 }],
      approval: { mode: 'auto' },
    });

    if (MEMORY_ROWS) {
      // One bad row and onInvalidRows=stop: the whole file is validated, then the batch waits (and is cancelled).
      const file = cohort('mem', MEMORY_ROWS, 1);
      const before = process.memoryUsage().rss;
      peakRss = before;
      const started = Date.now();
      const b = await staff.submitCohortFile({ achievementId, content: file });
      const v = await staff.waitForBatch(b.body.batch.id, (x) => Boolean(x.waitingFor) || x.status === 'FAILED', 600_000);
      console.log(`validated ${v.validation.rows} rows (${(Buffer.byteLength(file) / 1e6).toFixed(1)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s: ${v.validation.valid} valid, ${v.validation.invalid} invalid`);
      console.log(`peak RSS of the local cloud's process (the file itself held by this script): ${(peakRss / 2 ** 20).toFixed(0)} MiB (${(before / 2 ** 20).toFixed(0)} MiB before); peak heap ${(peakHeap / 2 ** 20).toFixed(0)} MiB`);
      await staff.request('POST', `/batches/${b.body.batch.id}/cancel`, { reason: 'memory benchmark' });
    }

    const file = cohort(`c${Date.now().toString(36)}`, ROWS);
    const before = await snapshot(cloud);
    const submitted = Date.now();
    const b = await staff.submitCohortFile({ achievementId, content: file, name: 'cohort.csv' });
    const id = b.body.batch.id as string;
    // Polled every 2 s, as a progress bar would: each poll is an API call the snapshot counts too.
    const issued = await staff.waitForBatch(id, (x) => x.status === 'COMPLETED' || x.status === 'FAILED', 3_600_000, 2_000);
    const issuedAt = Date.now();
    console.log(`issued ${issued.progress.issued} in ${((issuedAt - submitted) / 1000).toFixed(1)} s (${issued.progress.ratePerSecond} credentials/s while issuing); ${issued.progress.emailsPending} emails pending, draining at ${SES_RATE}/s…`);
    const done = await staff.waitForBatch(id, (x) => x.progress.emailsPending === 0, 3_600_000, 2_000);
    await cloud.queues.idle();
    const after = await snapshot(cloud);
    const n = done.progress.issued as number;
    if (n !== ROWS) throw new Error(`expected ${ROWS} issued, got ${JSON.stringify(done.progress)}`);

    const d = (f: (s: Snapshot) => number) => (f(after) - f(before)) / n;
    const per = {
      standardTransitions: d((s) => s.workflows.standardTransitions),
      expressRequests: d((s) => s.workflows.expressExecutions),
      expressGbSeconds: d((s) => (s.workflows.expressBilledMs / 1000) * PRICES.expressMemoryGb),
      lambdaInvocations: d((s) => s.lambda.invocations),
      lambdaGbSeconds: d((s) => s.lambda.gbSeconds),
      dynamoWriteUnits: d((s) => s.capacity.write),
      dynamoReadUnits: d((s) => s.capacity.read),
      dynamoRequests: d((s) => count(s, 'dynamodb')),
      kmsSign: d((s) => count(s, 'kms', (op) => op === 'Sign')),
      kmsOther: d((s) => count(s, 'kms', (op) => op !== 'Sign')),
      s3Put: d((s) => count(s, 's3', (op) => op.startsWith('PUT') || op.startsWith('POST'))),
      s3Get: d((s) => count(s, 's3', (op) => !op.startsWith('PUT') && !op.startsWith('POST'))),
      s3BytesStored: d((s) => bytes(s, 's3', 'PUT object')),
      sesEmails: d((s) => count(s, 'ses', (op) => op.startsWith('POST'))),
      sqsRequests: d((s) => s.sqsRequests),
      eventBridgeEvents: d((s) => s.events),
    };
    const M = 1e6;
    const dollars: [string, number][] = [
      ['Step Functions Standard transitions', per.standardTransitions * PRICES.standardTransition * M],
      ['Step Functions Express requests', per.expressRequests * PRICES.expressRequest * M],
      ['Step Functions Express duration', per.expressGbSeconds * PRICES.expressGbSecond * M],
      ['Lambda requests', per.lambdaInvocations * PRICES.lambdaRequest * M],
      ['Lambda duration (arm64)', per.lambdaGbSeconds * PRICES.lambdaGbSecondArm * M],
      ['DynamoDB writes', per.dynamoWriteUnits * PRICES.dynamoWrite * M],
      ['DynamoDB reads', per.dynamoReadUnits * PRICES.dynamoRead * M],
      ['KMS Sign', per.kmsSign * PRICES.kmsAsymmetric * M],
      ['KMS other requests', per.kmsOther * PRICES.kmsOther * M],
      ['S3 PUT', per.s3Put * PRICES.s3Put * M],
      ['S3 GET', per.s3Get * PRICES.s3Get * M],
      ['SES emails', per.sesEmails * PRICES.sesEmail * M],
      ['SQS requests', per.sqsRequests * PRICES.sqsRequest * M],
      ['EventBridge events', per.eventBridgeEvents * PRICES.eventBridgeEvent * M],
    ];
    const total = dollars.reduce((t, [, v]) => t + v, 0);
    const seconds = (issuedAt - submitted) / 1000;
    console.log(`\ncohort of ${n}: issued, signed and stored in ${seconds.toFixed(1)} s from submit (${done.progress.ratePerSecond} credentials/s while issuing; ${(n / seconds).toFixed(0)}/s including validation); emails drained at the configured ${SES_RATE}/s`);
    console.log(`validation: ${issued.validation.rows} rows; file sha256 ${createHash('sha256').update(file).digest('hex').slice(0, 16)}…`);
    console.log('\nper credential (measured):');
    for (const [k, v] of Object.entries(per)) console.log(`  ${k.padEnd(22)} ${v.toFixed(4)}`);
    /** What changed between the snapshots, per credential, largest first. */
    const breakdown = (pick: (s: Snapshot) => Record<string, number>) =>
      Object.keys(pick(after))
        .map((k): [string, number] => [k, ((pick(after)[k] ?? 0) - (pick(before)[k] ?? 0)) / n])
        .filter(([, v]) => v >= 0.005)
        .sort((a, b) => b[1] - a[1]);
    console.log('\nDynamoDB write units per credential, by operation and entity (key prefix), and by table or index:');
    for (const [k, v] of breakdown((s) => s.writesBy)) console.log(`  ${k.padEnd(36)} ${v.toFixed(3)}`);
    console.log('\nLambda GB-seconds per credential, by function:');
    for (const [k, v] of breakdown((s) => s.lambda.byFunction)) console.log(`  ${k.padEnd(50)} ${v.toFixed(4)}`);
    console.log(`\nUS$ per 1,000,000 credentials (AWS list prices, ${PRICES.region}, ${PRICES.date}):`);
    for (const [k, v] of dollars) console.log(`  ${k.padEnd(38)} ${v.toFixed(2).padStart(8)}`);
    console.log(`  ${'total'.padEnd(38)} ${total.toFixed(2).padStart(8)}   (target <= 135; floor about 122)`);
    console.log(`  S3 storage: ${(per.s3BytesStored / 1024).toFixed(1)} KiB per credential = $${((per.s3BytesStored * M) / 2 ** 30 * PRICES.s3GbMonth).toFixed(2)} per million per month kept`);
    console.log(`\npeak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB, peak heap ${(peakHeap / 2 ** 20).toFixed(0)} MiB (this process: API, stand-ins and Lambda workers; DynamoDB Local is a separate JVM)`);
  } finally {
    clearInterval(sampler);
    await cloud.stop();
  }
}

await main();
process.exit(0);
