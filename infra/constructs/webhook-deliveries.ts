import { Duration } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { Rule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DETAIL_TYPES, EVENT_SOURCE } from '../../events/schemas';
import type { Accesses } from '../../shared/wiring/bindings';
import * as WEBHOOK_FUNCTIONS from '../../shared/wiring/webhooks';
import type { LaurelFunction } from './laurel-function';
import { wiredFunction, type Provider, type Providers } from '../wiring';

export interface WebhookDeliveriesProps {
  /** The table, the learner-index key and the integration key. */
  providers: Pick<Providers, 'table' | 'learnerKey' | 'integrationKey'>;
  /** Laurel's domain-event bus: every event on it is a candidate for delivery. */
  bus: IEventBus;
}

/** Deliveries attempted at once: each waits up to 10 s on a subscriber, so ten take at most that. */
const BATCH_SIZE = 10;
/** Enough to keep up with a cohort's events without flooding a small SIS. */
const MAX_CONSUMERS = 5;

/**
 * Events out (issue #21, shared/use-cases/webhook-deliveries.ts): a rule matching every Laurel
 * detail type invokes the fan-out, which writes a delivery per subscription that wants the event
 * and puts it on the delivery queue; the deliverer consumes the queue, signs and POSTs each
 * attempt, and re-enqueues a failed one with a delay (SQS's DelaySeconds, chained past 15 minutes),
 * up to eight attempts over about a day. EventBridge API destinations cannot sign per request,
 * hence a function.
 *
 * Dead letters: an event the fan-out failed on every retry (FanOutDeadLetters: invoke the fan-out
 * with the message's body again, it is idempotent) and a queue message Laurel itself failed on five
 * times (QueueDeadLetters: redrive it). A subscriber's failures are not dead letters of SQS: the
 * delivery ends DEAD in the table, counted by the WebhookDeliveriesDead metric, listed in the
 * console and replayed from there. It lives in the staff API's Integrations nested stack.
 */
export class WebhookDeliveries extends Construct implements Provider<Accesses['webhookQueue']> {
  readonly queue: Queue;
  readonly fanOutDeadLetters: Queue;
  readonly queueDeadLetters: Queue;
  readonly fanOutFn: LaurelFunction;
  readonly deliverFn: LaurelFunction;
  /** Deliveries that ended DEAD (Sum per 5 minutes): what the operations alarm watches. */
  readonly deadDeliveries: Metric;

  constructor(scope: Construct, id: string, props: WebhookDeliveriesProps) {
    super(scope, id);
    const deadLetterQueue = (name: string) => new Queue(this, name, { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    this.fanOutDeadLetters = deadLetterQueue('FanOutDeadLetters');
    this.queueDeadLetters = deadLetterQueue('QueueDeadLetters');
    const deliverTimeout = Duration.seconds(60);
    this.queue = new Queue(this, 'DeliveryQueue', {
      // Lambda asks for at least the function's timeout; six times it lets a throttled batch wait its turn.
      visibilityTimeout: Duration.seconds(deliverTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.queueDeadLetters, maxReceiveCount: 5 },
    });
    const providers: Providers = { ...props.providers, webhookQueue: this };
    this.fanOutFn = wiredFunction(this, 'FanOutWebhooksFn', WEBHOOK_FUNCTIONS.FanOutWebhooksFn, providers, { deadLetterQueue: this.fanOutDeadLetters });
    this.deliverFn = wiredFunction(this, 'DeliverWebhooksFn', WEBHOOK_FUNCTIONS.DeliverWebhooksFn, providers, { timeout: deliverTimeout, memorySize: 256 });
    this.deliverFn.addEventSource(new SqsEventSource(this.queue, { batchSize: BATCH_SIZE, maxConcurrency: MAX_CONSUMERS, reportBatchItemFailures: true }));
    new Rule(this, 'OnDomainEvent', {
      description: 'Laurel: every domain event is offered to the webhook subscriptions',
      eventBus: props.bus,
      eventPattern: { source: [EVENT_SOURCE], detailType: Object.values(DETAIL_TYPES) },
      targets: [new LambdaFunction(this.fanOutFn, { retryAttempts: 8, maxEventAge: Duration.hours(24), deadLetterQueue: this.fanOutDeadLetters })],
    });
    this.deadDeliveries = new Metric({
      namespace: 'Laurel',
      metricName: 'WebhookDeliveriesDead',
      // Powertools' service dimension: laurel-<construct id> (infra/constructs/laurel-function.ts).
      dimensionsMap: { service: 'laurel-DeliverWebhooksFn' },
      statistic: 'Sum',
      period: Duration.minutes(5),
    });
  }

  environment(): Record<string, string> {
    return { WEBHOOK_QUEUE_URL: this.queue.queueUrl };
  }

  grant(grantee: IGrantable, access: Accesses['webhookQueue']) {
    if (access !== 'send') throw new Error(`the webhook delivery queue grants send, not ${String(access)}`);
    this.queue.grantSendMessages(grantee);
  }
}
