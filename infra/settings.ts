import type { Node } from 'constructs';
import { CANVAS_JWKS_URL } from '../shared/integrations/canvas-live-events';
import { z } from 'zod';

/** A list setting: an array in cdk.json, or a comma-separated string from `-c laurel:key=a,b`. */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v), z.array(item));

/** A Cognito identity provider's name: what the hosted UI's button says, and the prefix of its users' names. */
const providerName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9.-]{2,31}$/, '3 to 32 letters, digits, dots or dashes, starting with a letter or digit (Cognito allows no spaces or underscores)')
  .refine((n) => !['Cognito', 'COGNITO', 'Google', 'Facebook', 'LoginWithAmazon', 'SignInWithApple'].includes(n), 'a name Cognito reserves');
/** A Laurel role or an approval role (a group an approval step may ask for). */
const mappedGroup = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'a role: lowercase letters, digits and dashes');
/** The provider's group (as its directory names it) → the roles it grants. */
const roleMapping = z
  .record(z.string().min(1).max(256), z.array(mappedGroup).min(1).max(20))
  .refine((m) => Object.keys(m).length > 0, 'map at least one of the provider\'s groups to a role');
/** What every provider has: its name, the email domains that send a person to it from the hosted UI, and its mapping. */
const providerCommon = {
  name: providerName,
  identifiers: z.array(z.string().min(1).max(40)).max(50).default([]),
  roles: roleMapping,
};
const identityProvider = z.discriminatedUnion('type', [
  z.object({
    ...providerCommon,
    type: z.literal('saml'),
    metadataUrl: z.url({ protocol: /^https$/ }),
    /** The SAML attribute that lists the user's groups (Microsoft Entra ID's by default). */
    groupsAttribute: z.string().min(1).default('http://schemas.microsoft.com/ws/2008/06/identity/claims/groups'),
    emailAttribute: z.string().min(1).default('http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress'),
  }),
  z.object({
    ...providerCommon,
    type: z.literal('oidc'),
    issuerUrl: z.url({ protocol: /^https$/ }),
    clientId: z.string().min(1),
    /** The Secrets Manager secret (name or ARN) that holds the client secret, as a plain string or JSON with clientSecret. */
    clientSecretName: z.string().min(1),
    scopes: z.array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/)).default(['openid', 'email', 'profile']),
    groupsClaim: z.string().min(1).default('groups'),
  }),
]);
export type IdentityProviderSettings = z.infer<typeof identityProvider>;

/**
 * Where Cognito may send a staff member back after signing in or out: https, or plain http to
 * localhost only (a console run on the operator's own machine); never with a #fragment (Cognito refuses it).
 */
const staffRedirectUrl = z.url().refine(
  (u) => {
    const url = new URL(u);
    return !u.includes('#') && (url.protocol === 'https:' || (url.protocol === 'http:' && url.hostname === 'localhost'));
  },
  { message: 'an https URL (http only for http://localhost), without a #fragment' },
);

/** The retention periods CloudWatch Logs accepts, in days. */
export const ACCESS_LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/**
 * Deployment settings, read from CDK context (cdk.json or `-c laurel:key=value`) and validated
 * before anything is synthesized: a bad setting stops `cdk synth` with the key and the reason.
 */
