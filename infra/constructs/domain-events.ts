import { RemovalPolicy } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import type { Accesses } from '../../shared/wiring/bindings';
import type { Provider } from '../wiring';

/** The bus for Laurel's domain events (schemas in events/). */
export class DomainEvents extends Construct implements Provider<Accesses['eventBus']> {
  readonly bus: EventBus;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bus = new EventBus(this, 'Bus', { description: 'Laurel domain events: CredentialIssued, IssuanceRejected, IssuanceFailed' });
    // Subscribers' rules (the SIS, the CRM) name this bus: it outlives stack operations like the data.
    this.bus.applyRemovalPolicy(RemovalPolicy.RETAIN);
  }

  grantPut(grantee: IGrantable) {
    return this.bus.grantPutEventsTo(grantee);
  }

  environment(): Record<string, string> {
    return { EVENT_BUS_NAME: this.bus.eventBusName };
  }

  grant(grantee: IGrantable, _access: Accesses['eventBus']) {
    this.grantPut(grantee);
  }
}
