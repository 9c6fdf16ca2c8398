import { DescribeExecutionCommand, SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../../local/http-util';
import { LambdaError, type LambdaRuntime } from '../../local/lambda-runtime';
import { createStepFunctionsServer } from '../../local/sfn-server';

// Only the Step Functions stand-in, on a free port, over a Lambda runtime the test scripts: the
// approval wait's edges (a deadline that passes while its Lambda still runs, a Lambda that
// fails) without the whole local cloud.
const ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:approval';
const PATH_ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:approval-by-path';
/** One approval wait: the task asks a Lambda with its token and waits for the answer, until its deadline. */
const approvalWait = (deadline: { TimeoutSeconds: number } | { TimeoutSecondsPath: string }) => ({
  StartAt: 'Wait',
  States: {
    Wait: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:ask', Payload: { 'case.$': '$.case', 'token.$': '$$.Task.Token' } },
      ...deadline,
      End: true,
    },
  },
});
const definition = approvalWait({ TimeoutSeconds: 1 });
/**
 * The deadline from the state's input (TimeoutSecondsPath), as each achievement sets its own,
 * under the issuance workflow's limit: a year, more than a Node timer holds (it would fire at once).
 */
const byPath = { TimeoutSeconds: 365 * 24 * 3600, ...approvalWait({ TimeoutSecondsPath: '$.evidence.approvalTimeoutSeconds' }) };

type Script = (payload: { case: string; token: string }) => Promise<unknown>;
const scripts: Record<string, Script> = {};
const runtime = { invoke: (_name: string, payload: { case: string; token: string }) => scripts[payload.case]!(payload) } as unknown as LambdaRuntime;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let sfn: ReturnType<typeof createStepFunctionsServer>;
let client: SFNClient;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  process.on('unhandledRejection', onUnhandled);
  sfn = createStepFunctionsServer({ runtime, definitions: new Map<string, unknown>([[ARN, definition], [PATH_ARN, byPath]]) as never });
  await listen(sfn.server, 0);
  const endpoint = `http://127.0.0.1:${(sfn.server.address() as AddressInfo).port}`;
  client = new SFNClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  client?.destroy();
  await sfn?.stop();
  await new Promise<void>((r) => {
    sfn?.server.closeAllConnections();
    sfn?.server.close(() => r());
  });
});

const run = async (which: string, stateMachineArn = ARN, input: Record<string, unknown> = {}) => {
  const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ case: which, ...input }) }));
  await sfn.idle();
  return client.send(new DescribeExecutionCommand({ executionArn }));
};

describe('Step Functions stand-in: waitForTaskToken', () => {
  it('succeeds with the output SendTaskSuccess gives the token', async () => {
    scripts.approve = async ({ token }) => {
      setTimeout(() => void client.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ decided: 'yes' }) })), 50);
      return null;
    };
    const e = await run('approve');
    expect(e).toMatchObject({ status: 'SUCCEEDED', output: JSON.stringify({ decided: 'yes' }) });
  });

  it('times out from the task’s start, even while its Lambda still runs, without an unhandled rejection', async () => {
    scripts.slow = async () => {
      await sleep(1_500);
      return null;
    };
    const e = await run('slow');
    expect(e).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    await sleep(50);
    expect(unhandled).toEqual([]);
  });

  it('fails with the Lambda’s error and withdraws the token, so no late timeout fires', async () => {
    let token = '';
    scripts.broken = async (payload) => {
      token = payload.token;
      throw new LambdaError('ApprovalStoreDown', 'the store is down');
    };
    const e = await run('broken');
    expect(e).toMatchObject({ status: 'FAILED', error: 'ApprovalStoreDown' });
    await expect(client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toMatchObject({ name: 'TaskTimedOut' });
    await sleep(1_200); // past TimeoutSeconds
    expect(unhandled).toEqual([]);
  });

  it("takes the deadline from the state's input with TimeoutSecondsPath, and hands the Lambda only its Parameters", async () => {
    const seen: unknown[] = [];
    scripts.quiet = async (payload) => {
      seen.push(payload);
      return null;
    };
    const started = Date.now();
    const short = await run('quiet', PATH_ARN, { evidence: { approvalTimeoutSeconds: 1 } });
    expect(short).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(Object.keys(seen[0] as object).sort()).toEqual(['case', 'token']);

    scripts.answer = async ({ token }) => {
      setTimeout(() => void client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"decided":"in time"}' })), 1_300);
      return null;
    };
    // A longer deadline from the same path: decided at 1.3 s, after the first one would have fired.
    expect(await run('answer', PATH_ARN, { evidence: { approvalTimeoutSeconds: 5 } })).toMatchObject({ status: 'SUCCEEDED', output: '{"decided":"in time"}' });
    // Sixty days, longer than a Node timer holds: it waits, and does not fire at once.
    expect(await run('answer', PATH_ARN, { evidence: { approvalTimeoutSeconds: 60 * 24 * 3600 } })).toMatchObject({ status: 'SUCCEEDED' });
  });
});
