import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DomainError, UnprocessableContentError, ValidationError } from '../errors';

/** RFC 9457 problem details; every error the APIs return has this shape. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: { path: string; message: string }[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const slug = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, '-');

export function problemResponse(problem: Problem): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: problem.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store' },
    body: JSON.stringify(problem),
  };
}

/**
 * The one place where errors become HTTP. Domain errors keep their message; anything else is
 * a bug, answered with the request id only (the logger has the rest).
 */
export function toProblem(error: unknown, requestId: string, instance?: string): Problem {
  if (error instanceof DomainError) {
    return {
      type: `https://laurel.dev/problems/${slug(error.title)}`,
      title: error.title,
      status: error.status,
      detail: error.message,
      ...(instance ? { instance } : {}),
      requestId,
      ...((error instanceof ValidationError || error instanceof UnprocessableContentError) && error.errors.length ? { errors: error.errors } : {}),
    };
  }
  return {
    type: 'about:blank',
    title: 'Internal Server Error',
    status: 500,
    detail: `Something went wrong on our side. Quote request id ${requestId} when reporting it.`,
    requestId,
  };
}
