// Turns whatever a user pasted into one canonical profile URL plus its public identifier, or says
// in plain words why it is not a person's profile. Keeping URL and public id apart is lesson 15:
// SAM stored whole URLs where ids were expected and half its sends failed.
//
// Storage decision: `publicIdentifier` is the decoded slug (Unicode kept, NFC, lower case), e.g.
// `zoë-müller-1a2b3c`; `url` is built from it with encodeURIComponent, so it is plain ASCII with
// upper-case hex escapes (`https://www.linkedin.com/in/zo%C3%AB-m%C3%BCller-1a2b3c/`). The same
// person always gives byte-identical values, which is what duplicate detection compares.
import { quoted } from "../safe-text.js";

export type LinkedinUrlResult =
  | { ok: true; url: string; publicIdentifier: string }
  | { ok: false; reason: string };

const SALES_NAVIGATOR = "Sales Navigator URL: use the person's linkedin.com/in/ profile URL";
const PROFILE_EXPECTED = "expected a profile URL like https://www.linkedin.com/in/jane-doe/";

// First path segment → why that page is not a person's profile.
const NOT_A_PROFILE = new Map<string, string>([
  ["sales", SALES_NAVIGATOR],
  ["talent", "LinkedIn Recruiter URL: use the person's linkedin.com/in/ profile URL"],
  ["company", `Company page, not a person: ${PROFILE_EXPECTED}`],
  ["showcase", `Company showcase page, not a person: ${PROFILE_EXPECTED}`],
  ["school", `School page, not a person: ${PROFILE_EXPECTED}`],
  ["posts", `Link to a post, not a profile: ${PROFILE_EXPECTED}`],
  ["feed", `Link to a feed or post, not a profile: ${PROFILE_EXPECTED}`],
  ["pulse", `Link to an article, not a profile: ${PROFILE_EXPECTED}`],
  ["search", `Search results URL, not a profile: ${PROFILE_EXPECTED}`],
  ["groups", `Group page, not a person: ${PROFILE_EXPECTED}`],
  ["jobs", `Job page, not a person: ${PROFILE_EXPECTED}`],
  ["events", `Event page, not a person: ${PROFILE_EXPECTED}`],
  // Old public profiles (/pub/jane-doe/1a/2b/3c). Rewriting them into an /in/ slug is guesswork,
  // and a wrong guess reaches the wrong person, so the user is asked for the current URL.
  ["pub", "Old-style /pub/ profile URL: open it and copy the current linkedin.com/in/ URL"],
]);

// www, m (mobile) and two-letter country hosts such as uk. or de.
const LINKEDIN_SUBDOMAIN = /^(www|m|[a-z]{2})$/;
// Custom URLs are 3–100 letters or digits with hyphens; generated ones add non-Latin letters and
// underscores. Anything else (spaces, dots, emoji) means the URL was mangled.
const SLUG = /^[\p{L}\p{M}\p{N}_-]{1,100}$/u;
// Member ids (ACoAA…) appear in /in/ URLs exported from Sales Navigator. They are case-sensitive,
// so lower-casing would corrupt them, and they are not public identifiers (lesson 15).
const MEMBER_ID = /^ACoA[A-Za-z0-9_-]{20,}$/;

export function normalizeLinkedinUrl(input: string): LinkedinUrlResult {
  const text = unwrap(input);
  if (text === "") return { ok: false, reason: "LinkedIn URL is empty" };

  const url = parseAsUrl(text);
  if (!url) return { ok: false, reason: `Not a URL: ${PROFILE_EXPECTED}` };
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return { ok: false, reason: `Not a web address: ${PROFILE_EXPECTED}` };
  }

  const hostProblem = linkedinHostProblem(url);
  if (hostProblem) return { ok: false, reason: hostProblem };

  const segments = url.pathname.split("/").filter((segment) => segment !== "");
  const section = segments[0]?.toLowerCase();
  if (section !== "in") {
    const reason = section === undefined ? undefined : NOT_A_PROFILE.get(section);
    return { ok: false, reason: reason ?? `Not a profile URL: ${PROFILE_EXPECTED}` };
  }
  return profileFromSlug(segments[1]);
}

