import { Duration, NestedStack, Stack, type StackProps } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { AdminApi } from './constructs/admin-api';
import { AuditLog } from './constructs/audit-log';
import { BatchIssuance } from './constructs/batch-issuance';
import { DeploymentKeys } from './constructs/deployment-keys';
import { ExpiryReminders } from './constructs/expiry-reminders';
import { capabilityProviders } from './wiring';
import { IssuanceWorkflow } from './constructs/issuance-workflow';
import { Mail } from './constructs/mail';
import { OperationsAlarms } from './constructs/operations-alarms';
import { PathwayAwards } from './constructs/pathway-awards';
import { OriginSecret } from './constructs/origin-secret';
import { PublicApi } from './constructs/public-api';
import { PublicDirectory } from './constructs/public-directory';
import { LearnerAccess } from './constructs/learner-access';
import { StaffConsole } from './constructs/staff-console';
import type { LaurelDataStack } from './laurel-data-stack';
import type { DeploymentSettings } from './settings';

export interface LaurelStackProps extends StackProps {
  settings: DeploymentSettings;
  /** The stateful resources this deployment runs over (their own stack, retained). */
  state: Pick<LaurelDataStack, 'data' | 'keys' | 'learnerKey' | 'integrationKey' | 'artifacts' | 'archive' | 'events' | 'identity'>;
  /** Where the edge stack published its web ACL's ARN (when laurel:webAclArn is not set). */
  webAclParameterName?: string;
}

/**
 * Laurel's stateless part for one institution: the APIs, the workflows and their functions, over
 * the stateful stack's resources. The staff API's functions live in nested stacks, one per area
 * (infra/constructs/admin-api.ts), so that no template nears CloudFormation's 500 resources.
 */
