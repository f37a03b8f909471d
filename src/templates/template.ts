// Message templates: checked when a campaign is saved, rendered per prospect. Unknown
// placeholders are refused at save time so they are never discovered at send time, and a render
// that lacks a value fails rather than send "Hi {first_name}" or "Hi ," (lesson 17).
import { normalizeFieldName, STANDARD_FIELDS } from "../prospects/field-names.js";
import { parseTemplate } from "./tokenizer.js";

export { STANDARD_FIELDS } from "../prospects/field-names.js";
export { type ParsedTemplate, parseTemplate, type TemplatePart } from "./tokenizer.js";

export type RenderResult = { ok: true; text: string } | { ok: false; missing: string[] };

/** Every problem with the template, in order; an empty list means it can be saved. */
export function validateTemplate(text: string, knownFields: string[]): string[] {
  if (text.trim() === "") return ["The message is empty"];
  const { parts, errors } = parseTemplate(text);
  const known = [...new Set([...STANDARD_FIELDS, ...knownFields.map(normalizeFieldName)])];
  const reported = new Set<string>();
  for (const part of parts) {
    if (part.kind !== "field" || known.includes(part.name) || reported.has(part.name)) continue;
    reported.add(part.name);
    errors.push(`Unknown placeholder ${part.raw} — known: ${known.join(", ")}`);
  }
  return errors;
}

/**
 * Values are looked up by normalised name and inserted once, trimmed, as plain text: a first
 * name of "{last_name}" stays "{last_name}" in the message. A missing or blank value takes the
 * placeholder's fallback; without one the render fails and names every missing field. Nothing is
 * tidied up around a missing value (no collapsing of spaces): it is a failure, not an option.
 *
 * Throws for a template with syntax errors: templates are validated when saved, so that is a bug
 * in the caller, and throwing guarantees the text is never sent.
 */
export function renderTemplate(
  text: string,
  values: Record<string, string | null | undefined>,
): RenderResult {
  const { parts, errors } = parseTemplate(text);
  if (errors.length > 0) throw new Error(`Cannot render an invalid template: ${errors.join("; ")}`);

  const valueByName = new Map<string, string>();
  for (const [key, value] of Object.entries(values)) {
    const trimmed = value?.trim();
    if (trimmed) valueByName.set(normalizeFieldName(key), trimmed);
  }

  const missing = new Set<string>();
  let rendered = "";
  for (const part of parts) {
    if (part.kind === "text") {
      rendered += part.text;
      continue;
    }
    const value = valueByName.get(part.name) ?? part.fallback;
    if (value === null) missing.add(part.name);
    else rendered += value;
  }
  return missing.size > 0 ? { ok: false, missing: [...missing] } : { ok: true, text: rendered };
}

/**
 * Length as LinkedIn counts it for the 300- and 200-character connection note limits: Unicode
 * code points, so "👋" is 1 and not the 2 UTF-16 units that String#length reports.
 */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
