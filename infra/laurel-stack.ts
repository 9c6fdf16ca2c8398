import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AdminApi } from './constructs/admin-api';
import { ArtifactStore } from './constructs/artifact-store';
import { BatchIssuance } from './constructs/batch-issuance';
import { DataStore } from './constructs/data-store';
import { denyKeyAdministration } from './deny-key-administration';
import { DomainEvents } from './constructs/domain-events';
import { IssuanceWorkflow } from './constructs/issuance-workflow';
import { Mail } from './constructs/mail';
import { PublicApi } from './constructs/public-api';
import { SigningKeys } from './constructs/signing-keys';
import { StaffIdentity } from './constructs/staff-identity';
import type { DeploymentSettings } from './settings';

export interface LaurelStackProps extends StackProps {
  settings: DeploymentSettings;
  /** Where the edge stack published its web ACL's ARN (when laurel:webAclArn is not set). */
  webAclParameterName?: string;
}

/** The whole Laurel deployment for one institution. */
export class LaurelStack extends Stack {
  constructor(scope: Construct, id: string, props: LaurelStackProps) {
    super(scope, id, props);
    denyKeyAdministration(this);
    const { settings } = props;
    const issuerSettings = {
      ISSUER_ID: settings.issuerId,
      INSTITUTION_NAME: settings.institutionName,
      INSTITUTION_URL: settings.institutionUrl,
    };

    const data = new DataStore(this, 'Data');
    const keys = new SigningKeys(this, 'SigningKeys', { issuerId: settings.issuerId, vcJwt: settings.vcJwt });
    const artifacts = new ArtifactStore(this, 'Artifacts');
    const mail = new Mail(this, 'Mail', { senderEmail: settings.senderEmail });
    const events = new DomainEvents(this, 'Events');
    const identity = new StaffIdentity(this, 'Staff', {
      machineRoles: settings.machineRoles,
      callbackUrls: settings.staffCallbackUrls,
      logoutUrls: settings.staffLogoutUrls,
      mfa: settings.staffMfa,
    });

    const publicApi = new PublicApi(this, 'Public', {
      data,
      artifacts,
      settings: {
        ...issuerSettings,
        BRAND_COLOR: settings.brandColor,
        PAGE_LANGUAGE: settings.pageLanguage,
        BRAND_LOGO_URL: settings.brandLogoUrl,
        LINKEDIN_ORGANIZATION_ID: settings.linkedInOrganizationId,
      },
      ...(settings.publicBaseUrl ? { publicBaseUrl: settings.publicBaseUrl } : {}),
      ...(settings.cdn
        ? { cdn: { webAcl: settings.webAclArn ? { arn: settings.webAclArn } : { parameterName: props.webAclParameterName ?? `/laurel/${id}/public-web-acl-arn` } } }
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
    const functionSettings = { ...issuerSettings, PUBLIC_BASE_URL: publicApi.baseUrl };

    const approvalTimeout = settings.approvalTimeoutSeconds ? Duration.seconds(settings.approvalTimeoutSeconds) : Duration.hours(settings.approvalTimeoutHours);
    const workflow = new IssuanceWorkflow(this, 'Issuance', { data, keys, artifacts, mail, events, settings: functionSettings, approvalTimeout });
    const batches = new BatchIssuance(this, 'Batches', {
      data,
      keys,
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

    new AdminApi(this, 'Admin', { data, identity, workflow, batches, keys, mail, events, artifacts, settings: functionSettings, corsOrigins: settings.adminCorsOrigins });
  }
}
