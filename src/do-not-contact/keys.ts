// What a do-not-contact entry is keyed by, and how a prospect's own keys are read, so that one
// comparison of normalised strings decides every match (import, launch, claim, cancellation).
//
// - A person: the public identifier of their profile URL, normalised by
//   src/prospects/linkedin-url.ts (any URL form gives the same identifier).
// - A company page: the slug of linkedin.com/company/<slug>, normalised the same way.
// - A company name: `companyKey` below. Case-, accent- and punctuation-insensitive, and trailing
//   legal forms (Inc, Ltd, GmbH, SA, …) are ignored: "ACME, Inc.", "acme inc", "Acme" and
//   "ACME GmbH" are one company. A name that is nothing but a legal form keeps it ("SA" stays "sa").
//
// A prospect's company is its CSV's company column (company_name). Its company page is a custom
// column named like COMPANY_PAGE_FIELDS (Apollo's export calls it "Company Linkedin Url"); a
// prospect without one is matched against company-page entries by nothing.
import type { DNC_KINDS, DNC_SOURCES } from "../db/enums.js";
import { normalizeLinkedinCompanyUrl, normalizeLinkedinUrl } from "../prospects/linkedin-url.js";
import { quoted, safeText } from "../safe-text.js";

export type EntryKind = (typeof DNC_KINDS)[number];
export type EntrySource = (typeof DNC_SOURCES)[number];

/** Legal forms dropped from the end of a company name (after punctuation is removed). */
const LEGAL_FORMS = new Set([
  "inc", "incorporated", "corp", "corporation", "co", "llc", "llp", "lp", "ltd", "limited", "plc",
  "gmbh", "ag", "kg", "ug", "mbh", "ev",
  "sa", "sas", "sasu", "sarl", "srl", "spa", "sl", "slu", "sca",
  "bv", "nv", "oy", "oyj", "ab", "as", "asa", "aps", "pty", "pte", "kk", "sro",
]);

/**
 * A company name's matching key, or null when nothing is left (no letter or digit). Apostrophes
 * and dots are removed without a trace ("S.A." → "sa", "O'Reilly" → "oreilly"), every other run
 * of non-letters/digits is one space, diacritics are dropped ("Société" = "societe"), and legal
 * forms at the end are removed while a word remains.
 */
export function companyKey(name: string): string | null {
  const text = name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/['’‘`.]+/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
  if (text === "") return null;
  const words = text.split(" ");
  while (words.length > 1 && LEGAL_FORMS.has(words[words.length - 1]!)) words.pop();
  return words.join(" ");
}

/** Custom CSV columns (by normalised name) read as the prospect's LinkedIn company page. */
export const COMPANY_PAGE_FIELDS = [
  "company_linkedin_url",
  "company_linkedin",
  "company_linkedin_page",
  "company_page",
  "company_page_url",
  "company_url",
  "linkedin_company_url",
  "linkedin_company_page",
] as const;

export interface ProspectIdentity {
  public_identifier: string;
  provider_id: string | null;
  company_name: string | null;
  /** The prospect's company page cell, if its CSV had one (see COMPANY_PAGE_FIELDS). */
  company_page: string | null;
}

export interface ProspectKeys {
  profile: string;
  providerId: string | null;
  company: string | null;
  companyPage: string | null;
}

export function keysOf(prospect: ProspectIdentity): ProspectKeys {
  const page = prospect.company_page ? normalizeLinkedinCompanyUrl(prospect.company_page) : null;
  return {
    profile: prospect.public_identifier,
    providerId: prospect.provider_id,
    company: prospect.company_name ? companyKey(prospect.company_name) : null,
    companyPage: page?.ok ? page.slug : null,
  };
}

/** The company page cell among a prospect's custom fields (first listed column that is filled). */
export function companyPageOf(custom: Record<string, string> | null | undefined): string | null {
  if (!custom) return null;
  for (const name of COMPANY_PAGE_FIELDS) {
    const value = Object.hasOwn(custom, name) ? custom[name] : undefined;
    if (typeof value === "string" && value.trim() !== "") return value;
  }
  return null;
}

/** SQL expression of the company page cell of campaign_prospects alias `p` (same order as above). */
export const COMPANY_PAGE_SQL = `coalesce(${COMPANY_PAGE_FIELDS.map((name) => `nullif(trim(p.custom_fields->>'${name}'), '')`).join(", ")})`;

export type Target =
  | { ok: true; kind: EntryKind; key: string; display: string }
  | { ok: false; reason: string };

const LOOKS_LIKE_URL = /^(https?:\/\/|www\.)|linkedin\.com|lnkd\.in/i;

/**
 * What `/sam dnc add|remove <text>` or a one-column CSV cell names: a profile URL, a company page
 * URL, or else a company name. Anything that looks like a URL but is neither is refused with the
 * URL parser's reason, never taken as a company name.
 */
export function parseTarget(input: string): Target {
  const text = input.trim();
  if (text === "") return { ok: false, reason: "nothing given: a LinkedIn profile URL, a company page URL or a company name" };
  if (LOOKS_LIKE_URL.test(text)) {
    if (/\/company\//i.test(text)) {
      const page = normalizeLinkedinCompanyUrl(text);
      return page.ok ? { ok: true, kind: "company_page", key: page.slug, display: page.url } : { ok: false, reason: page.reason };
    }
    const profile = normalizeLinkedinUrl(text);
    return profile.ok
      ? { ok: true, kind: "profile", key: profile.publicIdentifier, display: profile.url }
      : { ok: false, reason: profile.reason };
  }
  const key = companyKey(text);
  if (key === null) return { ok: false, reason: `"${quoted(text)}" has no letter or digit: not a company name` };
  if (key.length > 200) return { ok: false, reason: "company name is longer than 200 characters" };
  return { ok: true, kind: "company", key, display: safeText(text, 300) };
}

/** How an entry is shown: the canonical URL of a person or page, the company name as given. */
export function displayOf(entry: { kind: EntryKind; key: string; original: string }): string {
  if (entry.kind === "profile") return `https://www.linkedin.com/in/${encodeURIComponent(entry.key)}/`;
  if (entry.kind === "company_page") return `https://www.linkedin.com/company/${encodeURIComponent(entry.key)}/`;
  return entry.original;
}
