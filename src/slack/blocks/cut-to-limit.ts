// Slack refuses a whole message or view when one field is over its limit (Block Kit reference),
// so text that did not come from our code is cut to the field's limit first, with an ellipsis.
const ELLIPSIS = "…";

/** `text` cut to at most `max` UTF-16 units (never splitting a surrogate pair), ending in "…" when cut. */
export function cutToLimit(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - ELLIPSIS.length);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut}${ELLIPSIS}`;
}
