// The date an out-of-office reply says its author is back ("back on 12 January", "de retour le
// 12 janvier", "zurück am 12.01.", "de vuelta el 12 de enero", "until Jan 12", "ab dem 5. März
// wieder erreichbar", "2027-01-12", "13/01"), as the start of that local day in `timeZone`; null
// when it names none. Rules (LABELLING.md, "Return dates"):
// - Of several dates, the one after a return word ("back", "retour", "zurück", "wieder", "vuelta",
//   "regreso"…) wins, then one after "until"/"jusqu'au"/"bis"/"hasta", then the latest.
// - "until 12 January" gives 12 January (the caller already waits a business day after it).
// - Numbers are day first (12.01., 13/01, 12/01/2027 are 12 January), as in all four languages'
//   countries; only when the first number cannot be a month and the second can ("1/13") is it
//   read month first.
// - A date without a year is the next such date from today (today included) in `timeZone`; a
//   weekday ("back on Monday") is the next such day after today, and counts only after a return word.
// Pure and total: never throws; an unknown time zone gives null.
import { DateTime } from "luxon";
import { foldAccents, replyText } from "./normalise.js";

const MONTHS: Array<[number, string[]]> = [
  [1, ["january", "jan", "janvier", "janv", "januar", "janner", "jaenner", "enero", "ene"]],
  [2, ["february", "feb", "fevrier", "fevr", "fev", "februar", "febrero"]],
  [3, ["march", "mar", "mars", "marz", "maerz", "marzo"]],
  [4, ["april", "apr", "avril", "avr", "abril", "abr"]],
  [5, ["may", "mai", "mayo"]],
  [6, ["june", "jun", "juin", "juni", "junio"]],
  [7, ["july", "jul", "juillet", "juil", "juli", "julio"]],
  [8, ["august", "aug", "aout", "agosto", "ago"]],
  [9, ["september", "sept", "sep", "septembre", "septiembre", "setiembre"]],
  [10, ["october", "oct", "octobre", "oktober", "okt", "octubre"]],
  [11, ["november", "nov", "novembre", "noviembre"]],
  [12, ["december", "dec", "decembre", "dezember", "dez", "diciembre", "dic"]],
];
const MONTH_OF = new Map(MONTHS.flatMap(([number, names]) => names.map((name) => [name, number] as const)));
const MONTH = `(${[...MONTH_OF.keys()].sort((a, b) => b.length - a.length).join("|")})`;

const WEEKDAYS: Array<[number, string[]]> = [
  [1, ["monday", "lundi", "montag", "lunes"]],
  [2, ["tuesday", "mardi", "dienstag", "martes"]],
  [3, ["wednesday", "mercredi", "mittwoch", "miercoles"]],
  [4, ["thursday", "jeudi", "donnerstag", "jueves"]],
  [5, ["friday", "vendredi", "freitag", "viernes"]],
  [6, ["saturday", "samedi", "samstag", "sabado"]],
  [7, ["sunday", "dimanche", "sonntag", "domingo"]],
];
const WEEKDAY_OF = new Map(WEEKDAYS.flatMap(([number, names]) => names.map((name) => [name, number] as const)));
const WEEKDAY = `(${[...WEEKDAY_OF.keys()].join("|")})`;

const ORDINAL = "(?:st|nd|rd|th|er|eme|e|o|º|\\.)?";
const YEAR = "(\\d{4}|'?\\d{2})";

const ISO = /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/g;
const NUMERIC = /(?<![\d./-])(\d{1,2})([./-])(\d{1,2})(?:\2(\d{4}|\d{2})(?![\d]))?(?![\d/-])(?!\.\d)/g;
const DAY_MONTH = new RegExp(
  `\\b(\\d{1,2})${ORDINAL}\\s*(?:of\\s+|de\\s+)?${MONTH}\\b\\.?(?:,?\\s*(?:de\\s+|del\\s+)?${YEAR}\\b)?`,
  "g",
);
const MONTH_DAY = new RegExp(
  `\\b${MONTH}\\b\\.?\\s+(?:the\\s+)?(\\d{1,2})${ORDINAL}(?![\\d:])(?:\\s*(?:-|to|through|until|till)\\s*(\\d{1,2})${ORDINAL}(?![\\d:]))?(?:,?\\s*${YEAR}\\b)?`,
  "g",
);
const WEEKDAY_ONLY = new RegExp(`\\b${WEEKDAY}\\b`, "g");

// Words that put a return date right after them (or, for "wieder", right before them).
const RETURN_BEFORE =
  /\b(back|return|returning|returns|retour|reviens|rentre|rentrerai|zur(u|ue)ck|ruckkehr|vuelta|regreso|regresare|regresa|vuelvo|volvere|reincorporo|reincorporare|incorporo|reachable again|available again|in the office|im buro|au bureau|en la oficina|ab|a partir|from)\W*(\w+\W+){0,4}$/;
