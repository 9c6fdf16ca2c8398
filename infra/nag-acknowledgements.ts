/**
 * What cdk-nag (AwsSolutions and Serverless packs) reports that Laurel accepts, each with the
 * resources it covers (a pattern over construct paths) and the reason a reviewer can check.
 * Everything else the packs report fails synthesis (infra/nag.ts). Keep this list short: fix a
 * finding where the fix is right (functions write only their own log group, not
 * AWSLambdaBasicExecutionRole; both APIs log access and throttle; the SES feedback path has a
 * dead-letter queue; the CDN asks for TLS 1.2; the bucket logs every request), and say here why
 * the rest stand.
 */
export interface Acknowledgement {
  /** The rule, or rule[finding], as cdk-nag names it. */
  rule: RegExp;
  /** The construct paths it covers. */
  where: RegExp;
  reason: string;
}

/**
 * An ARN's partition, region and account as cdk-nag prints them: pseudo parameters when the stack's
 * environment is unknown, literals when it is known (`cdk synth` with a region or account set).
 */
const PARTITION = '(<AWS::Partition>|aws[a-z-]*)';
const REGION_ACCOUNT = '(<AWS::Region>|[a-z0-9-]+):(<AWS::AccountId>|\\d{12})';

/** Our functions (LaurelFunction) and their roles' policies, in any stack or nested stack. */
const FUNCTION = /^(Laurel\/(Public|Issuance|Batches|DeploymentKeys|OriginSecret|AuditLog|Admin(\/[A-Za-z]+){0,2}|Learner(\/[A-Za-z0-9]+)?|Lifecycle(\/[A-Za-z]+)?|Directory\/Stack)|LaurelData\/Staff)\/[A-Za-z0-9]+\/Resource$/;
const FUNCTION_POLICY = /^(Laurel\/(Public|Issuance|Batches|DeploymentKeys|OriginSecret|AuditLog|Admin(\/[A-Za-z]+){0,2}|Learner(\/[A-Za-z0-9]+)?|Lifecycle(\/[A-Za-z]+)?|Directory\/Stack)|LaurelData\/Staff)\/[A-Za-z0-9]+ServiceRole\/DefaultPolicy\/Resource$/;
/** CDK's singleton function behind AwsCustomResource: it reads the edge stack's web ACL ARN at deploy time. */
const CDK_CUSTOM_RESOURCE = /^Laurel\/AWS679f53fac002430cb0da5b7982bd2287\//;
/** CDK's singleton function behind BucketDeployment: it copies the staff console's build into its bucket during deployment. */
const CDK_BUCKET_DEPLOYMENT = /^Laurel\/Custom::CDKBucketDeployment[0-9A-F]+256MiB\//;
const CONSOLE_DISTRIBUTION = /^Laurel\/Console\/Distribution\/Resource$/;
const STATE_MACHINE_POLICY = /^Laurel\/(Issuance|Batches)\/StateMachine\/(Role\/DefaultPolicy|DistributedMapPolicy)\/Resource$/;

