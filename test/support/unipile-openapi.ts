// Checks one HTTP exchange with Unipile (or the sandbox) against the copy of Unipile's published
// OpenAPI reference in test/fixtures/unipile-openapi: the request's path, query and body against
// the operation's parameters and requestBody, the answer against the schema of its status code.
// Written against the reference, not the sandbox, so a test using it cannot agree with the
// sandbox by construction.
import { readFileSync } from "node:fs";
import { JsonSchemaValidator } from "./json-schema.js";

type Schema = Record<string, unknown>;

interface Parameter {
  name: string;
  in: "query" | "path" | "header";
  required?: boolean;
  schema: Schema;
}

interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}

export interface Exchange {
  method: string;
  /** The path without the query, e.g. /api/v1/chats/abc/messages */
  path: string;
  query: URLSearchParams;
  contentType: string;
  body: Buffer;
  status: number;
  /** The parsed JSON answer. */
  answer: unknown;
}

const FIXTURE = new URL("../fixtures/unipile-openapi/unipile-api-v1.operations.json", import.meta.url);
const reference = JSON.parse(readFileSync(FIXTURE, "utf8")) as {
  paths: Record<string, Record<string, Operation>>;
};

/** Templates with fewer parameters first, so /users/relations wins over /users/{identifier}. */
const TEMPLATES = Object.keys(reference.paths)
  .map((template) => ({
    template,
    names: [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
    regex: new RegExp(`^${template.replace(/\{\w+\}/g, "([^/]+)")}$`),
  }))
  .sort((a, b) => a.names.length - b.names.length);

export interface FoundOperation {
  template: string;
  operation: Operation;
  pathParams: Record<string, string>;
}

export function findOperation(method: string, path: string): FoundOperation | undefined {
  for (const { template, names, regex } of TEMPLATES) {
    const operation = reference.paths[template]?.[method.toLowerCase()];
    const match = regex.exec(path);
    if (!operation || !match) continue;
    const pathParams = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
    return { template, operation, pathParams };
  }
  return undefined;
}

/** Every operation of the copy, as "METHOD /template". */
export function referenceOperations(): Array<{ method: string; template: string; operation: Operation }> {
  return Object.entries(reference.paths).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      template,
      operation,
    })),
  );
}

function schemaErrors(schema: Schema, value: unknown, at: string): string[] {
  return new JsonSchemaValidator({ schema })
    .validate("schema", value)
    .map((error) => `${at}${error.path === "/" ? "" : error.path}: ${error.message}`);
}

/** A query or form value as the schema's type reads it (the wire only carries strings). */
function coerce(raw: string, schema: Schema): unknown {
  if (schema.type === "integer" || schema.type === "number")
    return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  if (schema.type === "boolean") return raw === "true" ? true : raw === "false" ? false : raw;
  return raw;
}

/** What is wrong with the request, per the reference; empty when it conforms. */
export async function requestErrors(exchange: Exchange): Promise<string[]> {
  const found = findOperation(exchange.method, exchange.path);
  if (!found) return [`${exchange.method} ${exchange.path} is not an operation of the reference`];
  const { operation, pathParams } = found;
  const errors: string[] = [];
  for (const parameter of operation.parameters ?? []) {
    if (parameter.in === "path") {
      errors.push(...schemaErrors(parameter.schema, pathParams[parameter.name], `path ${parameter.name}`));
      continue;
    }
    if (parameter.in !== "query") continue;
    const raw = exchange.query.get(parameter.name);
    if (raw === null) {
      if (parameter.required) errors.push(`query ${parameter.name}: required`);
      continue;
    }
    errors.push(...schemaErrors(parameter.schema, coerce(raw, parameter.schema), `query ${parameter.name}`));
  }
  if (operation.requestBody) errors.push(...(await bodyErrors(operation.requestBody, exchange)));
  return errors;
}

async function bodyErrors(requestBody: NonNullable<Operation["requestBody"]>, exchange: Exchange) {
  const media = exchange.contentType.split(";")[0]!.trim().toLowerCase();
  const declared = requestBody.content[media];
  if (!declared)
    return [`body: ${media || "no content type"} is not accepted (${Object.keys(requestBody.content)})`];
  if (media === "application/json") {
    let json: unknown;
    try {
      json = JSON.parse(exchange.body.toString("utf8"));
    } catch {
      return ["body: not JSON"];
    }
    return schemaErrors(declared.schema, json, "body");
  }
  const form = await new Response(exchange.body, {
    headers: { "content-type": exchange.contentType },
  }).formData();
  return schemaErrors(declared.schema, formAsObject(form, declared.schema), "body");
}

/** Multipart fields as the schema describes them: repeated fields as arrays, `a[b]` as a.b. */
function formAsObject(form: FormData, schema: Schema): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const object: Record<string, unknown> = {};
  for (const name of new Set(form.keys())) {
    const values = form
      .getAll(name)
      .map((value) => (typeof value === "string" ? value : `[file ${value.name}]`));
    const nested = /^(\w+)\[(\w+)\]$/.exec(name);
    if (nested) {
      const [, outer, inner] = nested as unknown as [string, string, string];
      const group = (object[outer] ?? {}) as Record<string, unknown>;
      group[inner] = coerce(values[0]!, nestedSchema(properties[outer], inner));
      object[outer] = group;
      continue;
    }
    const property = properties[name] ?? {};
    object[name] = property.type === "array" ? values : coerce(values[0]!, property);
  }
  return object;
}

/** The schema of `outer[inner]` in any branch of `outer` that declares it. */
function nestedSchema(outer: Schema | undefined, inner: string): Schema {
  const branches = (outer?.anyOf as Schema[] | undefined) ?? (outer ? [outer] : []);
  for (const branch of branches) {
    const property = (branch.properties as Record<string, Schema> | undefined)?.[inner];
    if (property) return property;
  }
  return {};
}

/** What is wrong with the answer, per the reference; empty when it conforms. */
export function answerErrors(exchange: Exchange): string[] {
  const found = findOperation(exchange.method, exchange.path);
  if (!found) return [`${exchange.method} ${exchange.path} is not an operation of the reference`];
  const response = found.operation.responses[String(exchange.status)] ?? undocumentedRefusal(exchange.status);
  if (!response) return [`status ${exchange.status} is not documented for ${found.operation.operationId}`];
  const schema = response.content?.["application/json"]?.schema;
  if (!schema) return [];
  return schemaErrors(schema, exchange.answer, `answer ${exchange.status}`);
}

/**
 * Unipile checks every request against its schema before the operation runs, and answers 400
 * `errors/invalid_parameters` also where the operation lists no 400 (GET /users/{identifier} in
 * unipile/unipile-node-sdk issue #18). Such an answer is checked against the reference's shared
 * 400 body (BadRequestResponse), the same on every operation that lists one.
 */
function undocumentedRefusal(status: number): Operation["responses"][string] | undefined {
  if (status !== 400) return undefined;
  for (const { operation } of referenceOperations()) {
    const response = operation.responses["400"];
    if (response) return response;
  }
  return undefined;
}