const UNTIL_BEFORE = /\b(until|till|til|through|thru|jusqu'?au|jusqu'?a|jusqu|bis|hasta|au|al|to)\W*(\w+\W+){0,3}$/;
const RETURN_AFTER = /^\W*(\w+\W+){0,2}(wieder|zur(u|ue)ck)\b/;

interface Found {
  at: number;
  end: number;
  year?: number;
  month: number;
  day: number;
}

export function returnDateIn(text: string, now: Date, timeZone: string): Date | null {
  try {
    return find(text, now, timeZone);
  } catch {
    return null;
  }
}

function find(text: string, now: Date, timeZone: string): Date | null {
  if (typeof text !== "string" || Number.isNaN(now.getTime())) return null;
  const today = DateTime.fromJSDate(now, { zone: timeZone });
  if (!today.isValid) return null;
  const plain = foldAccents(replyText(text).toLowerCase()).replace(/[\u2018\u2019]/g, "'");
  const found: Found[] = [];
  const taken: Array<[number, number]> = [];
  const free = (at: number, end: number) => taken.every(([a, b]) => end <= a || at >= b);
  const add = (item: Found) => {
    if (!free(item.at, item.end)) return;
    taken.push([item.at, item.end]);
    found.push(item);
  };
  for (const m of plain.matchAll(ISO)) {
    add({ at: m.index, end: m.index + m[0].length, year: +m[1]!, month: +m[2]!, day: +m[3]! });
  }
  for (const m of plain.matchAll(DAY_MONTH)) {
    add({ at: m.index, end: m.index + m[0].length, year: yearOf(m[3]), month: MONTH_OF.get(m[2]!)!, day: +m[1]! });
  }
  for (const m of plain.matchAll(MONTH_DAY)) {
    // "January 3 - 12": the end of the range.
    const day = m[3] !== undefined ? +m[3] : +m[2]!;
    add({ at: m.index, end: m.index + m[0].length, year: yearOf(m[4]), month: MONTH_OF.get(m[1]!)!, day });
  }
  for (const m of plain.matchAll(NUMERIC)) {
    let day = +m[1]!;
    let month = +m[3]!;
    if (day <= 12 && month > 12) [day, month] = [month, day];
    // "9.30" is a time, "1.5" a number: dots need a trailing dot or a year ("12.01." / "12.01.2027").
    if (m[2] === "." && m[4] === undefined && plain[m.index + m[0].length] !== ".") continue;
    add({ at: m.index, end: m.index + m[0].length, year: yearOf(m[4]), month, day });
  }
  const dated: Array<{ date: DateTime; rank: number; at: number }> = [];
  for (const item of found) {
    const date = resolve(item, today, timeZone);
    if (date) dated.push({ date, rank: rankAt(plain, item.at, item.end), at: item.at });
  }
  for (const m of plain.matchAll(WEEKDAY_ONLY)) {
    if (!free(m.index, m.index + m[0].length)) continue;
    const rank = rankAt(plain, m.index, m.index + m[0].length);
    if (rank < 2) continue;
    const weekday = WEEKDAY_OF.get(m[1]!)!;
    const start = today.startOf("day");
    const ahead = ((weekday - start.weekday + 7) % 7) || 7;
    dated.push({ date: start.plus({ days: ahead }), rank, at: m.index });
  }
  if (dated.length === 0) return null;
  dated.sort((a, b) => b.rank - a.rank || b.date.toMillis() - a.date.toMillis());
  return dated[0]!.date.toJSDate();
}

function yearOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const digits = text.replace("'", "");
  return digits.length === 2 ? 2000 + +digits : +digits;
}

/** 2 after a return word, 1 after "until", 0 otherwise. */
function rankAt(plain: string, at: number, end: number): number {
  const before = plain.slice(Math.max(0, at - 40), at);
  if (RETURN_BEFORE.test(before) || RETURN_AFTER.test(plain.slice(end, end + 30))) return 2;
  return UNTIL_BEFORE.test(before) ? 1 : 0;
}

function resolve(item: Found, today: DateTime, zone: string): DateTime | null {
  if (item.month < 1 || item.month > 12 || item.day < 1 || item.day > 31) return null;
  const at = (year: number) => {
    const date = DateTime.fromObject({ year, month: item.month, day: item.day }, { zone });
    return date.isValid && date.day === item.day ? date.startOf("day") : null;
  };
  if (item.year !== undefined) {
    if (item.year < 1970 || item.year > 2200) return null;
    return at(item.year);
  }
  const start = today.startOf("day");
  for (let year = today.year; year <= today.year + 8; year++) {
    const date = at(year);
    if (date && date >= start) return date;
  }
  return null;
}
