import { describe, expect, it } from "vitest";
import { normalizeLinkedinUrl } from "../../src/prospects/linkedin-url.js";

const SALES_NAVIGATOR = "Sales Navigator URL: use the person's linkedin.com/in/ profile URL";
const EXPECTED = "expected a profile URL like https://www.linkedin.com/in/jane-doe/";
const jane = { ok: true, url: "https://www.linkedin.com/in/jane-doe/", publicIdentifier: "jane-doe" };

describe("normalizeLinkedinUrl accepts every way people paste a profile", () => {
  it.each([
    ["https://www.linkedin.com/in/jane-doe/", jane],
    ["https://www.linkedin.com/in/jane-doe", jane],
    ["https://linkedin.com/in/jane-doe", jane],
    ["http://www.linkedin.com/in/jane-doe", jane],
    ["linkedin.com/in/jane-doe", jane],
    ["www.linkedin.com/in/jane-doe", jane],
    ["//www.linkedin.com/in/jane-doe", jane],
    ["https://uk.linkedin.com/in/jane-doe", jane],
    ["https://de.linkedin.com/in/jane-doe/", jane],
    ["https://m.linkedin.com/in/jane-doe", jane],
    ["https://www.linkedin.com/in/jane-doe///", jane],
    ["https://www.linkedin.com/in/jane-doe/details/experience/", jane],
    ["https://www.linkedin.com/in/jane-doe/en", jane],
    ["https://www.linkedin.com/in/jane-doe?originalSubdomain=uk&trk=x", jane],
    ["https://www.linkedin.com/in/jane-doe/#experience", jane],
    ["HTTPS://WWW.LINKEDIN.COM/IN/Jane-Doe/", jane],
    ["  https://www.linkedin.com/in/jane-doe  ", jane],
    ["<https://www.linkedin.com/in/jane-doe>", jane],
    ['"https://www.linkedin.com/in/jane-doe"', jane],
    ["'linkedin.com/in/jane-doe'", jane],
    ["“https://www.linkedin.com/in/jane-doe”", jane],
    ["https://www.linkedin.com./in/jane-doe", jane],
    ["https://www.linkedin.com/in/jane%2Ddoe", jane],
    [
      "https://www.linkedin.com/in/zo%C3%AB-m%C3%BCller-1a2b3c/",
      {
        ok: true,
        url: "https://www.linkedin.com/in/zo%C3%AB-m%C3%BCller-1a2b3c/",
        publicIdentifier: "zoë-müller-1a2b3c",
      },
    ],
    [
      "https://www.linkedin.com/in/zoë-müller-1a2b3c",
      {
        ok: true,
        url: "https://www.linkedin.com/in/zo%C3%AB-m%C3%BCller-1a2b3c/",
        publicIdentifier: "zoë-müller-1a2b3c",
      },
    ],
    [
      "https://www.linkedin.com/in/ZO%c3%8B-M%C3%9CLLER-1A2B3C",
      {
        ok: true,
        url: "https://www.linkedin.com/in/zo%C3%AB-m%C3%BCller-1a2b3c/",
        publicIdentifier: "zoë-müller-1a2b3c",
      },
    ],
    [
      // "e" followed by a combining diaeresis is stored composed, so both spellings are one person.
      "https://www.linkedin.com/in/zoe%CC%88-m",
      { ok: true, url: "https://www.linkedin.com/in/zo%C3%AB-m/", publicIdentifier: "zoë-m" },
    ],
    [
      "https://cn.linkedin.com/in/%E6%9D%8E%E6%98%8E-12345",
      {
        ok: true,
        url: "https://www.linkedin.com/in/%E6%9D%8E%E6%98%8E-12345/",
        publicIdentifier: "李明-12345",
      },
    ],
    [
      "https://www.linkedin.com/in/john_smith_99",
      { ok: true, url: "https://www.linkedin.com/in/john_smith_99/", publicIdentifier: "john_smith_99" },
    ],
  ])("%s", (input, expected) => {
    expect(normalizeLinkedinUrl(input)).toEqual(expected);
  });
});

