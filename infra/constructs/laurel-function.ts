import { Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing, type CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { NodejsFunction, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LAMBDA_ALIASES, LAMBDA_BANNER, LAMBDA_MAIN_FIELDS, LAMBDA_TARGET } from '../lambda-esbuild';
import { ASSETS_METADATA, ENTRY_METADATA } from '../template-metadata';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface LaurelFunctionProps {
  /** Handler source, relative to the project root (e.g. functions/admin/create-issuance.ts). */
  entry: string;
  memorySize?: number;
  timeout?: Duration;
  description?: string;
  /** Where Lambda puts an asynchronous invocation that failed every retry (functions EventBridge invokes). */
  deadLetterQueue?: IQueue;
  /**
   * Files the function reads at run time, copied beside its bundle (fonts, a WebAssembly module):
   * `from` relative to the project root, `to` relative to the bundle.
   */
  assets?: readonly { from: string; to: string }[];
}

/** esbuild's command hooks that copy a function's assets into its bundle's folder. */
export const assetHooks = (assets: readonly { from: string; to: string }[]) => ({
  beforeBundling: () => [],
  beforeInstall: () => [],
  afterBundling: (inputDir: string, outputDir: string) => assets.map((a) => `cp -R "${path.posix.join(inputDir, a.from)}" "${path.posix.join(outputDir, a.to)}"`),
});

export { LAMBDA_ALIASES } from '../lambda-esbuild';

/**
 * How every function is bundled for Lambda (esbuild, through CDK). test/heavy/lambda-bundle.test.ts
 * bundles with these same options and runs the result; the local cloud bundles with the same
 * aliases, target and banner, unminified and with shared chunks (local/function-bundles.ts).
 */
export const LAMBDA_BUNDLING = {
  format: OutputFormat.ESM,
  target: LAMBDA_TARGET,
  minify: true,
  // Names are not kept: keeping them wraps every function and class in a `__name()` call run at
  // load, 6% of a bundle and about 20 ms of each cold start's import (npm run bench:cold-start).
  // Our errors' names are a contract (problem mapping, Step Functions ErrorEquals, the failure
  // staff read), so each error class sets its name as a literal (shared/errors.ts);
  // test/heavy/lambda-bundle.test.ts checks them in a bundle. The SDK matches its exceptions by
  // prototype and shape id, not by class name.
  keepNames: false,
  // No source map, and no --enable-source-maps (LAMBDA_NODE_OPTIONS): reading the map made every
  // cold start's import a quarter to a third slower, and the first stack trace an execution
  // environment formats cost about 300 ms (npm run bench:cold-start). esbuild's output is the same
  // with or without a map, so `npm run decode-stack` rebuilds a function's map to decode a stack.
  sourceMap: false,
  mainFields: [...LAMBDA_MAIN_FIELDS],
  banner: LAMBDA_BANNER,
  externalModules: [],
  esbuildArgs: { '--alias': Object.entries(LAMBDA_ALIASES).map(([from, to]) => `${from}=${to}`) },
} satisfies BundlingOptions;

/**
 * NODE_OPTIONS of every function, none at present (test/bench/cold-start.ts imports the bundles
 * with it). `--enable-source-maps` was dropped with the source map: see LAMBDA_BUNDLING.
 */
export const LAMBDA_NODE_OPTIONS: string = '';

/**
 * Every Laurel Lambda: Node.js 22 on arm64 (cheaper per GB-second), bundled by the local
 * esbuild as ESM, JSON logs, X-Ray tracing, two-week log retention. Its role may write to its
 * own log group alone: not AWSLambdaBasicExecutionRole, which lets a function create and write
 * any log group of the account (cdk-nag AwsSolutions-IAM4).
 */
export class LaurelFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: LaurelFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.TWO_WEEKS });
    const role = new Role(scope, `${id}ServiceRole`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), description: `Laurel function ${id}` });
    logGroup.grantWrite(role);
    super(scope, id, {
      role,
      ...(props.deadLetterQueue ? { deadLetterQueueEnabled: true, deadLetterQueue: props.deadLetterQueue } : {}),
      entry: path.join(PROJECT_ROOT, props.entry),
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      description: props.description,
      tracing: Tracing.ACTIVE,
      loggingFormat: LoggingFormat.JSON,
      logGroup,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      projectRoot: PROJECT_ROOT,
      environment: {
        POWERTOOLS_SERVICE_NAME: `laurel-${id}`,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        POWERTOOLS_METRICS_NAMESPACE: 'Laurel',
        ...(LAMBDA_NODE_OPTIONS ? { NODE_OPTIONS: LAMBDA_NODE_OPTIONS } : {}),
      },
      bundling: props.assets?.length ? { ...LAMBDA_BUNDLING, commandHooks: assetHooks(props.assets) } : LAMBDA_BUNDLING,
    });
    (this.node.defaultChild as CfnFunction).addMetadata(ENTRY_METADATA, props.entry);
    if (props.assets?.length) (this.node.defaultChild as CfnFunction).addMetadata(ASSETS_METADATA, props.assets);
  }
}
