import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { CredentialRepository } from '../entities/credential';
import type { IssuerKeyRepository } from '../entities/issuer-key';
import { NotFoundError } from '../errors';
import { loadIssuer, type IssuerRepository } from '../entities/issuer';
import { issuerProfileDocument, keyDocument, publicUrls, type IssuerSettings } from '../issuer';

export interface PublicDeps {
  credentials: Pick<CredentialRepository, 'get'>;
  keys: Pick<IssuerKeyRepository, 'get' | 'list'>;
  issuers: Pick<IssuerRepository, 'get'>;
  s3: Pick<S3Client, 'send'>;
  bucketName: string;
  publicBaseUrl: string;
  issuer: IssuerSettings;
}

/** The signed credential exactly as stored (the bytes that were hashed at Store). */
export async function getCredentialDocument(deps: Pick<PublicDeps, 'credentials' | 's3' | 'bucketName'>, id: string): Promise<string> {
  const record = await deps.credentials.get(id);
  if (!record) throw new NotFoundError(`No credential with id '${id}'.`);
  const object = await deps.s3.send(new GetObjectCommand({ Bucket: deps.bucketName, Key: record.artifact.key }));
  return object.Body!.transformToString();
}

export async function getIssuerProfile(deps: Pick<PublicDeps, 'keys' | 'issuers' | 'publicBaseUrl' | 'issuer'>, issuerId: string) {
  const issuer = await loadIssuer({ issuers: deps.issuers, defaultIssuer: deps.issuer }, issuerId);
  if (!issuer) throw new NotFoundError(`No issuer '${issuerId}'.`);
  return issuerProfileDocument(publicUrls(deps.publicBaseUrl), issuer, await deps.keys.list(issuerId));
}

export async function getIssuerKey(deps: Pick<PublicDeps, 'keys' | 'publicBaseUrl'>, issuerId: string, keyId: string) {
  const key = await deps.keys.get(issuerId, keyId);
  // A compromised key is still served, marked `revoked`, so verifiers can say why they refuse.
  if (!key) throw new NotFoundError(`No key '${keyId}' for issuer '${issuerId}'.`);
  return keyDocument(publicUrls(deps.publicBaseUrl), key);
}
