// The sanitiser that every boundary uses: what it removes, what it keeps, how it cuts, and how
// deep JSON may nest.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cleanJson,
  cleanText,
  clipText,
  jsonTextMayNeedCleaning,
  MAX_JSON_DEPTH,
  QUOTE_CHARACTERS,
  quoted,
} from "../src/safe-text.js";

// Text with every kind of trouble mixed into ordinary and astral characters.
const hostile = fc
  .array(
    fc.oneof(
      fc.string({ unit: "binary" }),
      fc.constantFrom("\u0000", "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "😀", "\uD83D", "\uDE00", "é"),
    ),
  )
  .map((pieces) => pieces.join(""));

/** True when the text holds no lone surrogate: encodeURIComponent throws on one. */
function wellFormed(text: string): boolean {
  try {
    encodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

const codePoints = (text: string) => Array.from(text).length;

describe("cleanText", () => {
  it("removes NUL and lone surrogates and keeps pairs and everything else", () => {
    expect(cleanText("a\u0000b")).toBe("ab");
    expect(cleanText("x\uD800y\uDC00z")).toBe("xyz");
    expect(cleanText("\uDE00\uD83D")).toBe("");
    expect(cleanText("hi 😀 zoë\n\t")).toBe("hi 😀 zoë\n\t");
  });

  it("always gives well-formed text without NUL, and is idempotent", () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const clean = cleanText(text);
        expect(clean.includes("\u0000")).toBe(false);
        expect(wellFormed(clean)).toBe(true);
        expect(cleanText(clean)).toBe(clean);
      }),
    );
  });

  it("leaves well-formed text without NUL exactly as it was", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        fc.pre(!text.includes("\u0000"));
        expect(cleanText(text)).toBe(text);
      }),
    );
  });
});

describe("clipText and quoted", () => {
  it("keeps short text, and cuts long text to the limit with an ellipsis", () => {
    expect(clipText("abc", 3)).toBe("abc");
    expect(clipText("abcd", 3)).toBe("ab…");
    expect(clipText("😀😀😀", 3)).toBe("😀😀😀");
    expect(clipText("😀😀😀😀", 3)).toBe("😀😀…");
  });

  it("never exceeds the limit in characters and never splits a surrogate pair", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.integer({ min: 1, max: 40 }), (text, max) => {
        fc.pre(wellFormed(text));
        const clipped = clipText(text, max);
        expect(codePoints(clipped)).toBeLessThanOrEqual(max);
        expect(wellFormed(clipped)).toBe(true);
        if (codePoints(text) <= max) expect(clipped).toBe(text);
        else expect(text.startsWith(clipped.slice(0, -1)) && clipped.endsWith("…")).toBe(true);
      }),
    );
  });

  it("quotes at most about 100 characters of a hostile value, clean", () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const quote = quoted(text);
        expect(codePoints(quote)).toBeLessThanOrEqual(QUOTE_CHARACTERS);
        expect(wellFormed(quote) && !quote.includes("\u0000")).toBe(true);
      }),
    );
    expect(quoted(`\u0000${"a".repeat(5000)}`)).toBe(`${"a".repeat(QUOTE_CHARACTERS - 1)}…`);
  });
});

describe("cleanJson", () => {
  it("cleans every string and key, keeps other values, and keeps __proto__ as data", () => {
    const parsed = JSON.parse('{"a\\u0000":["x\\u0000y","\\ud800",1,true,null,{"__proto__":"p"}]}');
    const result = cleanJson(parsed);
    expect(result.ok).toBe(true);
    expect(JSON.stringify(result.ok && result.value)).toBe('{"a":["xy","",1,true,null,{"__proto__":"p"}]}');
  });

  it("gives JSON without NUL escapes or lone surrogates for any parsed value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), hostile, (value, extra) => {
        const result = cleanJson({ value, [extra]: extra });
        expect(result.ok).toBe(true);
        const text = JSON.stringify(result.ok ? result.value : null);
        expect(text.includes("\\u0000")).toBe(false);
        expect(/\\ud[89a-f]/i.test(text.replace(/\\ud[89ab][0-9a-f]{2}\\ud[c-f][0-9a-f]{2}/gi, ""))).toBe(false);
      }),
    );
  });

  it("is needed only when the JSON text has an escape that could be unsafe", () => {
    fc.assert(
      fc.property(fc.jsonValue(), hostile, (value, extra) => {
        const text = JSON.stringify({ value, extra });
        const parsed = JSON.parse(text);
        const result = cleanJson(parsed);
        if (!jsonTextMayNeedCleaning(text)) expect(result).toEqual({ ok: true, value: parsed });
      }),
    );
    expect(jsonTextMayNeedCleaning('{"a":"x\\u0000"}')).toBe(true);
    expect(jsonTextMayNeedCleaning('{"a":"\\uDC00"}')).toBe(true);
    expect(jsonTextMayNeedCleaning('{"a":"\\u00e9 😀"}')).toBe(false);
  });

  it(`accepts ${MAX_JSON_DEPTH} levels of nesting and refuses one more, even 100,000`, () => {
    const nested = (depth: number) => JSON.parse(`${"[".repeat(depth)}${"]".repeat(depth)}`);
    expect(cleanJson(nested(MAX_JSON_DEPTH)).ok).toBe(true);
    expect(cleanJson(nested(MAX_JSON_DEPTH + 1))).toEqual({ ok: false, reason: `nested more than ${MAX_JSON_DEPTH} levels deep` });
    expect(cleanJson(nested(100_000)).ok).toBe(false);
  });
});
