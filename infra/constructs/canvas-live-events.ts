import { Duration } from 'aws-cdk-lib';
import { AccountPrincipal, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CANVAS_AWS_ACCOUNT } from '../../shared/integrations/canvas-live-events';
import * as INBOUND_FUNCTIONS from '../../shared/wiring/inbound';
import type { LaurelFunction } from './laurel-function';
import { wiredFunction, type Providers } from '../wiring';

export interface CanvasLiveEventsProps {
  /** The table, the audit writer, the learner-index key and the issuance state machine. */
  providers: Providers;
  /** The deployment's name, which the queue's name carries so that two deployments in one account do not collide. */
  deploymentName: string;
}

/**
 * Canvas Live Events through SQS (README "Connected to the campus"; a real payload in test/fixtures/standards/examples/lms/): Canvas Data Services sends to a
 * standard queue whose name starts `canvas-live-events` — the one physical name Laurel sets —
 * from Instructure's account, which the queue's policy alone lets send. Its URL is what an admin
 * pastes into Canvas (the `CanvasLiveEventsQueueUrl` output). SSE-SQS encryption: a cross-account
 * sender needs no key policy. A message the consumer cannot attribute or read (no Canvas source
 * for its account, not a Live Event) is retried, then kept in the dead-letter queue, whose alarm
 * says how to redrive it once its source is set up; a completion it can read but not issue yet is
 * kept in the table, as every channel's is.
 */
export class CanvasLiveEvents extends Construct {
  readonly queue: Queue;
  readonly deadLetters: Queue;
  readonly consumer: LaurelFunction;

  constructor(scope: Construct, id: string, props: CanvasLiveEventsProps) {
    super(scope, id);
    this.deadLetters = new Queue(this, 'DeadLetters', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    this.queue = new Queue(this, 'Queue', {
      queueName: `canvas-live-events-${props.deploymentName.toLowerCase()}`.slice(0, 80),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      // Six times the consumer's timeout, as Lambda advises for an SQS event source.
      visibilityTimeout: Duration.minutes(3),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: 5 },
    });
    this.queue.addToResourcePolicy(new PolicyStatement({ principals: [new AccountPrincipal(CANVAS_AWS_ACCOUNT)], actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }));
    this.consumer = wiredFunction(this, 'ConsumeFn', INBOUND_FUNCTIONS.ConsumeCanvasLiveEvents, props.providers, { timeout: Duration.seconds(30) });
    this.consumer.addEventSource(new SqsEventSource(this.queue, { batchSize: 10, reportBatchItemFailures: true }));
  }
}
