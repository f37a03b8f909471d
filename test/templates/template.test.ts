import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  characterCount,
  parseTemplate,
  renderTemplate,
  STANDARD_FIELDS,
  validateTemplate,
} from "../../src/templates/template.js";

describe("parseTemplate", () => {
  it.each([
    ["Hello", { parts: [{ kind: "text", text: "Hello" }], errors: [] }],
    ["", { parts: [], errors: [] }],
    [
      "Hi {first_name}!",
      {
        parts: [
          { kind: "text", text: "Hi " },
          { kind: "field", name: "first_name", fallback: null, raw: "{first_name}" },
          { kind: "text", text: "!" },
        ],
        errors: [],
      },
    ],
    [
      "{first_name|there}",
      {
        parts: [{ kind: "field", name: "first_name", fallback: "there", raw: "{first_name|there}" }],
        errors: [],
      },
    ],
    [
      "{first_name|my friend}",
      {
        parts: [{ kind: "field", name: "first_name", fallback: "my friend", raw: "{first_name|my friend}" }],
        errors: [],
      },
    ],
    [
      "{ first_name | my friend }",
      {
        parts: [
          { kind: "field", name: "first_name", fallback: "my friend", raw: "{ first_name | my friend }" },
        ],
        errors: [],
      },
    ],
    [
      "{{first_name}}",
      { parts: [{ kind: "field", name: "first_name", fallback: null, raw: "{{first_name}}" }], errors: [] },
    ],
    [
      "{{ first_name|there }}",
      {
        parts: [{ kind: "field", name: "first_name", fallback: "there", raw: "{{ first_name|there }}" }],
        errors: [],
      },
    ],
    [
      "{First Name}{COMPANY_NAME}",
      {
        parts: [
          { kind: "field", name: "first_name", fallback: null, raw: "{First Name}" },
          { kind: "field", name: "company_name", fallback: null, raw: "{COMPANY_NAME}" },
        ],
        errors: [],
      },
    ],
    [
      "{Favourite Color}",
      {
        parts: [{ kind: "field", name: "favourite_color", fallback: null, raw: "{Favourite Color}" }],
        errors: [],
      },
    ],
    [
      "Hi {first_name",
      {
        parts: [{ kind: "text", text: "Hi {first_name" }],
        errors: ['"{" at character 4 is never closed'],
      },
    ],
    [
      "Hi first_name}",
      { parts: [{ kind: "text", text: "Hi first_name}" }], errors: ['Unmatched "}" at character 14'] },
    ],
    [
      "{first_name {last_name}",
      {
        parts: [
          { kind: "text", text: "{first_name " },
          { kind: "field", name: "last_name", fallback: null, raw: "{last_name}" },
        ],
        errors: ['"{" at character 1 is never closed'],
      },
    ],
    [
      "{{first_name}",
      {
        parts: [{ kind: "text", text: "{{first_name}" }],
        errors: ["Placeholder {{first_name} at character 1 has mismatched braces: write {name}"],
      },
    ],
    [
      "{{{first_name}}}",
      {
        parts: [{ kind: "text", text: "{{{first_name}}}" }],
        errors: ["Placeholder {{{first_name}}} at character 1 has mismatched braces: write {name}"],
      },
    ],
    [
      "{}",
      { parts: [{ kind: "text", text: "{}" }], errors: ["Placeholder {} at character 1 has no field name"] },
    ],
    [
      "{|there}",
      {
        parts: [{ kind: "text", text: "{|there}" }],
        errors: ["Placeholder {|there} at character 1 has no field name"],
      },
    ],
    [
      "{first_name|}",
      {
        parts: [{ kind: "text", text: "{first_name|}" }],
        errors: [
          "Placeholder {first_name|} at character 1 has an empty fallback: write {first_name|text} or {first_name}",
        ],
      },
    ],
    [
      "{Hi|Hello|Hey} there",
      {
        parts: [{ kind: "text", text: "{Hi|Hello|Hey} there" }],
        errors: [
          'Placeholder {Hi|Hello|Hey} at character 1 has more than one "|" (spintax is not supported)',
        ],
      },
    ],
    [
      "👋 {first_name",
      { parts: [{ kind: "text", text: "👋 {first_name" }], errors: ['"{" at character 3 is never closed'] },
    ],
  ])("%j", (text, expected) => {
    expect(parseTemplate(text)).toEqual(expected);
  });
});

