// The one path by which text that did not come from our code (campaign and account names,
// prospect fields, CSV cells, reply texts, Unipile errors, Slack user and file names) reaches
// Slack. mrkdwn gives `&`, `<` and `>` a meaning: `<!channel>`, `<!here>`, `<!everyone>`,
// `<@U…>`, `<#C…>`, `<!subteam^…>` and `<https://…|label>` mention people or disguise links, so a
// campaign named `<!channel>` would page the whole channel. plain_text has no markup but has
// length limits, and Slack refuses the whole call when one is exceeded.
import { cleanText, clipText } from "../safe-text.js";

// Slack: "Slack uses &, <, and > as control characters for special parsing in text objects, so
// they must be converted to HTML entities if they're not going to be used for their parsing
// purpose" (https://api.slack.com/reference/surfaces/formatting#escaping). Only these three:
// "You shouldn't HTML entity-encode the entire text".
const ENTITY: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

// Without `<` a special mention cannot be written, but Slack still turns a bare `@channel`,
// `@here` or `@everyone` into one where a message is parsed with `parse: "full"` or
// `link_names` (same page, "Special mentions"). We send neither; a word joiner after the `@`
// keeps the word readable and makes it inert even if that ever changes.
const BARE_SPECIAL_MENTION = /@(channel|here|everyone)\b/gi;

/** Outside text made inert for mrkdwn: no mention, no link, no entity of its own; markup stays as typed. */
export function escapeMrkdwn(text: string): string {
  return cleanText(text)
    .replace(/[&<>]/g, (character) => ENTITY[character]!)
    .replace(BARE_SPECIAL_MENTION, "@\u2060$1");
}

/**
 * Text for a plain_text field: at most `limit` characters, a longer one cut with "…" (Slack
 * refuses the whole call otherwise). plain_text is not parsed, so nothing is escaped.
 */
export function plainText(text: string, limit: number): string {
  return clipText(cleanText(text), limit);
}

/**
 * A mrkdwn text already built (with escaped outside parts) cut to a field's limit with "…",
 * never inside an entity: a cut `&lt;` left as `&l` would be a bare `&`.
 */
export function mrkdwnWithin(text: string, limit: number): string {
  const clipped = clipText(text, limit);
  return clipped === text ? text : clipped.replace(/&[a-z]{0,3}…$/, "…");
}