export const ACKNOWLEDGEMENTS: readonly Acknowledgement[] = [
  {
    rule: /^AwsSolutions-APIG4$/,
    where: /^Laurel\/(Public\/Api\/(GET|POST)--[^/]+|(Learner(\/[A-Za-z0-9]+)?|Lifecycle|Directory\/Stack)\/(GET|POST)[A-Za-z0-9]+|Public\/DefaultRoute|Admin\/DefaultRoute|Admin\/Records\/GETopenapijson)\/Resource$/,
    reason:
      'Open by design: verification (credentials, issuers, keys, status lists, images, POST /verify) is for anyone, without an account, ' +
      'and so is an issuer’s public directory of the learners who chose to be listed (when the issuer turns it on); ' +
      "the learner's routes (claim page, wallet pickup, OID4VCI) are authorized by what the learner holds — the claim link's token (as an HttpOnly session), " +
      "a single-use wallet offer and the holder's DID signature over its challenge, a pre-authorized code with its transaction code and a bearer token — not by a staff account; " +
      "the admin API's description (GET /openapi.json) holds no data; the $default routes answer 404. Every other admin route has the JWT authorizer (test/infra/template.test.ts checks each).",
  },
  {
    rule: /^AwsSolutions-APIG4$/,
    where: /^Laurel\/Admin\/Integrations\/POSTinbound(completions|moodlesourceId|canvassourceId)\/Resource$/,
    reason:
      'The completion receivers (issue #21) are called by an SIS or LMS, not staff: each authenticates its source in the function before it reads anything else — ' +
      "the webhook's HMAC signature with a ±300 s timestamp and a replay cache, Moodle's bearer token, Canvas's RS256 JWT checked against Instructure's key set — " +
      'and answers the same 401 for an unknown, disabled or wrong-kind source as for a bad signature. Each route has its own rate limit on the stage.',
  },
  {
    rule: /^AwsSolutions-CFR3$/,
    where: /^Laurel\/Public\/Cdn\/Distribution\/Resource$/,
    reason:
      "CloudFront's standard logs would keep every viewer's IP address and full query string in a bucket. The public API's access log records each request that reaches the origin " +
      '(route, status, IP, kept for laurel:accessLogRetentionDays), and CloudFront metrics count cache hits.',
  },
  {
    rule: /^AwsSolutions-CFR4$/,
    where: /^Laurel\/Public\/Cdn\/Distribution\/Resource$/,
    reason:
      'Reported only without a custom domain: *.cloudfront.net uses the certificate CloudFront chooses, which allows TLS 1.0. A deployable configuration has a domain (the rule ' +
      'LaurelRefusesDeployment), and then the distribution requires TLSv1.2_2021.',
  },
  {
    rule: /^AwsSolutions-CFR1$/,
    where: /^Laurel\/Public\/Cdn\/Distribution\/Resource$/,
    reason: 'Employers verify credentials from anywhere: no geographic restriction.',
  },
  {
    rule: /^AwsSolutions-CFR[134]$/,
    where: CONSOLE_DISTRIBUTION,
    reason:
      'The staff console is static files (no personal data; every call goes to the admin API, which logs access): no standard logs (CFR3) and no geographic restriction, ' +
      "since staff travel (CFR1). CFR4 is reported only without laurel:consoleDomainName: *.cloudfront.net allows TLS 1.0; with the domain the distribution requires TLSv1.2_2021 (README, Deploy).",
  },
  {
    rule: /^AwsSolutions-CFR2$/,
    where: CONSOLE_DISTRIBUTION,
    reason:
      "Only the console's build is behind it: a web ACL would guard files anyone may read. What it calls, the admin API, is behind the JWT authorizer and the stage's throttling.",
  },
  {
    rule: new RegExp(
      `^(AwsSolutions-IAM4\\[Policy::arn:${PARTITION}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\\]|AwsSolutions-IAM5\\[.*\\]|Serverless-LambdaTracing|AwsSolutions-L1|Serverless-LambdaLatestVersion|Serverless-LambdaDLQ)$`,
    ),
    where: CDK_BUCKET_DEPLOYMENT,
    reason:
      "CDK's own provider function for BucketDeployment, which runs during deployment only: it reads the console's build from the CDK assets bucket and writes it to the console's bucket " +
      '(read the one asset prefix, write and delete in that bucket alone); CDK sets its role, runtime and memory.',
  },
  {
    rule: /^AwsSolutions-COG1$/,
    where: /^LaurelData\/Staff\/UserPool\/Resource$/,
    reason:
      'At least 12 characters and no composition rules, as NIST SP 800-63B (5.1.1.2) advises; a second factor (TOTP) is required of every staff member.',
  },
  {
    rule: /^AwsSolutions-COG8$/,
    where: /^LaurelData\/Staff\/UserPool\/Resource$/,
    reason:
      "The Plus feature plan (threat protection) is priced per active user; MFA is required, and an institution can turn the plan on in the pool's settings. Noted in the README, Security.",
  },
  {
    rule: new RegExp(
      `^(AwsSolutions-IAM4\\[Policy::arn:${PARTITION}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\\]|Serverless-LambdaDefaultMemorySize|Serverless-LambdaTracing|AwsSolutions-L1|Serverless-LambdaLatestVersion|Serverless-LambdaDLQ)$`,
    ),
    where: CDK_CUSTOM_RESOURCE,
    reason:
      "CDK's own provider function for AwsCustomResource, which reads the web ACL ARN from us-east-1 during deployment only (ssm:GetParameter on that one parameter); CDK sets its role, runtime and memory.",
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::\*\]$/,
    where: FUNCTION_POLICY,
    reason:
      'X-Ray trace writes (xray:PutTraceSegments, xray:PutTelemetryRecords) take no resource, and kms:CreateKey has none before the key exists (allowed only with the deployment\'s tag). ' +
      'test/infra/template.test.ts fails any other action allowed on "*".',
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::\*\]$/,
    where: STATE_MACHINE_POLICY,
    reason:
      'Step Functions writes its execution log through CloudWatch Logs log delivery (logs:CreateLogDelivery and the like) and traces through X-Ray: neither takes a resource. ' +
      'test/infra/template.test.ts fails any other action allowed on "*".',
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::.*:ExportsOutputFnGetAttArtifactsBucket[0-9A-F]+Arn[0-9A-F]+\/(credentials|evidence|images|batches)\/\*\]$/,
    where: new RegExp(`${FUNCTION_POLICY.source}|${STATE_MACHINE_POLICY.source}`),
    reason:
      "Objects under one prefix of the artifact bucket (keys are made at run time: credentials/<id>…); the finest grant S3 allows. ListBucket comes only with that prefix's s3:prefix condition.",
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::.*:ExportsOutputFnGetAttArchiveBucket[0-9A-F]+Arn[0-9A-F]+\/(audit-anchors|status-lists|keys)\/\*\]$/,
    where: FUNCTION_POLICY,
    reason:
      'Objects under one prefix of the Object Lock archive, named at run time (an audit trail\'s next anchor, a status list\'s next version, a key\'s next state): s3:PutObject ' +
      '(and, for the audit writer, reading its own anchors back), never a delete or a retention change (test/infra/template.test.ts).',
  },
  {
    rule: /^AwsSolutions-IAM5\[Action::kms:(GenerateDataKey|ReEncrypt)\*\]$/,
    where: FUNCTION_POLICY,
    reason:
      "CDK's write grant on a table encrypted with the customer-managed data key: the GenerateDataKey and ReEncrypt families DynamoDB calls on the writer's behalf, " +
      "on the data key's ARN alone (test/infra/template.test.ts, 'personal data at rest').",
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::.*:ExportsOutputFnGetAttDataTable[0-9A-F]+Arn[0-9A-F]+\/index\/\*\]$/,
    where: FUNCTION_POLICY,
    reason: "Queries on the table's own global secondary indexes (gsi1, gsi2, gsi3: shared/entities/keys.ts), which CDK's read grant names as index/*.",
  },
  {
    rule: new RegExp(`^AwsSolutions-IAM5\\[Resource::arn:${PARTITION}:kms:${REGION_ACCOUNT}:key/\\*\\]$`),
    where: FUNCTION_POLICY,
    reason:
      "Keys made at run time (rotation, new issuers) have no ARN at deploy time: access is attribute-based, only to keys with this deployment's aws:ResourceTag/laurel:stack, and kms:Sign only with Laurel's algorithms.",
  },
  {
    rule: new RegExp(`^AwsSolutions-IAM5\\[Resource::arn:${PARTITION}:states:${REGION_ACCOUNT}:execution:.*\\]$`),
    where: new RegExp(`${FUNCTION_POLICY.source}|${STATE_MACHINE_POLICY.source}`),
    reason: "Executions of this deployment's own state machine, named at run time: stopping one (cancel), and the Distributed Map's child runs.",
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::<(Issuance|Batches)[A-Za-z]+Fn[0-9A-F]+\.Arn>:\*\]$/,
    where: STATE_MACHINE_POLICY,
    reason: "A workflow invokes its own step functions and their versions (CDK's LambdaInvoke grant: the function's ARN and ARN:*), nothing else.",
  },
  {
    rule: /^(AwsSolutions-L1|Serverless-LambdaLatestVersion)$/,
    where: FUNCTION,
    reason: 'Pinned to Node.js 22: the runtime the bundles are built for (esbuild target node22) and tested on. Moving to a newer runtime is a deliberate upgrade, made with its tests.',
  },
  {
    rule: /^Serverless-LambdaDLQ$/,
    where: /^Laurel\/DeploymentKeys\/RegisterDeploymentKeysFn\/Resource$/,
    reason:
      'CloudFormation invokes it during deployment and waits for its response: a failure fails the deployment, in front of the operator, and a queue would help nobody.',
  },
  {
    rule: /^Serverless-LambdaDLQ$/,
    where: /^LaurelData\/Staff\/MapFederatedGroupsFn\/Resource$/,
    reason:
      'Cognito invokes the pre-token-generation trigger synchronously during a sign-in and waits for it: a failure fails that sign-in, in front of the person, who signs in again; there is no event to queue.',
  },
  {
    rule: /^Serverless-LambdaDLQ$/,
    where: /^Laurel\/OriginSecret\/RotateOriginSecretFn\/Resource$/,
    reason:
      'Secrets Manager invokes each rotation step and waits for its answer: a failure marks the rotation failed (DescribeSecret, CloudTrail RotationFailed) with nothing current changed, ' +
      'and Secrets Manager tries again; a queue would hold an event nobody could replay.',
  },
  {
    rule: /^Serverless-LambdaDLQ$/,
    where: FUNCTION,
    reason:
      'Invoked synchronously (API Gateway, Step Functions tasks, the SQS event source mapping): a failure returns to the caller, which retries or records it. ' +
      'A dead-letter queue serves asynchronous invocations only; the functions invoked so (SES feedback and pathways, by EventBridge) have one.',
  },
  {
    rule: /^AwsSolutions-SF1$/,
    where: /^Laurel\/(Issuance|Batches)\/StateMachine\/Resource$/,
    reason:
      "Logging ALL would write each state's input and output (learners' names and email addresses) to CloudWatch Logs. The workflows log ERROR without execution data; the audit trail records each step.",
  },
  {
    rule: /^Serverless-LambdaEventSourceMappingDestination$/,
    where: /^Laurel\/Batches\/SendQueuedEmailFn\/SqsEventSource:[A-Za-z0-9]+\/Resource$/,
    reason: "An SQS event source mapping takes no on-failure destination (Kafka and streams do): the email queue's redrive policy moves a failing message to EmailDeadLetters.",
  },
  {
    rule: /^Serverless-LambdaEventSourceMappingDestination$/,
    where: /^Laurel\/Admin\/Integrations\/Webhooks\/DeliverWebhooksFn\/SqsEventSource:[A-Za-z0-9]+\/Resource$/,
    reason: "An SQS event source mapping takes no on-failure destination: the delivery queue's redrive policy moves a message Laurel failed on to QueueDeadLetters.",
  },
  {
    rule: /^Serverless-LambdaEventSourceMappingDestination$/,
    where: /^Laurel\/Admin\/Integrations\/CanvasLiveEvents\/ConsumeFn\/SqsEventSource:[A-Za-z0-9]+\/Resource$/,
    reason: "An SQS event source mapping takes no on-failure destination: the Canvas queue's redrive policy moves a message no source could take, after five receives, to its DeadLetters.",
  },
  {
    rule: /^Serverless-SNSRedrivePolicy$/,
    where: /^Laurel\/Operations\/Alarms\/Topic\/[^/]+\/Resource$/,
    reason:
      "The alarm topic's email subscription (laurel:alarmEmail). A dead-letter queue for it would hold alarm notifications SNS could not email, and could only " +
      "alarm through the same topic to the same address; each alarm's state and history stay in CloudWatch whatever became of its email.",
  },
  {
    rule: /^Serverless-SQSRedrivePolicy$/,
    where: /^Laurel\/(Issuance\/FeedbackDeadLetters|Batches\/EmailDeadLetters|Admin\/Achievements\/PathwayAwards\/DeadLetters|Lifecycle\/Reminders\/DeadLetters|Admin\/Integrations\/Webhooks\/(FanOut|Queue)DeadLetters|Admin\/Integrations\/CanvasLiveEvents\/DeadLetters|Admin\/Integrations\/CompletionEvents\/DeadLetters)\/Resource$/,
    reason: 'These are the dead-letter queues: their messages stay 14 days, for inspection and redrive.',
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::<RemindersSendDueRemindersFn[0-9A-F]+\.Arn>:\*\]$/,
    where: /^Laurel\/Lifecycle\/SchedulerRoleForTarget-[0-9a-f]+\/DefaultPolicy\/Resource$/,
    reason: "The daily schedule's role invokes the reminder sweep and its versions (the Scheduler target's grant: the function's ARN and ARN:*), nothing else.",
  },
];
