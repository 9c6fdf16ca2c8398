import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { dnsSuffix, Sha256 } from './sigv4';

/**
 * Presigned S3 URLs (SigV4, query-string auth) without the S3 client. A function that only hands
 * out upload and download links otherwise bundles @aws-sdk/client-s3 and the presigner for it:
 * about 140 KB of its bundle and every operation's schema built at cold start, for one
 * signature. @smithy/signature-v4 is the SDK's own signer (the presigner calls it too); this
 * module builds the request the presigner would sign: the same host and path (virtual-hosted or
 * path-style, AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL, AWS_S3_FORCE_PATH_STYLE as
 * shared/aws/s3.ts reads it), the same query (`x-id`, `X-Amz-Content-Sha256: UNSIGNED-PAYLOAD`)
 * and the same signed headers, with credentials from the SDK's default chain.
 * test/unit/presign.test.ts checks the URLs are the presigner's, byte for byte.
 *
 * One difference, on purpose: no flexible checksum. The presigner of an S3 client left at its
 * default (`requestChecksumCalculation: WHEN_SUPPORTED`) signs `x-amz-checksum-crc32=AAAAAA==`
 * into an upload URL, the CRC32 of the empty body it had, which the file then uploaded does not
 * have; S3's documentation says presigned URLs do not support these checksums. The URLs here are
 * what the presigner signs with `requestChecksumCalculation` and `responseChecksumValidation`
 * set to WHEN_REQUIRED.
 */
export interface PresignedUrlRequest {
  method: 'GET' | 'PUT';
  bucket: string;
  key: string;
  /** Seconds the URL is valid, at most 7 days. */
  expiresIn: number;
  /** Headers signed into the URL, which whoever uses it must send as they are (e.g. content-type and content-length of an upload). */
  headers?: Record<string, string>;
}

export interface PresignSettings {
  /** Default: AWS_REGION. */
  region?: string;
  /** Default: AWS_ENDPOINT_URL_S3, then AWS_ENDPOINT_URL (as the SDK reads them), else S3's regional endpoint. */
  endpoint?: string;
  /** Default: AWS_S3_FORCE_PATH_STYLE=true (the local stand-in for S3 needs path-style URLs). */
  forcePathStyle?: boolean;
  /** Default: the SDK's default credential chain. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Default: now. */
  signingDate?: Date;
}

const OPERATION = { GET: 'GetObject', PUT: 'PutObject' } as const;
const MAX_EXPIRES_IN = 7 * 24 * 60 * 60;

/** encodeURIComponent, and the characters it leaves that RFC 3986 reserves (the SDK's extendedEncodeURIComponent). */
const escape = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);


/** S3's rule for a bucket name usable as a host label (the SDK's isVirtualHostableS3Bucket, no dots: a certificate covers one label). */
const virtualHostable = (bucket: string) => /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket);

const isIp = (host: string) => /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.startsWith('[');

let chain: AwsCredentialIdentityProvider | undefined;

/** Where one object lives: S3's regional endpoint, or AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL; virtual-hosted or path-style. */
export interface ObjectAddress {
  region: string;
  protocol: string;
  hostname: string;
  port: number | undefined;
  /** The escaped path, the key's slashes kept. */
  path: string;
}

/** The address of one object, as the S3 client resolves it (its endpoint and path-style settings, read as shared/aws/s3.ts reads them). */
export function objectAddress(bucket: string, key: string, settings: Pick<PresignSettings, 'region' | 'endpoint' | 'forcePathStyle'> = {}): ObjectAddress {
  const region = settings.region ?? process.env.AWS_REGION;
  if (!region) throw new Error('S3: no region (AWS_REGION)');
  if (process.env.AWS_USE_FIPS_ENDPOINT === 'true' || process.env.AWS_USE_DUALSTACK_ENDPOINT === 'true') {
    throw new Error('S3: FIPS and dual-stack endpoints are not supported');
  }
  const configured = process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true' ? undefined : (process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL);
  const endpoint = new URL(settings.endpoint ?? configured ?? `https://s3.${region}.${dnsSuffix(region)}`);
  const forcePathStyle = settings.forcePathStyle ?? process.env.AWS_S3_FORCE_PATH_STYLE === 'true';

  // The key's segments are escaped one by one, its slashes kept (S3's greedy {Key+} label).
  const escapedKey = key.split('/').map(escape).join('/');
  let basePath = endpoint.pathname;
  while (basePath.endsWith('/')) basePath = basePath.slice(0, -1);
  const pathStyle = forcePathStyle || isIp(endpoint.hostname) || !virtualHostable(bucket);
  return {
    region,
    protocol: endpoint.protocol,
    hostname: pathStyle ? endpoint.hostname : `${bucket}.${endpoint.hostname}`,
    path: pathStyle ? `${basePath}/${bucket}/${escapedKey}` : `${basePath}/${escapedKey}`,
    port: endpoint.port ? Number(endpoint.port) : undefined,
  };
}

/** S3's SigV4 signer for a region, with credentials from the settings or the SDK's default chain. */
export const s3Signer = (region: string, credentials?: PresignSettings['credentials']) =>
  new SignatureV4({ service: 's3', region, sha256: Sha256, credentials: credentials ?? (chain ??= defaultProvider()), uriEscapePath: false, applyChecksum: false });

/** A presigned URL for one object: GET to download it, PUT to upload it. */
export async function presignedUrl(request: PresignedUrlRequest, settings: PresignSettings = {}): Promise<string> {
  const { method, bucket, key, expiresIn } = request;
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_EXPIRES_IN) throw new RangeError(`presignedUrl: expiresIn must be 1 to ${MAX_EXPIRES_IN} seconds, not ${expiresIn}`);
  const { region, protocol, hostname, port, path } = objectAddress(bucket, key, settings);

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  const signable = new Set(Object.keys(headers));
  // As the presigner does: payload unsigned, server-side encryption headers kept as headers.
  const unhoistable = new Set([...signable].filter((h) => h.startsWith('x-amz-server-side-encryption')));
  headers['X-Amz-Content-Sha256'] = 'UNSIGNED-PAYLOAD';
  headers.host = `${hostname}${port !== undefined ? `:${port}` : ''}`;

  const signer = s3Signer(region, settings.credentials);
  const signed = await signer.presign(
    { method, protocol, hostname, port, path, query: { 'x-id': OPERATION[method] }, headers },
    { expiresIn, signingDate: settings.signingDate ?? new Date(), signableHeaders: signable, unsignableHeaders: new Set(['content-type']), unhoistableHeaders: unhoistable },
  );
  const signedQuery = signed.query ?? {};
  const query = Object.keys(signedQuery)
    .sort()
    .map((name) => `${escape(name)}=${escape(String(signedQuery[name]))}`)
    .join('&');
  return `${signed.protocol}//${signed.hostname}${signed.port !== undefined ? `:${signed.port}` : ''}${signed.path}?${query}`;
}
