import fc from "fast-check";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { toCsv } from "../../src/prospects/csv.js";

describe("toCsv", () => {
  it.each([
    [[["a", "b"]], "a,b\r\n"],
    [[["a"], ["b"]], "a\r\nb\r\n"],
    [
      [["with, comma", 'with "quote"', "line\nbreak", "cr\rhere"]],
      '"with, comma","with ""quote""","line\nbreak","cr\rhere"\r\n',
    ],
    [[["=1+1", "+1 555 0100", "-2", "@SUM(A1)"]], "'=1+1,'+1 555 0100,'-2,'@SUM(A1)\r\n"],
    [[["\tTab", "\rCR"]], "'\tTab,\"'\rCR\"\r\n"],
    [[['=HYPERLINK("http://evil.test","x")']], '"\'=HYPERLINK(""http://evil.test"",""x"")"\r\n'],
    [[["Zoë", "李", ""]], "Zoë,李,\r\n"],
    [[["safe=1", "a-b", "me@x"]], "safe=1,a-b,me@x\r\n"],
    [[], ""],
  ])("%j", (rows, csv) => {
    expect(toCsv(rows)).toBe(csv);
  });

  it("reads back as the same cells, with formula-like cells behind an apostrophe", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }),
        (rows) => {
          const readBack: string[][] = parse(toCsv(rows), { relax_column_count: true });
          const expected = rows.map((row) =>
            row.map((cell) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell)),
          );
          expect(readBack).toEqual(expected);
        },
      ),
    );
  });
});
