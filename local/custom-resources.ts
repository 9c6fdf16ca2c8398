import { CreateBucketCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { presignedUrl } from '../shared/aws/presign';
import type { CustomResourceResponse } from '../shared/aws/custom-resource';
import type { LambdaRuntime } from './lambda-runtime';
import type { NameTable } from './provision';
import type { LocalTemplate } from './read-template';
import { LOCAL_CREDENTIALS, type StandIns } from './stand-ins';
import { LOCAL_ACCOUNT, LOCAL_REGION, resolve } from './template';

/** Where the functions PUT their responses, as CloudFormation's presigned S3 URLs have them do. */
const RESPONSES_BUCKET = 'laurel-local-cloudformation-responses';

/**
 * The local cloud's deployment step: runs the template's custom resources as CloudFormation
 * does on a stack's creation. Each function gets a Create event with a presigned S3 URL (on the S3
 * stand-in) to PUT its response to; the response must say SUCCESS, or the cloud does not start,
 * as a failed custom resource rolls a stack back. Only custom resources of our own functions
 * run here: others (CDK's, behind settings the local cloud turns off) are refused by name.
 */
export async function runCustomResources(t: LocalTemplate, s: StandIns, names: NameTable, runtime: LambdaRuntime): Promise<void> {
  const custom = Object.entries(t.template.Resources).filter(([, r]) => r.Type.startsWith('Custom::') || r.Type === 'AWS::CloudFormation::CustomResource');
  if (custom.length === 0) return;
  await s.s3.send(new CreateBucketCommand({ Bucket: RESPONSES_BUCKET }));
  for (const [id, resource] of custom) {
    const properties = resolve(resource.Properties ?? {}, names) as Record<string, unknown>;
    const functionId = /:function:([^:]+)$/.exec(String(properties.ServiceToken))?.[1];
    if (!functionId || !runtime.has(functionId)) throw new Error(`custom resource ${id}: its service token ${String(properties.ServiceToken)} is not one of the local functions`);
    // A failed Create rolls a stack back, and its operator deploys again: so does the local cloud,
    // up to three times (a cloud started with injected faults can fail one for a transient reason).
    let response: CustomResourceResponse | undefined;
    for (let attempt = 1; attempt <= 3 && response?.Status !== 'SUCCESS'; attempt++) {
      response = await createOnce(s, runtime, functionId, id, resource.Type, properties);
    }
    if (response!.Status !== 'SUCCESS') throw new Error(`custom resource ${id} failed: ${response!.Reason ?? 'no reason given'}`);
    names.set(id, response!.PhysicalResourceId, response!.Data ?? {});
  }
}

/** One Create request, as CloudFormation sends it, and the response the function PUT to its URL. */
async function createOnce(s: StandIns, runtime: LambdaRuntime, functionId: string, id: string, type: string, properties: Record<string, unknown>): Promise<CustomResourceResponse> {
  const key = `${id}/${randomUUID()}`;
  const responseUrl = await presignedUrl(
    { method: 'PUT', bucket: RESPONSES_BUCKET, key, expiresIn: 7200 },
    { region: LOCAL_REGION, endpoint: s.url(s.direct.s3), forcePathStyle: true, credentials: LOCAL_CREDENTIALS },
  );
  await runtime.invoke(functionId, {
    RequestType: 'Create',
    ResponseURL: responseUrl,
    StackId: `arn:aws:cloudformation:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stack/Laurel/local`,
    RequestId: randomUUID(),
    LogicalResourceId: id,
    ResourceType: type,
    ResourceProperties: properties,
  });
  const stored = await s.s3.send(new GetObjectCommand({ Bucket: RESPONSES_BUCKET, Key: key }));
  return JSON.parse(await stored.Body!.transformToString()) as CustomResourceResponse;
}