export const deploymentSettings = z.object({
  // Defaults describe the sample institution the demo issues for; set your own in cdk.json.
  institutionName: z.string().min(1).max(200).default('Example University'),
  institutionUrl: z.url({ protocol: /^https$/ }).default('https://www.example.edu'),
  senderEmail: z.email().default('badges@example.edu'),
  issuerId: z.string().regex(/^[a-z0-9-]{1,64}$/, 'lowercase letters, digits and dashes').default('main'),
  /** Public URL the credentials are issued under (e.g. a CDN in front); defaults to the public API's URL. */
  publicBaseUrl: z.url({ protocol: /^https$/ }).optional(),
  /** CloudFront (with WAF) in front of the public API. The local cloud turns it off: it has no CDN. */
  cdn: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).default(true),
  /**
   * An existing CLOUDFRONT-scope WAF web ACL for the CDN. Without it, the app adds an edge stack
   * in us-east-1 holding Laurel's own web ACL.
   */
  webAclArn: z.string().regex(/^arn:aws[\w-]*:wafv2:us-east-1:\d{12}:global\/webacl\/[\w-]+\/[\w-]+$/, 'a CLOUDFRONT-scope web ACL ARN (wafv2, us-east-1, global/webacl/…)').optional(),
  /**
   * Days between rotations of the origin secret, the header CloudFront sends the public API so that
   * the API's own endpoint, which skips the web ACL, is refused (with the CDN only).
   */
  originSecretRotationDays: z.coerce.number().int().min(1).max(365).default(30),
  /**
   * Custom domain for the public URLs (needs publicCertificateArn). With the CDN its certificate
   * must be in us-east-1, CloudFront's rule; without it, in the stack's region.
   */
  publicDomainName: z.string().regex(/^(?!-)[a-z0-9-]{1,63}(\.[a-z0-9-]{1,63})+$/, 'a lowercase DNS name').optional(),
  publicCertificateArn: z.string().regex(/^arn:aws[\w-]*:acm:[\w-]+:\d{12}:certificate\/[\w-]+$/, 'an ACM certificate ARN').optional(),
  /** After this long, an unanswered approval expires instead of waiting for the execution limit. */
  approvalTimeoutHours: z.coerce.number().int().min(1).max(24 * 60, 'at most 1440 hours (60 days): a chain of six steps must end within the year a workflow may run').default(24 * 7),
  /** Overrides approvalTimeoutHours to the second (tests, or very short-lived approvals). */
  approvalTimeoutSeconds: z.coerce.number().int().min(1).max(60 * 24 * 3600).optional(),
  /** Also issue every credential as a VC-JWT (ES256, P-256 KMS keys), served by content negotiation. */
  /**
   * Cohort batches. Rows per Express child (the item batcher), children at once (the map's
   * MaxConcurrency), the account's KMS Sign quota and the share of it batches may use, and the
   * account's SES sending rate (emails per second), which the email queue's consumers keep to.
   */
  batchRowsPerChild: z.coerce.number().int().min(1).max(128).default(100),
  batchMaxConcurrency: z.coerce.number().int().min(1).max(1000).default(10),
  kmsSignQuota: z.coerce.number().int().min(1).default(1000),
  kmsBatchShare: z.coerce.number().gt(0).max(1).default(0.5),
  sesSendRate: z.coerce.number().gt(0).max(10_000).default(14),
  vcJwt: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).default(false),
  /**
   * The staff console (console/): built at synth, served from a private bucket through CloudFront
   * with a strict CSP. Its own domain (needs consoleCertificateArn, in us-east-1), or CloudFront's.
   * The local cloud turns the hosting off: it serves the console itself (local/console-server.ts).
   */
  console: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).default(true),
  consoleDomainName: z.string().regex(/^(?!-)[a-z0-9-]{1,63}(\.[a-z0-9-]{1,63})+$/, 'a lowercase DNS name').optional(),
  consoleCertificateArn: z.string().regex(/^arn:aws[\w-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/, 'an ACM certificate ARN in us-east-1 (CloudFront takes certificates from there only)').optional(),
  /** Origins allowed to call the admin API from a browser (the console's is added by itself). */
  adminCorsOrigins: z.array(z.string()).default([]),
  /** Branding of the public verification page. */
  brandColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a #rrggbb colour').default('#1d3557'),
  brandLogoUrl: z.url({ protocol: /^https$/ }).optional(),
  /** LinkedIn's organization id, so "Add to profile" links to the institution's page. */
  linkedInOrganizationId: z.string().regex(/^\d+$/, 'digits').optional(),
  /** When the daily sweep sends expiry reminders: the hour (0–23) in `reminderTimeZone`, so they arrive in working hours. */
  reminderHour: z.coerce.number().int().min(0).max(23).default(9),
  /** The institution's IANA time zone for that hour (e.g. Europe/Paris). */
  reminderTimeZone: z.string().regex(/^(?:UTC|[A-Z][A-Za-z_]+(?:\/[A-Za-z0-9_+-]+){1,2})$/, 'an IANA time zone such as Europe/Paris, or UTC').default('UTC'),
  /** Where Canvas's signing keys are published (Live Events over HTTPS with "Sign Payload"): Instructure's key set. */
  canvasJwksUrl: z.url({ protocol: /^https$/ }).default(CANVAS_JWKS_URL),
  /** The page's language (a file in shared/page/texts/). */
  pageLanguage: z.enum(['en']).default('en'),
  /** Roles the machine client (SIS, LMS) may ask for as `laurel/<role>` scopes. */
  machineRoles: z.array(z.enum(['admin', 'designer', 'issuer', 'approver', 'registrar', 'auditor'])).default(['issuer', 'auditor']),
  /**
   * Staff sign-in in a browser (a console of your own): the authorization code flow with PKCE,
   * back to these URLs. None by default, and then the staff client has no OAuth flow at all
   * (sign-in is SRP only).
   */
  staffCallbackUrls: list(staffRedirectUrl).default([]),
  staffLogoutUrls: list(staffRedirectUrl).default([]),
  /**
   * Staff MFA (authenticator apps, TOTP; never SMS). 'optional' only for a trial: Cognito may
   * refuse to turn MFA on for a user pool that exists (see the README).
   */
  staffMfa: z.enum(['required', 'optional']).default('required'),
  /**
   * The institution's own identity providers, federated into the staff user pool: SAML (by its
   * metadata URL) or OIDC (its client secret in Secrets Manager, by name; never in settings).
   * Each maps the provider's groups to Laurel's roles and approval roles; a person's roles are
   * what their groups map to at their latest sign-in (infra/constructs/staff-identity.ts).
   */
  staffIdentityProviders: z.array(identityProvider).max(10).default([]),
  /**
   * Reserved concurrency for the public functions: POST /verify's, and each read function's (every
   * GET route and the 404 route). None by default: every reservation comes out of the account's
   * concurrency quota, of which Lambda keeps 100 unreserved, so a small account would refuse it.
   * Setting one needs lambdaConcurrencyQuota, the account's quota, which synthesis checks against.
   */
  verifyReservedConcurrency: z.coerce.number().int().min(1).optional(),
  publicReadReservedConcurrency: z.coerce.number().int().min(1).optional(),
  lambdaConcurrencyQuota: z.coerce.number().int().min(100).optional(),
  /**
   * Days the APIs' access logs (with callers' IP addresses) and the bucket's server access logs
   * are kept: CloudWatch Logs' retention periods only. Set it to what your privacy notice says.
   */
  accessLogRetentionDays: z.coerce
    .number()
    .int()
    .refine((d) => ACCESS_LOG_RETENTION_DAYS.includes(d as never), { message: `one of CloudWatch Logs' retention periods: ${ACCESS_LOG_RETENTION_DAYS.join(', ')}` })
    .default(90),
  /**
   * Days cohort files (the uploaded CSV, its validated rows and problems, reports: learners'
   * names and addresses) are kept after they are written; older versions go a day after they
   * are replaced or deleted. Evidence files are kept for evidenceRetentionDays when set (an
   * evidence pack needs them: keep them as long as an appeal can come).
   */
  batchFileRetentionDays: z.coerce.number().int().min(1).max(3650).default(90),
  evidenceRetentionDays: z.coerce.number().int().min(30).max(36500).optional(),
  /**
   * Days each object of the archive (the audit trail's anchors) is locked under S3 Object Lock,
   * in compliance mode: nobody, the account's root included, can delete one sooner. Ten years
   * by default; set it to how long an appeal or an audit can come. A trial deployment locks in
   * governance mode instead, which an administrator may bypass to remove the trial.
   */
  archiveRetentionDays: z.coerce.number().int().min(1).max(36500).default(3650),
  /** Requests per second (and burst) the admin API's stage allows, over all its routes. */
  adminRateLimit: z.coerce.number().int().min(1).max(10_000).default(50),
  adminBurstLimit: z.coerce.number().int().min(1).max(5_000).default(100),
  /**
   * Where the operations alarms notify (infra/constructs/operations-alarms.ts): an SNS topic of
   * your own, in the stack's region, that lets cloudwatch.amazonaws.com publish. Without it the
   * stack creates one, to which alarmEmail is subscribed.
   */
  alarmTopicArn: z.string().regex(/^arn:aws[\w-]*:sns:[\w-]+:\d{12}:[\w-]+$/, 'an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)').optional(),
  alarmEmail: z.email().optional(),
  /**
   * Deploy although the settings would not last (see deploymentProblems): a trial, whose
   * credentials may stop verifying. Every synthesis then warns.
   */
  trialDeployment: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).default(false),
});
export type DeploymentSettings = z.infer<typeof deploymentSettings>;

