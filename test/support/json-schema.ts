// A small JSON Schema (draft-07) validator, enough for Slack's app manifest schema
// (test/fixtures/slack-manifest-schema) and for the schemas of Unipile's OpenAPI 3.0 reference
// (test/fixtures/unipile-openapi), whose dialect adds `nullable` and `x-` extensions. The project
// has no schema library, and two tests do not justify a new dependency. A keyword it does not
// know makes it throw rather than pass silently, so a schema update that needs more is noticed,
// never ignored.
type Schema = Record<string, unknown> | boolean;

/** Keywords that only describe (draft-07 annotations, and Slack's own non-standard notes). */
const ANNOTATIONS = new Set([
  "$schema",
  "$id",
  "$comment",
  "title",
  "description",
  "default",
  "examples",
  // Slack's schema writes these; draft-07 ignores unknown keywords, so do we, by name.
  "requires",
  "regex",
  "_note",
  // "format" is an annotation by default in draft-07 (validation is optional).
  "format",
  // OpenAPI 3.0 annotations.
  "example",
]);

export interface SchemaError {
  path: string;
  message: string;
}

export class JsonSchemaValidator {
  /** `documents` maps each $ref URL (without fragment) to its schema, so no network is needed. */
  constructor(private readonly documents: Record<string, Record<string, unknown>>) {}

  validate(rootUrl: string, value: unknown): SchemaError[] {
    const root = this.documents[rootUrl];
    if (!root) throw new Error(`no schema for ${rootUrl}`);
    const errors: SchemaError[] = [];
    this.check(root, root, value, "", errors);
    return errors;
  }

  private resolve(ref: string, base: Record<string, unknown>): { schema: Schema; base: Record<string, unknown> } {
    const [url, fragment = ""] = ref.split("#");
    const document = url ? this.documents[url] : base;
    if (!document) throw new Error(`unresolved $ref ${ref}`);
    let node: unknown = document;
    for (const part of fragment.split("/").filter(Boolean)) {
      node = (node as Record<string, unknown>)[decodeURIComponent(part).replace(/~1/g, "/").replace(/~0/g, "~")];
      if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
    }
    return { schema: node as Schema, base: document };
  }