export class LaurelStack extends Stack {
  constructor(scope: Construct, id: string, props: LaurelStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const { data, keys, learnerKey, integrationKey, artifacts, archive, events, identity } = props.state;
    const issuerSettings = {
      ISSUER_ID: settings.issuerId,
      INSTITUTION_NAME: settings.institutionName,
      INSTITUTION_URL: settings.institutionUrl,
    };

    const mail = new Mail(this, 'Mail', { senderEmail: settings.senderEmail });
    // The audit trail's one writer: every function that records what it did invokes it.
    const auditLog = new AuditLog(this, 'AuditLog', { data, archive });
    const deploymentKeys = new DeploymentKeys(this, 'DeploymentKeys', { data, keys, archive, issuerId: settings.issuerId });

    const accessLogRetention = settings.accessLogRetentionDays as RetentionDays;
    // The verification page's branding and language: the public page, and the console's preview of it.
    const pageSettings = {
      BRAND_COLOR: settings.brandColor,
      PAGE_LANGUAGE: settings.pageLanguage,
      BRAND_LOGO_URL: settings.brandLogoUrl,
      LINKEDIN_ORGANIZATION_ID: settings.linkedInOrganizationId,
    };
    const publicApi = new PublicApi(this, 'Public', {
      data,
      artifacts,
      accessLogRetention,
      settings: { ...issuerSettings, ...pageSettings },
      ...(settings.publicBaseUrl ? { publicBaseUrl: settings.publicBaseUrl } : {}),
      ...(settings.cdn
        ? {
            cdn: {
              webAcl: settings.webAclArn ? { arn: settings.webAclArn } : { parameterName: props.webAclParameterName ?? `/laurel/${id}/public-web-acl-arn` },
              originSecret: new OriginSecret(this, 'OriginSecret', { rotationDays: settings.originSecretRotationDays }),
            },
          }
        : {}),
      ...(settings.publicDomainName && settings.publicCertificateArn
        ? { domain: { name: settings.publicDomainName, certificateArn: settings.publicCertificateArn } }
        : {}),
      ...(settings.lambdaConcurrencyQuota !== undefined
        ? {
            reservedConcurrency: {
              accountQuota: settings.lambdaConcurrencyQuota,
              ...(settings.verifyReservedConcurrency !== undefined ? { verify: settings.verifyReservedConcurrency } : {}),
              ...(settings.publicReadReservedConcurrency !== undefined ? { publicRead: settings.publicReadReservedConcurrency } : {}),
            },
          }
        : {}),
    });
    /** The settings functions may declare (shared/wiring/), besides the public API's. */
    const functionSettings = {
      ...issuerSettings,
      ...pageSettings,
      PUBLIC_BASE_URL: publicApi.baseUrl,
      BATCH_FILE_RETENTION_DAYS: String(settings.batchFileRetentionDays),
      CANVAS_JWKS_URL: settings.canvasJwksUrl,
    };

    // The issuers' public directories of learners who opted in: a route in a nested stack of its own.
    new PublicDirectory(this, 'Directory', { publicApi, data, settings: functionSettings });

    // Credentials that live: the daily reminder sweep, and (below) the learner's reminder and
    // renewal routes, in one nested stack: this stack keeps under 60% of CloudFormation's 500.
    const lifecycle = new NestedStack(this, 'Lifecycle', { description: 'Laurel: credentials that live (expiry reminders, renewal requests)' });
    // Reminders before a credential expires, and its expiry: a daily sweep (README "Reminders").
    const reminders = new ExpiryReminders(lifecycle, 'Reminders', {
      providers: capabilityProviders({ data, artifacts, keys, mail, events, auditLog, learnerKey, archive }),
      settings: functionSettings,
      hour: settings.reminderHour,
      timeZone: settings.reminderTimeZone,
    });

    const approvalTimeout = settings.approvalTimeoutSeconds ? Duration.seconds(settings.approvalTimeoutSeconds) : Duration.hours(settings.approvalTimeoutHours);
    const workflow = new IssuanceWorkflow(this, 'Issuance', { data, keys, learnerKey, artifacts, archive, mail, events, auditLog, settings: functionSettings, approvalTimeout });
    // Nothing issues before the default issuer's keys are registered.
    workflow.stateMachine.node.addDependency(deploymentKeys.resource);
    // The learner's routes on the public API: the claim page, wallet pickup, and renewal requests (which start the workflow).
    new LearnerAccess(this, 'Learner', {
      publicApi,
      capabilities: { data, artifacts, keys, mail, events, auditLog, learnerKey, archive },
      settings: functionSettings,
      workflow,
      renewalScope: lifecycle,
    });
    const batches = new BatchIssuance(this, 'Batches', {
      data,
      auditLog,
      archive,
      keys,
      learnerKey,
      artifacts,
      mail,
      events,
      settings: functionSettings,
      approvalTimeout,
      rowsPerChild: settings.batchRowsPerChild,
      maxConcurrency: settings.batchMaxConcurrency,
      kmsSignQuota: settings.kmsSignQuota,
      kmsBatchShare: settings.kmsBatchShare,
      sesSendRate: settings.sesSendRate,
    });

    // The console's origin must be known to the API (CORS) before the console knows the API's URL.
    const staffConsole = settings.console
      ? new StaffConsole(this, 'Console', {
          userPool: identity.userPool,
          signInDomain: identity.domain,
          identityProviders: identity,
          uploadBucket: artifacts.bucket,
          accessLogs: artifacts.accessLogs,
          domain: settings.consoleDomainName && settings.consoleCertificateArn ? { name: settings.consoleDomainName, certificateArn: settings.consoleCertificateArn } : undefined,
        })
      : undefined;
    const adminApi = new AdminApi(this, 'Admin', {
      data,
      auditLog,
      archive,
      learnerKey,
      integrationKey,
      identity,
      workflow,
      batches,
      keys,
      mail,
      events,
      artifacts,
      settings: functionSettings,
      corsOrigins: [...settings.adminCorsOrigins, ...(staffConsole ? [staffConsole.url] : [])],
      ...(staffConsole ? { browserClients: [staffConsole.client.userPoolClientId] } : {}),
      accessLogRetention,
      throttle: { ThrottlingRateLimit: settings.adminRateLimit, ThrottlingBurstLimit: settings.adminBurstLimit },
    });

    // Pathways: each CredentialIssued advances its learner; a satisfied pathway requests its award
    // through the workflow. In the staff API's nested stack of achievements and pathways.
    const pathways = new PathwayAwards(adminApi.definitions, 'PathwayAwards', {
      providers: { table: data, auditLog, learnerKey, eventBus: events, issuanceWorkflow: workflow },
      bus: events.bus,
      settings: functionSettings,
    });

    staffConsole?.deploy({ apiUrl: adminApi.api.apiEndpoint, publicBaseUrl: publicApi.baseUrl, institutionName: settings.institutionName, brandColor: settings.brandColor });

    // Dead letters, 5xx rates, failed executions and the SES bounce rate, to an SNS topic — in a
    // nested stack of their own: the main stack keeps its room to grow (issue #21 took the last).
    const operations = new NestedStack(this, 'Operations', { description: 'Laurel: operations alarms and their topic' });
    new OperationsAlarms(operations, 'Alarms', {
      workflow,
      batches,
      pathways,
      reminders: { deadLetters: reminders.deadLetters, scope: lifecycle },
      // Events out: their alarms beside their queues, in the staff API's Integrations stack.
      webhooks: {
        fanOutDeadLetters: adminApi.webhooks.fanOutDeadLetters,
        queueDeadLetters: adminApi.webhooks.queueDeadLetters,
        queue: adminApi.webhooks.queue,
        deadDeliveries: adminApi.webhooks.deadDeliveries,
        scope: adminApi.integrations,
      },
      // Completions in from Canvas through SQS: messages no Canvas source could take.
      canvas: { deadLetters: adminApi.canvas.deadLetters, queue: adminApi.canvas.queue, scope: adminApi.integrations },
      // Completions in on the bus: CompletionRecorded events no eventbridge source could take.
      completionEvents: { deadLetters: adminApi.completionEvents.deadLetters, scope: adminApi.integrations },
      publicApi: publicApi.api,
      adminApi: adminApi.api,
      ...(settings.alarmTopicArn ? { topicArn: settings.alarmTopicArn } : {}),
      ...(settings.alarmEmail ? { email: settings.alarmEmail } : {}),
    });
  }
}
