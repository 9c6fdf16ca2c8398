import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Stand-ins for the two services the origin secret talks to, enough of each for the calls
 * shared/aws/secrets-manager.ts and shared/aws/cloudfront.ts make, speaking their protocols
 * (Secrets Manager's JSON 1.1 with X-Amz-Target; CloudFront's REST XML with ETag and If-Match).
 * Each refuses a request without a SigV4 Authorization header for its service.
 */

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => resolve(body));
  });

/** The service a SigV4 Authorization header signs for, or undefined. */
const signedFor = (req: IncomingMessage) => /^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/[\w-]+\/([\w-]+)\/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/.exec(req.headers.authorization ?? '')?.[1];

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

interface Version {
  /** None yet: the version Secrets Manager stages AWSPENDING when a rotation starts, before createSecret writes it. */
  value?: string;
  stages: Set<string>;
}

export async function secretsManagerStandIn(secretArn: string, initial: string) {
  const versions = new Map<string, Version>([[randomUUID(), { value: initial, stages: new Set(['AWSCURRENT']) }]]);
  const calls: string[] = [];
  let rotationEnabled = true;
  const holder = (stage: string) => [...versions].find(([, v]) => v.stages.has(stage));
  const server = createServer(async (req, res) => {
    const body = await read(req);
    const answer = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(json));
    };
    const fail = (status: number, type: string, message: string) => answer(status, { __type: type, message });
    if (signedFor(req) !== 'secretsmanager') return fail(403, 'IncompleteSignatureException', 'not signed for secretsmanager');
    const operation = String(req.headers['x-amz-target'] ?? '').replace(/^secretsmanager\./, '');
    calls.push(operation);
    const input = JSON.parse(body) as { SecretId?: string; VersionId?: string; VersionStage?: string; ClientRequestToken?: string; SecretString?: string; VersionStages?: string[]; MoveToVersionId?: string; RemoveFromVersionId?: string };
    if (input.SecretId !== secretArn) return fail(400, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    switch (operation) {
      case 'GetSecretValue': {
        const found: [string, Version | undefined] | undefined = input.VersionId ? [input.VersionId, versions.get(input.VersionId)] : holder(input.VersionStage ?? 'AWSCURRENT');
        const [id, v] = found ?? [];
        if (!id || !v || v.value === undefined || (input.VersionStage && !v.stages.has(input.VersionStage))) return fail(400, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret value.");
        return answer(200, { ARN: secretArn, VersionId: id, SecretString: v.value, VersionStages: [...v.stages] });
      }
      case 'DescribeSecret':
        return answer(200, { ARN: secretArn, RotationEnabled: rotationEnabled, VersionIdsToStages: Object.fromEntries([...versions].map(([id, v]) => [id, [...v.stages]])) });
      case 'PutSecretValue': {
        const token = input.ClientRequestToken ?? randomUUID();
        const existing = versions.get(token);
        if (existing?.value !== undefined && existing.value !== input.SecretString) return fail(400, 'ResourceExistsException', 'a version with this id has another value');
        const stages = input.VersionStages ?? ['AWSCURRENT'];
        for (const stage of stages) for (const v of versions.values()) v.stages.delete(stage);
        versions.set(token, { ...(input.SecretString !== undefined ? { value: input.SecretString } : {}), stages: new Set(stages) });
        return answer(200, { ARN: secretArn, VersionId: token });
      }
      case 'UpdateSecretVersionStage': {
        const from = input.RemoveFromVersionId ? versions.get(input.RemoveFromVersionId) : undefined;
        const to = input.MoveToVersionId ? versions.get(input.MoveToVersionId) : undefined;
        const stage = input.VersionStage ?? '';
        if (!to || (input.RemoveFromVersionId && !from?.stages.has(stage))) return fail(400, 'InvalidParameterException', 'no such version or stage');
        from?.stages.delete(stage);
        // As Secrets Manager does: the version AWSCURRENT leaves becomes AWSPREVIOUS.
        if (stage === 'AWSCURRENT' && from) {
          for (const v of versions.values()) v.stages.delete('AWSPREVIOUS');
          from.stages.add('AWSPREVIOUS');
        }
        to.stages.add(stage);
        return answer(200, { ARN: secretArn });
      }
      default:
        return fail(400, 'UnknownOperationException', operation);
    }
  });
  const url = await listen(server);
  return {
    url,
    calls,
    versions,
    /** Starts a rotation as Secrets Manager does: a new version id staged AWSPENDING, with no value yet. */
    startRotation(): string {
      const token = randomUUID();
      for (const v of versions.values()) v.stages.delete('AWSPENDING');
      versions.set(token, { stages: new Set(['AWSPENDING']) });
      return token;
    },
    setRotationEnabled: (on: boolean) => (rotationEnabled = on),
    current: () => holder('AWSCURRENT')![1].value!,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A DistributionConfig as GetDistributionConfig answers it (abridged), with one API origin sending the header. */
export const distributionConfigXml = (headerValue: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<DistributionConfig xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><CallerReference>laurel-1</CallerReference><Aliases><Quantity>0</Quantity></Aliases><DefaultRootObject></DefaultRootObject><Origins><Quantity>1</Quantity><Items><Origin><Id>LaurelPublicCdnDistributionOrigin16BBCB3B1</Id><DomainName>abc123.execute-api.eu-west-1.amazonaws.com</DomainName><OriginPath></OriginPath><CustomHeaders><Quantity>1</Quantity><Items><OriginCustomHeader><HeaderName>x-laurel-origin</HeaderName><HeaderValue>${headerValue}</HeaderValue></OriginCustomHeader></Items></CustomHeaders><CustomOriginConfig><HTTPPort>80</HTTPPort><HTTPSPort>443</HTTPSPort><OriginProtocolPolicy>https-only</OriginProtocolPolicy><OriginSslProtocols><Quantity>1</Quantity><Items><SslProtocol>TLSv1.2</SslProtocol></Items></OriginSslProtocols><OriginReadTimeout>30</OriginReadTimeout><OriginKeepaliveTimeout>5</OriginKeepaliveTimeout></CustomOriginConfig><ConnectionAttempts>3</ConnectionAttempts><ConnectionTimeout>10</ConnectionTimeout></Origin></Items></Origins><Comment>Laurel public verification (Laurel)</Comment><Enabled>true</Enabled><WebACLId>arn:aws:wafv2:us-east-1:000000000000:global/webacl/laurel/abc</WebACLId><HttpVersion>http2and3</HttpVersion></DistributionConfig>`;

export async function cloudFrontStandIn(distributionId: string, xml: string) {
  const state = { xml, etag: 'E1', updates: 0 };
  const server = createServer(async (req, res) => {
    const body = await read(req);
    const fail = (status: number, code: string) => {
      res.writeHead(status, { 'content-type': 'text/xml' });
      res.end(`<?xml version="1.0"?><ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${code}</Message></Error></ErrorResponse>`);
    };
    if (signedFor(req) !== 'cloudfront') return fail(403, 'SignatureDoesNotMatch');
    if (req.url !== `/2020-05-31/distribution/${distributionId}/config`) return fail(404, 'NoSuchDistribution');
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/xml', etag: state.etag });
      return res.end(state.xml);
    }
    if (req.method === 'PUT') {
      if (req.headers['if-match'] !== state.etag) return fail(412, 'PreconditionFailed');
      state.xml = body;
      state.etag = `E${Number(state.etag.slice(1)) + 1}`;
      state.updates++;
      res.writeHead(200, { 'content-type': 'text/xml', etag: state.etag });
      return res.end(`<?xml version="1.0"?><Distribution><Id>${distributionId}</Id><Status>InProgress</Status></Distribution>`);
    }
    fail(405, 'MethodNotAllowed');
  });
  const url = await listen(server);
  return { url, state, close: () => new Promise<void>((r) => server.close(() => r())) };
}
