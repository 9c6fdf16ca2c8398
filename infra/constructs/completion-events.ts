import { Duration } from 'aws-cdk-lib';
import { Match, Rule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_SOURCE, INBOUND_DETAIL_TYPES } from '../../events/schemas';
import * as INBOUND_FUNCTIONS from '../../shared/wiring/inbound';
import type { LaurelFunction } from './laurel-function';
import { wiredFunction, type Providers } from '../wiring';

export interface CompletionEventsProps {
  /** The table, the audit writer, the learner-index key and the issuance state machine. */
  providers: Providers;
  /** Laurel's domain-event bus, where systems inside AWS put CompletionRecorded. */
  bus: IEventBus;
}

/**
 * Completions in from systems inside AWS (issue #21): `CompletionRecorded` on Laurel's bus, from
 * any source but Laurel's own (so nothing Laurel emits loops back as a completion), invokes the
 * consumer, which hands it to the completions use case as the signed webhook's receiver does.
 * Who may put events on the bus is the authentication (IAM); the detail names a completion source
 * of kind `eventbridge`. An event the use case can keep (an unmapped course, an unknown learner)
 * is kept in the table for staff to replay; one it cannot read or attribute fails, is retried,
 * then waits in DeadLetters (the target's and the function's asynchronous one), whose operations
 * alarm says how to re-run it. It lives in the staff API's Integrations nested stack.
 */
export class CompletionEvents extends Construct {
  readonly consumer: LaurelFunction;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: CompletionEventsProps) {
    super(scope, id);
    this.deadLetters = new Queue(this, 'DeadLetters', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    this.consumer = wiredFunction(this, 'ConsumeFn', INBOUND_FUNCTIONS.ConsumeCompletionRecorded, props.providers, { timeout: Duration.seconds(30), deadLetterQueue: this.deadLetters });
    new Rule(this, 'OnCompletionRecorded', {
      description: 'Laurel: CompletionRecorded from a system inside AWS requests the credential its course awards',
      eventBus: props.bus,
      eventPattern: { source: Match.anythingBut(EVENT_SOURCE), detailType: [INBOUND_DETAIL_TYPES.completionRecorded] },
      targets: [new LambdaFunction(this.consumer, { retryAttempts: 8, maxEventAge: Duration.hours(24), deadLetterQueue: this.deadLetters })],
    });
  }
}