  private check(schema: Schema, base: Record<string, unknown>, value: unknown, path: string, errors: SchemaError[]) {
    if (schema === true) return;
    if (schema === false) {
      errors.push({ path, message: "not allowed" });
      return;
    }
    const fail = (message: string) => errors.push({ path: path || "/", message });
    // OpenAPI 3.0: `nullable: true` lets null through `type` and `enum`.
    if (value === null && schema.nullable === true) return;
    for (const [keyword, rule] of Object.entries(schema)) {
      if (ANNOTATIONS.has(keyword) || keyword === "definitions" || keyword.startsWith("x-")) continue;
      switch (keyword) {
        case "nullable":
          break;
        case "minimum":
          if (typeof value === "number" && value < (rule as number)) fail(`less than ${rule}`);
          break;
        case "maximum":
          if (typeof value === "number" && value > (rule as number)) fail(`greater than ${rule}`);
          break;
        case "$ref": {
          const target = this.resolve(rule as string, base);
          this.check(target.schema, target.base, value, path, errors);
          break;
        }
        case "type": {
          const types = Array.isArray(rule) ? (rule as string[]) : [rule as string];
          if (!types.some((type) => hasType(value, type))) fail(`must be ${types.join(" or ")}`);
          break;
        }
        case "enum":
          if (!(rule as unknown[]).some((option) => JSON.stringify(option) === JSON.stringify(value)))
            fail(`must be one of ${JSON.stringify(rule)}`);
          break;
        case "const":
          if (JSON.stringify(rule) !== JSON.stringify(value)) fail(`must be ${JSON.stringify(rule)}`);
          break;
        case "minLength":
          if (typeof value === "string" && [...value].length < (rule as number)) fail(`shorter than ${rule}`);
          break;
        case "maxLength":
          if (typeof value === "string" && [...value].length > (rule as number)) fail(`longer than ${rule}`);
          break;
        case "pattern":
          if (typeof value === "string" && !new RegExp(rule as string, "u").test(value)) fail(`must match ${rule}`);
          break;
        case "minItems":
          if (Array.isArray(value) && value.length < (rule as number)) fail(`fewer than ${rule} items`);
          break;
        case "maxItems":
          if (Array.isArray(value) && value.length > (rule as number)) fail(`more than ${rule} items`);
          break;
        case "uniqueItems":
          if (rule === true && Array.isArray(value)) {
            const seen = value.map((item) => JSON.stringify(item));
            if (new Set(seen).size !== seen.length) fail("items must be unique");
          }
          break;
        case "items":
          if (Array.isArray(value)) {
            value.forEach((item, index) => {
              const itemSchema = Array.isArray(rule) ? (rule[index] ?? true) : (rule as Schema);
              this.check(itemSchema, base, item, `${path}/${index}`, errors);
            });
          }
          break;
        case "required":
          if (isObject(value)) {
            for (const key of rule as string[]) if (!(key in value)) fail(`must have ${key}`);
          }
          break;
        case "minProperties":
          if (isObject(value) && Object.keys(value).length < (rule as number)) fail(`fewer than ${rule} properties`);
          break;
        case "maxProperties":
          if (isObject(value) && Object.keys(value).length > (rule as number)) fail(`more than ${rule} properties`);
          break;
        case "properties":
        case "patternProperties":
          // Checked together with additionalProperties below.
          break;
        case "additionalProperties":
          break;
        case "allOf":
          for (const part of rule as Schema[]) this.check(part, base, value, path, errors);
          break;
        case "anyOf":
        case "oneOf": {
          const outcomes = (rule as Schema[]).map((part) => {
            const inner: SchemaError[] = [];
            this.check(part, base, value, path, inner);
            return inner;
          });
          const passing = outcomes.filter((inner) => inner.length === 0).length;
          if (keyword === "anyOf" ? passing === 0 : passing !== 1)
            fail(`must match ${keyword === "anyOf" ? "at least one" : "exactly one"} schema of ${keyword} (${passing} do)`);
          // When none fits, the closest one (fewest errors) most likely is the one meant: say why.
          if (passing === 0) errors.push(...outcomes.reduce((a, b) => (b.length < a.length ? b : a)));
          break;
        }
        case "not": {
          const inner: SchemaError[] = [];
          this.check(rule as Schema, base, value, path, inner);
          if (inner.length === 0) fail("must not match the schema under not");
          break;
        }
        default:
          throw new Error(`json-schema.ts does not implement the keyword "${keyword}" (at ${path || "/"})`);
      }
    }
    if (isObject(value)) this.checkProperties(schema, base, value, path, errors);
  }

  private checkProperties(
    schema: Record<string, unknown>,
    base: Record<string, unknown>,
    value: Record<string, unknown>,
    path: string,
    errors: SchemaError[],
  ) {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const patterns = Object.entries((schema.patternProperties ?? {}) as Record<string, Schema>);
    for (const [key, item] of Object.entries(value)) {
      let matched = false;
      if (key in properties) {
        matched = true;
        this.check(properties[key]!, base, item, `${path}/${key}`, errors);
      }
      for (const [pattern, patternSchema] of patterns) {
        if (new RegExp(pattern, "u").test(key)) {
          matched = true;
          this.check(patternSchema, base, item, `${path}/${key}`, errors);
        }
      }
      if (!matched && "additionalProperties" in schema) {
        const extra = schema.additionalProperties as Schema;
        if (extra === false) errors.push({ path: `${path}/${key}`, message: "is not an allowed property" });
        else this.check(extra, base, item, `${path}/${key}`, errors);
      }
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "object":
      return isObject(value);
    case "array":
      return Array.isArray(value);
    case "string":
      return typeof value === "string";
    case "boolean":
      return typeof value === "boolean";
    case "null":
      return value === null;
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      return Number.isInteger(value);
    default:
      throw new Error(`unknown JSON Schema type ${type}`);
  }
}