const withDomainRules = deploymentSettings
  .refine((s) => s.staffLogoutUrls.length === 0 || s.staffCallbackUrls.length > 0, {
    message: 'sign-out URLs need the sign-in flow: set laurel:staffCallbackUrls too',
    path: ['staffLogoutUrls'],
  })
  .refine((s) => new Set(s.staffIdentityProviders.map((p) => p.name)).size === s.staffIdentityProviders.length, {
    message: 'each identity provider needs a name of its own',
    path: ['staffIdentityProviders'],
  })
  .refine((s) => JSON.stringify(Object.fromEntries(s.staffIdentityProviders.map((p) => [p.name, p.roles]))).length <= 3000, {
    message: 'the role mappings together must fit in 3000 characters (they travel in a Lambda environment variable): map fewer groups',
    path: ['staffIdentityProviders'],
  })
  .refine((s) => Boolean(s.consoleDomainName) === Boolean(s.consoleCertificateArn), {
    message: 'consoleDomainName and consoleCertificateArn go together',
    path: ['consoleDomainName'],
  })
  .refine((s) => Boolean(s.publicDomainName) === Boolean(s.publicCertificateArn), {
    message: 'publicDomainName and publicCertificateArn go together',
    path: ['publicDomainName'],
  })
  .refine((s) => (s.verifyReservedConcurrency === undefined && s.publicReadReservedConcurrency === undefined) || s.lambdaConcurrencyQuota !== undefined, {
    message:
      "reserved concurrency comes out of the account's quota: declare it (Service Quotas, AWS Lambda, Concurrent executions) so synthesis can check that 100 stay unreserved",
    path: ['lambdaConcurrencyQuota'],
  })
  .refine((s) => !(s.alarmTopicArn && s.alarmEmail), {
    message: "alarmEmail is subscribed to the stack's own alarm topic: with laurel:alarmTopicArn, subscribe the address to that topic yourself",
    path: ['alarmEmail'],
  })
  .refine((s) => !s.cdn || !s.publicCertificateArn || s.publicCertificateArn.split(':')[3] === 'us-east-1', {
    message: 'CloudFront takes certificates from us-east-1 only: request the certificate there (or set laurel:cdn false)',
    path: ['publicCertificateArn'],
  });

