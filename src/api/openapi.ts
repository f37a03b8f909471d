// The OpenAPI 3.1 document, generated from the operations table and its zod schemas with zod 4's
// own z.toJSONSchema (draft 2020-12, OpenAPI 3.1's dialect): request bodies as the client may send
// them (io "input": fields with defaults are optional), responses as we send them.
import { z } from "zod";
import { OPERATIONS } from "./operations.js";
import { PROBLEM_KINDS, problemType } from "./problem.js";
import { API_RATE_LIMIT } from "./rate-limit.js";
import { MAX_API_BODY_BYTES, Problem } from "./schemas.js";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function componentSchemas(entries: Array<{ name: string; schema: z.ZodType }>, io: "input" | "output") {
  const registry = z.registry<{ id: string }>();
  for (const { name, schema } of entries) if (!registry.has(schema)) registry.add(schema, { id: name });
  const { schemas } = z.toJSONSchema(registry, { target: "draft-2020-12", io, uri: (id) => `#/components/schemas/${id}`, unrepresentable: "throw" });
  // Each generated schema carries its own $schema and $id; inside OpenAPI the document's dialect applies.
  return Object.fromEntries(
    Object.entries(schemas).map(([name, schema]) => {
      const { $schema: _s, $id: _i, ...rest } = schema as Record<string, unknown>;
      return [name, rest];
    }),
  );
}

const problemResponse = (status: number, description: string) => ({
  description,
  content: { "application/problem+json": { schema: ref("Problem") } },
  ...(status === 429
    ? { headers: { "Retry-After": { description: "Seconds to wait before the next request", schema: { type: "integer", minimum: 1 } } } }
    : {}),
});

const STATUS_TEXT: Record<number, string> = {
  400: "Malformed JSON",
  401: "No API key, or a wrong or revoked one",
  403: "A read key used for a write",
  404: "No such resource in this workspace",
  409: "The resource's state does not allow this, or the Idempotency-Key was used with another request",
  413: `Body larger than ${MAX_API_BODY_BYTES} bytes`,
  415: "Body not application/json",
  422: "Invalid fields (each named in `field` / `errors`)",
  429: "Rate limit exceeded",
  503: "The deployment cannot do this now (the detail says why, e.g. SECRETS_KEY not set for webhooks)",
};

export function openApiDocument(): Record<string, unknown> {
  const requests = OPERATIONS.flatMap((op) => (op.request ? [op.request] : []));
  const responses = [...OPERATIONS.map((op) => op.response), { name: "Problem", schema: Problem }];
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const pathParameters = [...op.path.matchAll(/\{(\w+)\}/g)].map((match) => ({
      name: match[1]!,
      in: "path",
      required: true,
      schema: match[1] === "entry_id" ? { type: "string", pattern: "^[0-9]+$" } : { type: "string", format: "uuid" },
    }));
    const write = op.method !== "GET";
    const statuses = [...new Set([401, 429, ...(write ? [403] : []), ...op.errors])].sort();
    const item = paths[`/api/v1${op.path}`] ?? {};
    paths[`/api/v1${op.path}`] = item;
    item[op.method.toLowerCase()] = {
      operationId: op.operationId,
      summary: op.summary,
      security: [{ apiKey: [] }],
      "x-required-scope": op.scope,
      parameters: [
        ...pathParameters,
        ...(op.query ?? []).map((query) => ({ name: query.name, in: "query", required: false, description: query.description, schema: query.schema })),
        ...(write
          ? [{
              name: "Idempotency-Key",
              in: "header",
              required: false,
              description: "Replays of the same key and body return the stored answer and change nothing; another body with the same key → 409",
              schema: { type: "string", minLength: 1, maxLength: 255 },
            }]
          : []),
      ],
      ...(op.request
        ? { requestBody: { required: true, content: { "application/json": { schema: ref(`${op.request.name}`) } } } }
        : {}),
      responses: {
        [String(op.response.status)]: { description: "OK", content: { "application/json": { schema: ref(op.response.name) } } },
        ...Object.fromEntries(statuses.map((status) => [String(status), problemResponse(status, STATUS_TEXT[status] ?? "Error")])),
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "SAM Campaigns API",
      version: "1.0.0",
      description:
        "LinkedIn outreach campaigns of one Slack workspace. Authenticate with `Authorization: Bearer sam_…` " +
        "(keys from `/sam api-keys create read|write`). Rate limit per key: " +
        `${API_RATE_LIMIT.perSecond} requests/s, bursts of ${API_RATE_LIMIT.burst}; 429 carries Retry-After. ` +
        "Errors are RFC 9457 problem documents; their `type` is one of: " +
        Object.keys(PROBLEM_KINDS).map((kind) => problemType(kind as keyof typeof PROBLEM_KINDS)).join(", ") +
        ".",
    },
    paths,
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "A workspace API key, sam_…" } },
      schemas: { ...componentSchemas(responses, "output"), ...componentSchemas(requests, "input") },
    },
  };
}
