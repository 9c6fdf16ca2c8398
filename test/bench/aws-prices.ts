/**
 * AWS list prices, us-east-1, on-demand, without free tiers — what bench:cohort multiplies its
 * measured counts by. Checked 2026-11-22 against the public pricing pages of each service;
 * update the date with the figures.
 */
export const PRICES = {
  date: '2026-11-22',
  region: 'us-east-1',
  /** Standard workflows: per state transition ($0.025 per 1,000). */
  standardTransition: 0.025 / 1000,
  /** Express workflows: per request ($1.00 per million), and per GB-second (first tier), billed in 64 MB and 100 ms steps. */
  expressRequest: 1.0 / 1e6,
  expressGbSecond: 0.00001667,
  expressMemoryGb: 64 / 1024,
  /** Lambda, arm64: per request ($0.20 per million) and per GB-second (first tier). */
  lambdaRequest: 0.2 / 1e6,
  lambdaGbSecondArm: 0.0000133334,
  /** DynamoDB on demand: per write request unit ($0.625 per million) and read request unit ($0.125 per million). */
  dynamoWrite: 0.625 / 1e6,
  dynamoRead: 0.125 / 1e6,
  /** KMS: asymmetric requests (Sign), $0.15 per 10,000; a request of any other kind, $0.03 per 10,000. */
  kmsAsymmetric: 0.15 / 10_000,
  kmsOther: 0.03 / 10_000,
  /** S3 Standard: PUT/COPY/POST/LIST per 1,000 ($0.005), GET and others per 1,000 ($0.0004); storage per GB-month. */
  s3Put: 0.005 / 1000,
  s3Get: 0.0004 / 1000,
  s3GbMonth: 0.023,
  /** SES: per outbound email ($0.10 per 1,000). */
  sesEmail: 0.1 / 1000,
  /** SQS standard queue: per request ($0.40 per million; each 64 KB chunk of a request counts as one). */
  sqsRequest: 0.4 / 1e6,
  /** EventBridge: per custom event put ($1.00 per million). */
  eventBridgeEvent: 1.0 / 1e6,
} as const;