const KEYS = Object.keys(deploymentSettings.shape) as (keyof DeploymentSettings)[];

export function readSettings(node: Node): DeploymentSettings {
  const raw = Object.fromEntries(KEYS.map((k) => [k, node.tryGetContext(`laurel:${k}`)]).filter(([, v]) => v !== undefined));
  const parsed = withDomainRules.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `laurel:${i.path.join('.')}: ${i.message}`).join('\n  ');
    throw new Error(`Invalid deployment settings:\n  ${problems}`);
  }
  return parsed.data;
}

/**
 * Names no one can own (RFC 2606: example.com/.net/.org and the .example, .test, .invalid and
 * .localhost top-level domains), and example.edu, which the sample settings use.
 */
const RESERVED_DOMAINS = ['example.com', 'example.net', 'example.org', 'example.edu'];
const RESERVED_TLDS = ['example', 'test', 'invalid', 'localhost'];
/** Hostnames AWS generates for one resource (a distribution, an API, a function URL): they die with it. */
const GENERATED_HOSTS = [/\.cloudfront\.net$/, /\.amazonaws\.com(\.cn)?$/, /\.on\.aws$/];

const under = (host: string, domain: string) => host === domain || host.endsWith(`.${domain}`);
export const isReservedName = (host: string) => {
  const h = host.toLowerCase().replace(/\.$/, '');
  return RESERVED_DOMAINS.some((d) => under(h, d)) || RESERVED_TLDS.some((t) => under(h, t));
};
const isGeneratedName = (host: string) => GENERATED_HOSTS.some((r) => r.test(host.toLowerCase().replace(/\.$/, '')));

/** What makes a deployment refuse: each problem with the settings, and whether credential URLs would outlive the stack. */
export interface DeploymentProblems {
  problems: string[];
  /** The URLs credentials carry are on a name the institution keeps, not one the stack generated. */
  durableUrls: boolean;
}

/**
 * Why these settings must not be deployed, except as a trial. A credential carries its issuer's,
 * keys' and status list's URLs for as long as it is valid (often for life): under a hostname the
 * stack generated, deleting or replacing the stack breaks every credential it issued, for good.
 * The sample's example.edu names cannot be anyone's.
 */
export function deploymentProblems(s: DeploymentSettings): DeploymentProblems {
  const problems: string[] = [];
  // An operator's own front door (laurel:publicBaseUrl) counts: credentials are issued under it, whatever serves it.
  const baseHost = s.publicBaseUrl ? new URL(s.publicBaseUrl).hostname : undefined;
  const durableUrls = baseHost
    ? !isReservedName(baseHost) && !isGeneratedName(baseHost)
    : Boolean(s.publicDomainName && s.publicCertificateArn && !isReservedName(s.publicDomainName));
  if (baseHost && isReservedName(baseHost)) problems.push(`laurel:publicBaseUrl ${s.publicBaseUrl} is under a reserved example name`);
  if (baseHost && isGeneratedName(baseHost)) problems.push(`laurel:publicBaseUrl ${s.publicBaseUrl} is a hostname AWS generated for one resource, which dies with it`);
  if (!baseHost && !s.publicDomainName) {
    problems.push(
      'no public domain name (laurel:publicDomainName + laurel:publicCertificateArn): credentials would carry a hostname this stack generated, which dies with the stack',
    );
  }
  if (s.publicDomainName && isReservedName(s.publicDomainName)) problems.push(`laurel:publicDomainName ${s.publicDomainName} is a reserved example name`);
  const senderDomain = s.senderEmail.split('@').pop()!;
  if (isReservedName(senderDomain)) problems.push(`laurel:senderEmail ${s.senderEmail} is at a reserved example domain (SES cannot verify it)`);
  const institutionHost = new URL(s.institutionUrl).hostname;
  if (isReservedName(institutionHost)) problems.push(`laurel:institutionUrl ${s.institutionUrl} is under a reserved example name (every credential names it)`);
  return { problems, durableUrls };
}
