// Every error of the REST API is one shape, RFC 9457 "Problem Details" (application/problem+json):
// a stable `type` (a URI under /api/v1/problems/, one per kind of error), the HTTP status, a
// title, a sentence for people (`detail`) and, when one field is at fault, its name (`field`,
// a JSON path such as `prospects[3].linkedin_url`); a validation error lists every field.
import type { ServerResponse } from "node:http";

export const PROBLEM_KINDS = {
  "malformed-json": { status: 400, title: "The body is not valid JSON" },
  "bad-request": { status: 400, title: "The request is not understood" },
  unauthorized: { status: 401, title: "A valid API key is needed" },
  forbidden: { status: 403, title: "The API key's scope does not allow this" },
  "not-found": { status: 404, title: "No such resource in this workspace" },
  "method-not-allowed": { status: 405, title: "The resource does not accept this method" },
  conflict: { status: 409, title: "The resource's state does not allow this" },
  "idempotency-key-reused": { status: 409, title: "The Idempotency-Key was used with a different request" },
  "payload-too-large": { status: 413, title: "The body is too large" },
  "unsupported-media-type": { status: 415, title: "The body must be application/json" },
  validation: { status: 422, title: "The request has invalid fields" },
  "rate-limited": { status: 429, title: "Too many requests for this API key" },
  "service-unavailable": { status: 503, title: "Busy, try again" },
  internal: { status: 500, title: "Internal error" },
} as const;

export type ProblemKind = keyof typeof PROBLEM_KINDS;

export interface FieldError {
  field: string;
  message: string;
}

export const problemType = (kind: ProblemKind) => `/api/v1/problems/${kind}`;

export class ApiProblem extends Error {
  constructor(
    readonly kind: ProblemKind,
    readonly detail: string,
    readonly options: { field?: string; errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
  }

  get status(): number {
    return PROBLEM_KINDS[this.kind].status;
  }

  body(instance: string): Record<string, unknown> {
    return {
      type: problemType(this.kind),
      title: PROBLEM_KINDS[this.kind].title,
      status: this.status,
      detail: this.detail,
      instance,
      ...(this.options.field !== undefined ? { field: this.options.field } : {}),
      ...(this.options.errors ? { errors: this.options.errors } : {}),
    };
  }
}

export function sendProblem(res: ServerResponse, problem: ApiProblem, instance: string, extraHeaders: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(problem.status, {
    "content-type": "application/problem+json; charset=utf-8",
    ...problem.options.headers,
    ...extraHeaders,
  });
  res.end(JSON.stringify(problem.body(instance)));
}
