import { Duration } from 'aws-cdk-lib';
import { Rule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DETAIL_TYPES, EVENT_SOURCE } from '../../events/schemas';
import * as PATHWAY_FUNCTIONS from '../../shared/wiring/pathways';
import type { LaurelFunction } from './laurel-function';
import { settingValues, wiredFunction, type Providers } from '../wiring';

export interface PathwayAwardsProps {
  /** The table, the audit writer, the learner-index key, the bus and the issuance state machine. */
  providers: Omit<Providers, 'setting'>;
  /** Laurel's domain-event bus, whose CredentialIssued the rule matches. */
  bus: IEventBus;
  /** Settings the function declares: the public base URL (the constituents' URLs). */
  settings: Record<string, string | undefined>;
}

/**
 * Pathways (shared/use-cases/pathways.ts): each CredentialIssued on Laurel's bus advances the
 * learner along the pathways counting its achievement, and a satisfied one requests its award
 * through the issuance state machine. EventBridge invokes the function asynchronously, retrying
 * a failure with backoff; an event it could not deliver, and one the function failed on every
 * retry, wait in a dead-letter queue the operations alarms watch (re-running one is harmless:
 * the award's ids are derived from what it awards). It lives in the staff API's nested stack of
 * achievements and pathways (AdminApi.definitions): the main stack keeps its room to grow.
 */
export class PathwayAwards extends Construct {
  readonly advanceFn: LaurelFunction;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: PathwayAwardsProps) {
    super(scope, id);
    this.deadLetters = new Queue(this, 'DeadLetters', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    this.advanceFn = wiredFunction(this, 'AdvancePathwaysFn', PATHWAY_FUNCTIONS.AdvancePathwaysFn, { ...props.providers, setting: settingValues(props.settings) } as Providers, {
      deadLetterQueue: this.deadLetters,
    });
    new Rule(this, 'OnCredentialIssued', {
      description: 'Laurel: CredentialIssued advances the learner along their pathways',
      eventBus: props.bus,
      eventPattern: { source: [EVENT_SOURCE], detailType: [DETAIL_TYPES.credentialIssued] },
      targets: [new LambdaFunction(this.advanceFn, { retryAttempts: 8, maxEventAge: Duration.hours(24), deadLetterQueue: this.deadLetters })],
    });
  }
}
