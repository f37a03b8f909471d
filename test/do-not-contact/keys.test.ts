// Keys the do-not-contact list matches on: company names (case, accents, punctuation and legal
// forms ignored), company pages and profiles (any URL form), and what `/sam dnc add` makes of text.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { companyKey, companyPageOf, keysOf, parseTarget } from "../../src/do-not-contact/keys.js";
import { normalizeLinkedinCompanyUrl } from "../../src/prospects/linkedin-url.js";

describe("companyKey", () => {
  it.each([
    ["ACME, Inc.", "acme"],
    ["acme inc", "acme"],
    ["Acme", "acme"],
    ["ACME GmbH", "acme"],
    ["Acme Pty Ltd", "acme"],
    ["Acme GmbH & Co. KG", "acme"],
    ["Société Générale S.A.", "societe generale"],
    ["O'Reilly Media", "oreilly media"],
    ["Booking.com", "bookingcom"],
    ["Johnson & Johnson", "johnson johnson"],
    ["  Big   Data\tCorp  ", "big data"],
    ["SA", "sa"],
    ["Inc.", "inc"],
    ["Müller AG", "muller"],
    ["株式会社トヨタ", "株式会社トヨタ"],
  ])("%s → %s", (name, key) => {
    expect(companyKey(name)).toBe(key);
  });

  it("has no key for text without a letter or digit", () => {
    expect(companyKey("")).toBeNull();
    expect(companyKey(" ,.;- ")).toBeNull();
  });

  it("keeps different companies apart", () => {
    expect(companyKey("Acme")).not.toBe(companyKey("Acme Labs"));
    expect(companyKey("Apple")).not.toBe(companyKey("Apple Bank"));
  });

  const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ]{0,20}$/);
  it("ignores case, surrounding punctuation and a trailing legal form (property)", () => {
    fc.assert(
      fc.property(name, fc.constantFrom("", ", Inc.", " LTD", " gmbh", " S.A.", " llc"), fc.constantFrom("", ".", "!", " "), (base, suffix, trail) => {
        const key = companyKey(base);
        fc.pre(key !== null && !["inc", "ltd", "gmbh", "sa", "llc"].some((form) => key.endsWith(` ${form}`) || key === form));
        expect(companyKey(`${base.toUpperCase()}${suffix}${trail}`)).toBe(key);
        expect(companyKey(`  ${base.toLowerCase()}${suffix}`)).toBe(key);
      }),
    );
  });

  it("is idempotent: a key is its own key (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const key = companyKey(text);
        if (key !== null) expect(companyKey(key)).toBe(key);
      }),
    );
  });
});

describe("company pages", () => {
  it.each([
    "https://www.linkedin.com/company/acme/",
    "linkedin.com/company/ACME",
    "http://uk.linkedin.com/company/acme/about/?trk=x",
    "<https://m.linkedin.com/company/acme>",
  ])("%s is acme", (url) => {
    expect(normalizeLinkedinCompanyUrl(url)).toEqual({ ok: true, slug: "acme", url: "https://www.linkedin.com/company/acme/" });
  });

  it("refuses what is not a company page, with the reason", () => {
    expect(normalizeLinkedinCompanyUrl("https://www.linkedin.com/in/jane/")).toMatchObject({ ok: false, reason: expect.stringMatching(/Not a company page/) });
    expect(normalizeLinkedinCompanyUrl("https://example.com/company/acme")).toMatchObject({ ok: false, reason: expect.stringMatching(/Not a LinkedIn address/) });
    expect(normalizeLinkedinCompanyUrl("https://www.linkedin.com/company/")).toMatchObject({ ok: false, reason: expect.stringMatching(/No company name/) });
  });

  it("reads a prospect's company page from its custom columns", () => {
    expect(companyPageOf({ company_linkedin_url: "https://www.linkedin.com/company/acme" })).toBe("https://www.linkedin.com/company/acme");
    expect(companyPageOf({ company_url: " " })).toBeNull();
    expect(companyPageOf(Object.assign(Object.create({ company_url: "inherited" }), {}))).toBeNull();
    expect(
      keysOf({ public_identifier: "jane", provider_id: null, company_name: "ACME, Inc.", company_page: "linkedin.com/company/Acme-Corp" }),
    ).toEqual({ profile: "jane", providerId: null, company: "acme", companyPage: "acme-corp" });
  });
});

describe("parseTarget", () => {
  it("takes profile URLs in any form as one person", () => {
    for (const text of ["https://www.linkedin.com/in/Jane-Doe/", "linkedin.com/in/jane-doe", "http://de.linkedin.com/in/jane-doe?trk=1"]) {
      expect(parseTarget(text)).toEqual({ ok: true, kind: "profile", key: "jane-doe", display: "https://www.linkedin.com/in/jane-doe/" });
    }
  });

  it("takes a company page URL as a company page and anything else as a company name", () => {
    expect(parseTarget("https://www.linkedin.com/company/acme")).toMatchObject({ ok: true, kind: "company_page", key: "acme" });
    expect(parseTarget("ACME, Inc.")).toEqual({ ok: true, kind: "company", key: "acme", display: "ACME, Inc." });
  });

  it("refuses a URL that is neither, never reading it as a company name", () => {
    expect(parseTarget("https://www.linkedin.com/sales/people/ACoAAB")).toMatchObject({ ok: false, reason: expect.stringMatching(/Sales Navigator/) });
    expect(parseTarget("https://example.com/jane")).toMatchObject({ ok: false, reason: expect.stringMatching(/Not a LinkedIn address/) });
    expect(parseTarget("   ")).toMatchObject({ ok: false });
    expect(parseTarget("!!!")).toMatchObject({ ok: false, reason: expect.stringMatching(/no letter or digit/) });
  });
});
