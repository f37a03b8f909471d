// JSON prospects read by the CSV import's own reader: the same rules, row numbers as indexes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ApiProblem } from "../../src/api/problem.js";
import { indexOfRow, readProspects } from "../../src/api/prospect-input.js";

const person = (id: string, extra: Record<string, unknown> = {}) => ({
  first_name: "Ann",
  last_name: "Lee",
  linkedin_url: `https://www.linkedin.com/in/${id}/`,
  ...extra,
});

describe("readProspects", () => {
  it("normalises URLs, finds duplicates and invalid rows, and reports them by array index", () => {
    const parsed = readProspects([
      person("ann-lee", { custom: { Plan: "pro" } }),
      { ...person("x"), linkedin_url: "http://uk.linkedin.com/in/ann-lee?trk=1" },
      { ...person("y"), first_name: "" },
      { ...person("z"), linkedin_url: "https://example.com/in/z" },
    ]);
    expect(parsed.rows.map((row) => [indexOfRow(row.row), row.publicIdentifier, row.custom.plan])).toEqual([[0, "ann-lee", "pro"]]);
    expect(parsed.duplicates.map((row) => [indexOfRow(row.row), indexOfRow(row.duplicateOfRow)])).toEqual([[1, 0]]);
    expect(parsed.invalid.map((row) => indexOfRow(row.row))).toEqual([2, 3]);
    expect(parsed.customFields).toEqual(["plan"]);
    expect(parsed.totalDataRows).toBe(4);
  });

  it("refuses a custom field that means a standard one, as the CSV header check does", () => {
    expect(() => readProspects([person("a", { custom: { "First Name": "x" } })])).toThrow(ApiProblem);
  });

  it("accounts for every prospect exactly once (kept, duplicate or invalid), at its own index", () => {
    const entry = fc.record({
      id: fc.constantFrom("a", "b", "c", "d"),
      first: fc.constantFrom("", "Ann"),
      url: fc.constantFrom("good", "bad"),
    });
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 40 }), (entries) => {
        const parsed = readProspects(
          entries.map((e) => ({
            first_name: e.first,
            last_name: "Lee",
            linkedin_url: e.url === "good" ? `https://www.linkedin.com/in/${e.id}/` : "not a url",
          })),
        );
        const indexes = [
          ...parsed.rows.map((row) => indexOfRow(row.row)),
          ...parsed.duplicates.map((row) => indexOfRow(row.row)),
          ...new Set(parsed.invalid.map((row) => indexOfRow(row.row))),
        ].sort((a, b) => a - b);
        expect(indexes).toEqual(entries.map((_, i) => i));
        expect(parsed.totalDataRows).toBe(entries.length);
      }),
    );
  });
});