describe("normalizeLinkedinUrl rejects what is not a person's profile, saying why", () => {
  it.each([
    ["", "LinkedIn URL is empty"],
    ["   ", "LinkedIn URL is empty"],
    ['""', "LinkedIn URL is empty"],
    ["https://www.linkedin.com/sales/lead/ACwAAAB1c2VyLWlk,NAME_SEARCH,abcd", SALES_NAVIGATOR],
    ["https://www.linkedin.com/sales/people/ACwAAAB1c2VyLWlk,name,abcd", SALES_NAVIGATOR],
    ["linkedin.com/sales/lead/ACwAAAB1c2VyLWlk", SALES_NAVIGATOR],
    [
      "https://www.linkedin.com/talent/profile/AEMAAB1c2VyLWlk",
      "LinkedIn Recruiter URL: use the person's linkedin.com/in/ profile URL",
    ],
    ["https://www.linkedin.com/company/acme-corp/", `Company page, not a person: ${EXPECTED}`],
    ["https://www.linkedin.com/showcase/acme-labs/", `Company showcase page, not a person: ${EXPECTED}`],
    ["https://www.linkedin.com/school/stanford-university/", `School page, not a person: ${EXPECTED}`],
    [
      "https://www.linkedin.com/posts/jane-doe_hiring-activity-7123",
      `Link to a post, not a profile: ${EXPECTED}`,
    ],
    [
      "https://www.linkedin.com/feed/update/urn:li:activity:7123/",
      `Link to a feed or post, not a profile: ${EXPECTED}`,
    ],
    [
      "https://www.linkedin.com/pulse/why-csv-hard-jane-doe",
      `Link to an article, not a profile: ${EXPECTED}`,
    ],
    [
      "https://www.linkedin.com/search/results/people/?keywords=jane",
      `Search results URL, not a profile: ${EXPECTED}`,
    ],
    [
      "https://www.linkedin.com/pub/jane-doe/1a/2b/3c",
      "Old-style /pub/ profile URL: open it and copy the current linkedin.com/in/ URL",
    ],
    ["https://www.linkedin.com/", `Not a profile URL: ${EXPECTED}`],
    ["https://www.linkedin.com/jobs/view/123", `Job page, not a person: ${EXPECTED}`],
    ["https://www.linkedin.com/in/", `No profile name after /in/: ${EXPECTED}`],
    [
      "https://www.linkedin.com.evil.io/in/jane-doe",
      `Not a LinkedIn address (www.linkedin.com.evil.io): ${EXPECTED}`,
    ],
    [
      "https://linkedin.com.evil.io/in/jane-doe",
      `Not a LinkedIn address (linkedin.com.evil.io): ${EXPECTED}`,
    ],
    ["https://evil-linkedin.com/in/jane-doe", `Not a LinkedIn address (evil-linkedin.com): ${EXPECTED}`],
    ["https://www.linkedin.co/in/jane-doe", `Not a LinkedIn address (www.linkedin.co): ${EXPECTED}`],
    ["https://linkedin.com@evil.io/in/jane-doe", `Not a LinkedIn address (evil.io): ${EXPECTED}`],
    [
      "https://jobs.careers.linkedin.com/in/jane-doe",
      `Not a LinkedIn address (jobs.careers.linkedin.com): ${EXPECTED}`,
    ],
    ["https://www.linkedin.com:8443/in/jane-doe", `Not a LinkedIn address (www.linkedin.com): ${EXPECTED}`],
    ["https://twitter.com/jane_doe", `Not a LinkedIn address (twitter.com): ${EXPECTED}`],
    ["https://lnkd.in/dAbC123", "Shortened lnkd.in link: open it and copy the linkedin.com/in/ profile URL"],
    ["jane.doe@example.com", `Not a LinkedIn address (example.com): ${EXPECTED}`],
    ["Jane Doe", `Not a URL: ${EXPECTED}`],
    ["javascript:alert(1)//linkedin.com/in/jane-doe", `Not a web address: ${EXPECTED}`],
    ["ftp://www.linkedin.com/in/jane-doe", `Not a web address: ${EXPECTED}`],
    ["https://www.linkedin.com/in/jane%E0%A4%A", `Broken percent-encoding in the profile name: ${EXPECTED}`],
    [
      "https://www.linkedin.com/in/jane%20doe",
      'Profile name "jane doe" has characters a LinkedIn profile URL cannot have',
    ],
    [
      "https://www.linkedin.com/in/jane.doe",
      'Profile name "jane.doe" has characters a LinkedIn profile URL cannot have',
    ],
    [
      "https://www.linkedin.com/in/ACoAAAB1c2VyLWlkAAAAAAAAAAAAAAAAAAA",
      "Member id (ACoA…) instead of a profile name: open the profile and copy its linkedin.com/in/ URL",
    ],
  ])("%s", (input, reason) => {
    expect(normalizeLinkedinUrl(input)).toEqual({ ok: false, reason });
  });
});
