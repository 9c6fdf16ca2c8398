import { Validations, type IPolicyValidationContext, type IPolicyValidationPlugin, type PolicyValidationPluginReport } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks, type NagPack } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { ACKNOWLEDGEMENTS, type Acknowledgement } from './nag-acknowledgements';

/** One finding of a pack: the rule (with its finding), the resource, and what acknowledged it. */
export interface NagFinding {
  pack: string;
  rule: string;
  severity: string;
  path: string;
  acknowledgement?: Acknowledgement;
}

/**
 * A cdk-nag pack run through CDK's Validations API, after synthesis (when cross-stack
 * references are final and the packs' finding ids name them as the template does). It first
 * lists the pack's findings, acknowledges on each construct those that ACKNOWLEDGEMENTS cover
 * (`Validations.of(construct).acknowledge`, with the reason), then lets the pack validate: what
 * is left fails synthesis. `findings` keeps every finding for the report and the test.
 */
class AcknowledgingPack implements IPolicyValidationPlugin {
  readonly name: string;
  readonly findings: NagFinding[] = [];

  constructor(private readonly pack: NagPack) {
    this.name = pack.name;
  }

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const app = (context as IPolicyValidationContext & { appConstruct: IConstruct }).appConstruct;
    const byPath = new Map(app.node.findAll().map((c) => [c.node.path, c]));
    for (const violation of this.pack.validateScope(app).violations) {
      for (const resource of violation.violatingResources) {
        const path = resource.constructPath ?? resource.resourceLogicalId ?? '(unnamed)';
        const acknowledgement = ACKNOWLEDGEMENTS.find((a) => a.rule.test(violation.ruleName) && a.where.test(path));
        this.findings.push({ pack: this.name, rule: violation.ruleName, severity: violation.severity ?? 'error', path, ...(acknowledgement ? { acknowledgement } : {}) });
        const construct = byPath.get(path);
        if (acknowledgement && construct) Validations.of(construct).acknowledge({ id: violation.ruleName, reason: acknowledgement.reason });
      }
    }
    return this.pack.validate(context);
  }
}

/** Runs the AwsSolutions and Serverless packs on every synthesis of the app; returns them for their findings. */
export function checkWithNag(app: IConstruct): AcknowledgingPack[] {
  const packs = [new AcknowledgingPack(new AwsSolutionsChecks()), new AcknowledgingPack(new ServerlessChecks())];
  Validations.of(app).addPlugins(...packs);
  return packs;
}
