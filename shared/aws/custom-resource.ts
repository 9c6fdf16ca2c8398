import * as z from '../zod';
import { built } from '../built';
import { redactEmails } from '../domain/redact';

/**
 * CloudFormation's custom resource protocol, for a Lambda function CloudFormation invokes
 * directly: the event it sends, and the response the function must PUT to the event's
 * presigned ResponseURL. Without a response CloudFormation waits an hour, so the wrapper answers
 * whatever happens: SUCCESS with the work's result, FAILED with a short reason.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref.html
 */
export const customResourceEvent = /* @__PURE__ */ built(() =>
  z.object({
    RequestType: z.enum(['Create', 'Update', 'Delete']),
    ResponseURL: z.url({ protocol: /^https?$/ }),
    StackId: z.string().check(z.maxLength(2048)),
    RequestId: z.string().check(z.maxLength(256)),
    LogicalResourceId: z.string().check(z.maxLength(256)),
    PhysicalResourceId: z.optional(z.string().check(z.maxLength(1024))),
    ResourceType: z.string().check(z.maxLength(256)),
    ResourceProperties: z.record(z.string(), z.unknown()),
  }),
);
export type CustomResourceEvent = z.infer<typeof customResourceEvent>;

export interface CustomResourceResult {
  /** Stays the same across updates unless the resource is replaced (CloudFormation then deletes the old id). */
  physicalResourceId: string;
  /** Attributes for Fn::GetAtt; CloudFormation takes at most 4 KB. */
  data?: Record<string, string>;
}

export interface CustomResourceResponse {
  Status: 'SUCCESS' | 'FAILED';
  Reason?: string;
  PhysicalResourceId: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  Data?: Record<string, string>;
}

/** Sends the response: a PUT of JSON with an empty content type (the URL's signature covers none). */
export type Respond = (url: string, response: CustomResourceResponse) => Promise<void>;

export const putResponse: Respond = async (url, response) => {
  const body = JSON.stringify(response);
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(url, { method: 'PUT', headers: { 'content-type': '' }, body, signal: AbortSignal.timeout(10_000) }).catch((e: unknown) => e as Error);
    if (!(res instanceof Error) && res.ok) return;
    if (attempt === 3) throw new Error(`CloudFormation's response URL refused the response: ${res instanceof Error ? res.message : res.status}`);
    await new Promise((r) => setTimeout(r, 500 * attempt));
  }
};

/**
 * A handler for one custom resource type. `work` does what the resource means; on Delete it
 * receives the event too (a resource that leaves data behind on purpose does nothing then).
 */
export function customResourceHandler(work: (event: CustomResourceEvent) => Promise<CustomResourceResult>, respond: Respond = putResponse) {
  return async (raw: unknown): Promise<CustomResourceResponse> => {
    const parsed = customResourceEvent.safeParse(raw);
    if (!parsed.success) throw new Error(`not a CloudFormation custom resource event: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const event = parsed.data;
    const base = { StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId };
    let response: CustomResourceResponse;
    try {
      const result = await work(event);
      response = { ...base, Status: 'SUCCESS', PhysicalResourceId: result.physicalResourceId, ...(result.data ? { Data: result.data } : {}) };
    } catch (e) {
      // A failed Create has no physical id yet; CloudFormation needs one all the same.
      const reason = redactEmails(e instanceof Error ? `${e.name}: ${e.message}` : String(e)).slice(0, 1000);
      response = { ...base, Status: 'FAILED', Reason: reason, PhysicalResourceId: event.PhysicalResourceId ?? `${event.LogicalResourceId}-failed` };
    }
    await respond(event.ResponseURL, response);
    return response;
  };
}
