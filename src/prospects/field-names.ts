// One naming rule shared by CSV headers and template placeholders, so that a column called
// "Favourite Color" is written {favourite_color} in a message and nothing else has to agree.

/**
 * Lower case; every run of characters that are not letters or digits becomes one `_`; leading and
 * trailing `_` removed. Letters and digits are Unicode-aware so "Prénom" stays readable (`prénom`)
 * instead of turning into `pr_nom`.
 */
export function normalizeFieldName(name: string): string {
  return name
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, "_")
    .replace(/^_+|_+$/g, "");
}

export const STANDARD_FIELDS = ["first_name", "last_name", "company_name", "title"] as const;
export type StandardField = (typeof STANDARD_FIELDS)[number];

export type ProspectColumn = StandardField | "linkedin_url";
export const REQUIRED_COLUMNS: readonly ProspectColumn[] = ["first_name", "last_name", "linkedin_url"];

// Keys are headers with everything but letters and digits removed, so "First Name", "first_name",
// "FIRST-NAME" and "firstname" all meet here. "Person Linkedin Url" is what Apollo exports.
// A Map, not an object literal: a header called "constructor" must not find Object.prototype.
const COLUMN_ALIASES = new Map<string, ProspectColumn>(
  Object.entries({
    firstname: "first_name",
    first: "first_name",
    givenname: "first_name",
    forename: "first_name",
    lastname: "last_name",
    surname: "last_name",
    familyname: "last_name",
    linkedinurl: "linkedin_url",
    linkedin: "linkedin_url",
    profileurl: "linkedin_url",
    linkedinprofile: "linkedin_url",
    linkedinprofileurl: "linkedin_url",
    personlinkedinurl: "linkedin_url",
    url: "linkedin_url",
    companyname: "company_name",
    company: "company_name",
    organization: "company_name",
    organisation: "company_name",
    title: "title",
    jobtitle: "title",
    position: "title",
    headline: "title",
  } satisfies Record<string, ProspectColumn>),
);

/** The prospect column a CSV header stands for, or null when it is a custom field. */
export function prospectColumnFor(header: string): ProspectColumn | null {
  return COLUMN_ALIASES.get(normalizeFieldName(header).replace(/_/g, "")) ?? null;
}
