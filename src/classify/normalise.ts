// Reply text made comparable for the lexicons: only the reply itself (the quoted previous
// message and a forwarded header are cut), lower case, no accents ("intéressé" and "interesse"
// match alike), typographic quotes as ASCII, a few emoji as words, whitespace collapsed.
// Pure: any string in, a string out, never throws.

/** Longer replies are cut: nobody writes their answer after 4,000 characters, and the regexes stay fast. */
export const MAX_CLASSIFIED_CHARACTERS = 4000;

// A line that starts the quoted previous message in the four languages' mail and chat clients.
const QUOTE_HEADER =
  /^(on .{0,200} wrote:?|le .{0,200} a ecrit ?:?|am .{0,200} schrieb .{0,100}|el .{0,200} escribio:?|-{2,} ?(original message|message d'origine|ursprungliche nachricht|mensaje original|forwarded message) ?-{2,}|(from|de|von|sent|envoye|gesendet|enviado) ?: .{0,200}@.{0,200})$/;

const EMOJI_WORDS: Array<[RegExp, string]> = [
  [/\u{1F44D}/gu, " emoji_thumbs_up "],
  [/\u{1F44E}/gu, " emoji_thumbs_down "],
  [/[\u{1F600}-\u{1F60D}\u{1F642}\u{1F917}\u{1F64C}\u{1F389}]/gu, " emoji_happy "],
  [/[\u{1F620}\u{1F621}\u{1F624}\u{1F92C}\u{1F644}\u{1F612}]/gu, " emoji_annoyed "],
];

/** Lines of the reply up to its quoted part (lines starting with ">" or a "On … wrote:" header). */
export function withoutQuote(text: string): string {
  const kept: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const plain = foldAccents(line.trim().toLowerCase());
    if (plain.startsWith(">")) continue;
    if (kept.some((k) => k.trim() !== "") && QUOTE_HEADER.test(plain)) break;
    kept.push(line);
  }
  return kept.join("\n");
}

export function foldAccents(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ß/g, "ss")
    .replace(/[æ]/g, "ae")
    .replace(/[œ]/g, "oe");
}

/** What of a reply is read: any value as a string, its first characters, without the quoted part. */
export function replyText(text: string): string {
  const out = typeof text === "string" ? text : String(text ?? "");
  return withoutQuote(out.slice(0, MAX_CLASSIFIED_CHARACTERS * 2));
}

export function normalise(text: string): string {
  return folded(text).replace(/\s+/g, " ").trim().slice(0, MAX_CLASSIFIED_CHARACTERS);
}

/**
 * normalise, but each run of whitespace that holds a line break stays one "\n": the same length
 * and the same characters at the same places as normalise's text, except that a line's end can
 * still be told from a space.
 */
export function normaliseKeepingLines(text: string): string {
  return folded(text)
    .replace(/\s+/g, (space) => (space.includes("\n") ? "\n" : " "))
    .trim()
    .slice(0, MAX_CLASSIFIED_CHARACTERS);
}

function folded(text: string): string {
  let out = replyText(text);
  for (const [emoji, word] of EMOJI_WORDS) out = out.replace(emoji, word);
  out = foldAccents(out.toLowerCase())
    .replace(/[\u2018\u2019\u201b\u2032`´]/g, "'")
    .replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"')
    .replace(/[\u2010-\u2015]/g, "-")
    .replace(/[¿¡]/g, " ")
    // Everything else that is not a letter, digit or common punctuation becomes a space.
    .replace(/[^\p{L}\p{N}\s'"?!.,;:/@()&+_-]/gu, " ");
  return out;
}
