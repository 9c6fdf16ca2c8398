import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError } from '../errors';
import { Oid4vciError, type Oid4vciErrorCode } from '../use-cases/oid4vci';
import type { HttpResult } from './http-handler';
import { toProblem } from './problem';

/**
 * The OpenID4VCI endpoints' side of HTTP (functions/learner/*oid4vci*, create-credential-nonce):
 * their bodies are read here rather than by httpHandler's schemas, so that a malformed request is
 * refused in OAuth 2.0's form too, and every refusal is one JSON object that both kinds of client
 * read — OAuth's `error` and `error_description` (RFC 6749 §5.2, OpenID4VCI §8.3.1.2) beside RFC
 * 9457's `type`, `title`, `status` and `detail`. Never cached.
 */

type Event = Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded' | 'headers'>;

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

const bodyText = (event: Event, maxBytes: number, tooLarge: Oid4vciErrorCode): string => {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > maxBytes) throw new Oid4vciError(tooLarge, `The request body is larger than ${maxBytes} bytes.`);
  return text;
};

const mediaType = (event: Event) => (event.headers?.['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();

/** A token request's form (application/x-www-form-urlencoded); a parameter sent twice is refused (RFC 6749 §3.2). */
export function oauthForm(event: Event, maxBytes = 4096): Record<string, string> {
  const type = mediaType(event);
  if (type !== 'application/x-www-form-urlencoded') {
    throw new Oid4vciError('invalid_request', `Send the token request as application/x-www-form-urlencoded, not ${type || 'no content type'}.`);
  }
  const fields: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(bodyText(event, maxBytes, 'invalid_request'))) {
    if (Object.hasOwn(fields, name)) throw new Oid4vciError('invalid_request', `The parameter ${JSON.stringify(name.slice(0, 40))} is sent more than once.`);
    fields[name] = value;
  }
  return fields;
}

/** A credential request's JSON body. */
export function oauthJson(event: Event, maxBytes: number): unknown {
  const type = mediaType(event);
  if (type !== 'application/json') throw new Oid4vciError('invalid_credential_request', `Send the credential request as application/json, not ${type || 'no content type'}.`);
  const text = bodyText(event, maxBytes, 'invalid_credential_request');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Oid4vciError('invalid_credential_request', `The credential request is not JSON: ${(e as Error).message}`);
  }
}

/** A success: JSON, never cached (tokens, nonces, credentials). */
export const oauthAnswer = (body: unknown): HttpResult => ({ status: 200, body, headers: NO_STORE });

/**
 * A refusal in both forms. A domain error that is not an Oid4vciError keeps its status and gets
 * the nearest OAuth code; anything else is rethrown (httpHandler answers it as a 500 problem).
 * invalid_token adds WWW-Authenticate (RFC 6750 §3): without an error code when no token was sent.
 */
export function oauthRefusal(error: unknown, requestId: string, instance: string): HttpResult {
  if (!(error instanceof DomainError)) throw error;
  const code: Oid4vciErrorCode = error instanceof Oid4vciError ? error.error : error.status === 401 ? 'invalid_token' : 'invalid_request';
  const problem = toProblem(error, requestId, instance);
  const challenge: Record<string, string> = code === 'invalid_token' ? { 'www-authenticate': error instanceof Oid4vciError && error.tokenMissing ? 'Bearer' : 'Bearer error="invalid_token"' } : {};
  return { status: problem.status, body: { error: code, error_description: error.message, ...problem }, headers: { ...NO_STORE, ...challenge } };
}