describe("validateTemplate", () => {
  const known = "first_name, last_name, company_name, title";

  it.each([
    ["Hi {first_name}, how is {company_name}?", [], []],
    ["Hi {first_name|there}, {title} at {company_name}", [], []],
    ["Hi {{first_name}} {{ last_name }}", [], []],
    ["Your favourite colour is {favourite_color}", ["Favourite Color"], []],
    ["Your favourite colour is {Favourite Color}", ["favourite_color"], []],
    ["", [], ["The message is empty"]],
    ["  \n ", [], ["The message is empty"]],
    ["Hi {compnay}", [], [`Unknown placeholder {compnay} — known: ${known}`]],
    ["Hi {compnay} {compnay}", [], [`Unknown placeholder {compnay} — known: ${known}`]],
    ["Hi {company}", ["notes"], [`Unknown placeholder {company} — known: ${known}, notes`]],
    ["{first_name} {city", [], ['"{" at character 14 is never closed']],
    ["Hi }", [], ['Unmatched "}" at character 4']],
    [
      "Hi {first_name} {{first_name}",
      [],
      ["Placeholder {{first_name} at character 17 has mismatched braces: write {name}"],
    ],
  ])("%j with custom fields %j", (text, customFields, errors) => {
    expect(validateTemplate(text, customFields)).toEqual(errors);
  });
});

describe("renderTemplate", () => {
  const jane = { first_name: "Jane", last_name: "Doe", company_name: "Acme", title: null };

  it.each([
    ["Hi {first_name}!", jane, { ok: true, text: "Hi Jane!" }],
    ["Hi {{first_name}} {{ last_name }}", jane, { ok: true, text: "Hi Jane Doe" }],
    ["Hi {First Name} from {COMPANY_NAME}", jane, { ok: true, text: "Hi Jane from Acme" }],
    ["Hi {first_name|there}", { first_name: "" }, { ok: true, text: "Hi there" }],
    ["Hi {first_name|there}", { first_name: "   " }, { ok: true, text: "Hi there" }],
    ["Hi {first_name|there}", {}, { ok: true, text: "Hi there" }],
    ["Hi {first_name|there}", { first_name: "Jane" }, { ok: true, text: "Hi Jane" }],
    ["Hi {first_name}", { first_name: "  Jane  " }, { ok: true, text: "Hi Jane" }],
    ["As a {title}", jane, { ok: false, missing: ["title"] }],
    ["{first_name} {x} {title} {x}", jane, { ok: false, missing: ["x", "title"] }],
    ["Hi {first_name}", { first_name: undefined }, { ok: false, missing: ["first_name"] }],
    ["Hi {first_name}", { first_name: "" }, { ok: false, missing: ["first_name"] }],
    ["Likes {favourite_color}", { "Favourite Color": "blue" }, { ok: true, text: "Likes blue" }],
    [
      "Hi {first_name}",
      { first_name: "{last_name}", last_name: "Doe" },
      { ok: true, text: "Hi {last_name}" },
    ],
    [
      "Hi {first_name} {last_name}",
      { first_name: "{{last_name}}", last_name: "{first_name}" },
      { ok: true, text: "Hi {{last_name}} {first_name}" },
    ],
    ["Hi {first_name|{last_name}}", jane, "throws"],
    ["No placeholders", {}, { ok: true, text: "No placeholders" }],
  ] as const)("%j with %j", (text, values, expected) => {
    if (expected === "throws") {
      expect(() => renderTemplate(text, values)).toThrow("Cannot render an invalid template");
    } else {
      expect(renderTemplate(text, values)).toEqual(expected);
    }
  });
});

// Custom columns named like Object.prototype's members are fields like any other (issue 10).
describe("placeholders named like Object.prototype's members", () => {
  const template = "{constructor} {__proto__} {toString} {hasOwnProperty}";

  it("are known when the CSV has those columns, and unknown otherwise", () => {
    expect(validateTemplate(template, ["constructor", "__proto__", "toString", "hasOwnProperty"])).toEqual([]);
    expect(validateTemplate("Hi {constructor}", [])).toEqual([
      "Unknown placeholder {constructor} — known: first_name, last_name, company_name, title",
    ]);
  });

  it("render from custom fields as stored (JSON with own keys), and are missing when absent", () => {
    const stored = JSON.parse('{"constructor":"c","proto":"p","tostring":"t","hasownproperty":"h"}');
    expect(renderTemplate(template, stored)).toEqual({ ok: true, text: "c p t h" });
    expect(renderTemplate(template, {})).toEqual({
      ok: false,
      missing: ["constructor", "proto", "tostring", "hasownproperty"],
    });
  });
});