/** Strips what spreadsheets and chat apps wrap around pasted links: spaces, <…>, quotes. */
function unwrap(input: string): string {
  let text = input.trim();
  for (;;) {
    const inner = text.replace(/^[<"'“‘]+|[>"'”’]+$/g, "").trim();
    if (inner === text) return text;
    text = inner;
  }
}

function parseAsUrl(text: string): URL | null {
  const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(text);
  const withScheme = hasScheme ? text : `https://${text.replace(/^\/\//, "")}`;
  try {
    return new URL(withScheme);
  } catch {
    return null;
  }
}

function linkedinHostProblem(url: URL): string | null {
  const host = url.hostname.replace(/\.$/, "");
  if (host === "lnkd.in") return "Shortened lnkd.in link: open it and copy the linkedin.com/in/ profile URL";
  const notLinkedin = `Not a LinkedIn address (${quoted(host)}): ${PROFILE_EXPECTED}`;
  if (url.username !== "" || url.password !== "" || url.port !== "") return notLinkedin;
  if (host === "linkedin.com") return null;
  const subdomain = host.endsWith(".linkedin.com") ? host.slice(0, -".linkedin.com".length) : null;
  return subdomain !== null && LINKEDIN_SUBDOMAIN.test(subdomain) ? null : notLinkedin;
}

function profileFromSlug(encodedSlug: string | undefined): LinkedinUrlResult {
  if (encodedSlug === undefined)
    return { ok: false, reason: `No profile name after /in/: ${PROFILE_EXPECTED}` };
  let slug: string;
  try {
    slug = decodeURIComponent(encodedSlug).normalize("NFC");
  } catch {
    return { ok: false, reason: `Broken percent-encoding in the profile name: ${PROFILE_EXPECTED}` };
  }
  if (MEMBER_ID.test(slug)) {
    return {
      ok: false,
      reason:
        "Member id (ACoA…) instead of a profile name: open the profile and copy its linkedin.com/in/ URL",
    };
  }
  if (!SLUG.test(slug)) {
    // The quote drops what cannot be stored or shown (a decoded %00), so say it was there.
    const invisible = /\p{Cc}/u.test(slug) ? " (an invisible control character such as %00)" : "";
    return {
      ok: false,
      reason: `Profile name "${quoted(slug)}" has characters a LinkedIn profile URL cannot have${invisible}`,
    };
  }
  const publicIdentifier = slug.toLowerCase();
  return {
    ok: true,
    url: `https://www.linkedin.com/in/${encodeURIComponent(publicIdentifier)}/`,
    publicIdentifier,
  };
}

export type LinkedinCompanyUrlResult = { ok: true; url: string; slug: string } | { ok: false; reason: string };

const COMPANY_EXPECTED = "expected a company page URL like https://www.linkedin.com/company/acme/";

/**
 * A LinkedIn company page (linkedin.com/company/<slug>/…, any host form the profile URLs accept)
 * as its slug: decoded, NFC, lower case, like a profile's public identifier. Numeric ids
 * (/company/1234/) are kept as they are: LinkedIn redirects them to the slug, which cannot be
 * known offline, so a page entered both ways is two entries.
 */
export function normalizeLinkedinCompanyUrl(input: string): LinkedinCompanyUrlResult {
  const text = unwrap(input);
  if (text === "") return { ok: false, reason: "Company page URL is empty" };
  const url = parseAsUrl(text);
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) return { ok: false, reason: `Not a URL: ${COMPANY_EXPECTED}` };
  const hostProblem = linkedinHostProblem(url);
  if (hostProblem) return { ok: false, reason: hostProblem.replace(PROFILE_EXPECTED, COMPANY_EXPECTED) };
  const segments = url.pathname.split("/").filter((segment) => segment !== "");
  if (segments[0]?.toLowerCase() !== "company") return { ok: false, reason: `Not a company page: ${COMPANY_EXPECTED}` };
  if (segments[1] === undefined) return { ok: false, reason: `No company name after /company/: ${COMPANY_EXPECTED}` };
  let slug: string;
  try {
    slug = decodeURIComponent(segments[1]).normalize("NFC");
  } catch {
    return { ok: false, reason: `Broken percent-encoding in the company page name: ${COMPANY_EXPECTED}` };
  }
  if (!SLUG.test(slug)) {
    return { ok: false, reason: `Company page name "${quoted(slug)}" has characters a LinkedIn company URL cannot have` };
  }
  const key = slug.toLowerCase();
  return { ok: true, url: `https://www.linkedin.com/company/${encodeURIComponent(key)}/`, slug: key };
}
