// The one place that knows what a placeholder looks like (lesson 17: SAM replaced `{x}` and
// `{{x}}` in separate passes, in the wrong order, and sent "{John}").
//
//   {first_name}          a field
//   {first_name|there}    a field with fallback text (spaces allowed; no braces, no second |)
//   { first_name }        spaces inside the braces are ignored
//   {{first_name}}        the same field: users paste merge tags from other tools. Double braces
//                         never mean a literal brace; templates have no way to write one.
//   {First Name}          names are compared after normalizeFieldName, so this is first_name
//
// Anything else with a brace is an error; the span is kept as text so the parts always cover the
// whole input.
import { normalizeFieldName } from "../prospects/field-names.js";

export type TemplatePart =
  | { kind: "text"; text: string }
  | { kind: "field"; name: string; fallback: string | null; raw: string };

export interface ParsedTemplate {
  parts: TemplatePart[];
  errors: string[];
}

const BRACE = /[{}]/g;

export function parseTemplate(text: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  const errors: string[] = [];
  const addText = (piece: string) => {
    if (piece === "") return;
    const last = parts.at(-1);
    if (last?.kind === "text") last.text += piece;
    else parts.push({ kind: "text", text: piece });
  };

  let position = 0;
  while (position < text.length) {
    BRACE.lastIndex = position;
    const brace = BRACE.exec(text);
    if (!brace) break;
    addText(text.slice(position, brace.index));
    const token = readPlaceholder(text, brace.index);
    if ("error" in token) {
      errors.push(token.error);
      addText(text.slice(brace.index, token.end));
    } else {
      parts.push(token.part);
    }
    position = token.end;
  }
  addText(text.slice(position));
  return { parts, errors };
}

type Token = { part: Extract<TemplatePart, { kind: "field" }>; end: number } | { error: string; end: number };

function readPlaceholder(text: string, start: number): Token {
  const at = `at character ${characterNumber(text, start)}`;
  if (text[start] === "}") return { error: `Unmatched "}" ${at}`, end: start + 1 };

  const opening = runLength(text, start, "{");
  BRACE.lastIndex = start + opening;
  const next = BRACE.exec(text);
  if (!next || next[0] === "{") {
    return { error: `"{" ${at} is never closed`, end: start + opening };
  }
  const closing = runLength(text, next.index, "}");
  const end = next.index + closing;
  const raw = text.slice(start, end);
  if (opening !== closing || opening > 2) {
    return { error: `Placeholder ${raw} ${at} has mismatched braces: write {name}`, end };
  }

  const body = text.slice(start + opening, next.index);
  const [namePart = "", fallbackPart, ...more] = body.split("|");
  const name = normalizeFieldName(namePart);
  if (name === "") return { error: `Placeholder ${raw} ${at} has no field name`, end };
  if (more.length > 0) {
    return { error: `Placeholder ${raw} ${at} has more than one "|" (spintax is not supported)`, end };
  }
  const fallback = fallbackPart === undefined ? null : fallbackPart.trim();
  if (fallback === "") {
    return {
      error: `Placeholder ${raw} ${at} has an empty fallback: write {${name}|text} or {${name}}`,
      end,
    };
  }
  return { part: { kind: "field", name, fallback, raw }, end };
}

function runLength(text: string, start: number, character: string): number {
  let end = start;
  while (text[end] === character) end++;
  return end - start;
}

// Counted in code points, like characterCount, so an emoji earlier in the text does not shift it.
function characterNumber(text: string, index: number): number {
  return [...text.slice(0, index)].length + 1;
}