describe("characterCount", () => {
  it.each([
    ["", 0],
    ["Hello", 5],
    ["Zoë", 3],
    ["Zoe\u0308", 4],
    ["李明", 2],
    ["👋🏽", 2],
    ["Hi 👋", 4],
    ["a\r\nb", 4],
  ])("%j has %i characters", (text, count) => {
    expect(characterCount(text)).toBe(count);
  });
});

describe("rendering, by property", () => {
  const fieldNames = [...STANDARD_FIELDS, "favourite_color"];
  const name = fc.constantFrom(...fieldNames);
  const plainText = fc.string().map((text) => text.replace(/[{}]/g, ""));
  const fallback = fc.option(
    plainText.map((text) => text.replace(/\|/g, "").trim()).filter((text) => text !== ""),
    { nil: null },
  );
  const placeholder = fc
    .record({ name, fallback, doubled: fc.boolean(), spaced: fc.boolean() })
    .map(({ name, fallback, doubled, spaced }) => {
      const body = spaced ? ` ${name} ` : name;
      const inner = fallback === null ? body : `${body}|${fallback}`;
      return { text: doubled ? `{{${inner}}}` : `{${inner}}`, name, fallback };
    });
  const segment = fc.oneof(
    plainText.map((text) => ({ text, name: null, fallback: null })),
    placeholder,
  );
  // Values may themselves look like placeholders: they must come out exactly as they went in.
  const value = fc.option(
    fc.oneof(
      fc.string(),
      name.map((field) => `{${field}}`),
      name.map((field) => `{{${field}}}`),
    ),
    { nil: undefined },
  );
  const values = fc.record(Object.fromEntries(fieldNames.map((field) => [field, value])), {
    requiredKeys: [],
  });

  it("renders exactly the text and values, never a leftover placeholder", () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), values, (segments, given) => {
        const template = segments.map((segment) => segment.text).join("");
        expect(
          validateTemplate(template, ["favourite_color"]).filter((error) => error !== "The message is empty"),
        ).toEqual([]);

        let expectedText = "";
        const missing: string[] = [];
        for (const segment of segments) {
          if (segment.name === null) {
            expectedText += segment.text;
            continue;
          }
          const provided = given[segment.name]?.trim();
          if (provided) expectedText += provided;
          else if (segment.fallback !== null) expectedText += segment.fallback;
          else if (!missing.includes(segment.name)) missing.push(segment.name);
        }

        const result = renderTemplate(template, given);
        expect(result).toEqual(
          missing.length > 0 ? { ok: false, missing } : { ok: true, text: expectedText },
        );
      }),
    );
  });

  it("leaves no braces at all when no value contains one", () => {
    fc.assert(
      fc.property(
        fc.array(segment, { maxLength: 8 }),
        fc.record(Object.fromEntries(fieldNames.map((field) => [field, plainText])), { requiredKeys: [] }),
        (segments, given) => {
          const result = renderTemplate(segments.map((segment) => segment.text).join(""), given);
          if (result.ok) expect(result.text).not.toMatch(/[{}]/);
        },
      ),
    );
  });

  it("leaves a known placeholder in the output only where a value brought it", () => {
    // Text and fallbacks here hold no braces, so every brace in the output must come from a value.
    const braces = (text: string) => text.match(/[{}]/g)?.length ?? 0;
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), values, (segments, given) => {
        const result = renderTemplate(segments.map((segment) => segment.text).join(""), given);
        if (!result.ok) return;
        const bracesFromValues = segments
          .map((segment) => (segment.name === null ? 0 : braces(given[segment.name]?.trim() ?? "")))
          .reduce((sum, count) => sum + count, 0);
        expect(braces(result.text)).toBe(bracesFromValues);
      }),
    );
  });
});
