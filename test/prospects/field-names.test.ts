import { describe, expect, it } from "vitest";
import { detectDelimiter } from "../../src/prospects/delimiter.js";
import { normalizeFieldName, prospectColumnFor } from "../../src/prospects/field-names.js";

describe("normalizeFieldName", () => {
  it.each([
    ["Favourite Color", "favourite_color"],
    ["first_name", "first_name"],
    ["  First  Name  ", "first_name"],
    ["FIRST-NAME", "first_name"],
    ["Company (legal name)", "company_legal_name"],
    ["__proto__", "proto"],
    ["Prénom", "prénom"],
    ["名前", "名前"],
    ["!!!", ""],
    ["", ""],
  ])("%j → %j", (header, name) => {
    expect(normalizeFieldName(header)).toBe(name);
  });
});

describe("prospectColumnFor matches headers and their aliases", () => {
  it.each([
    ["First Name", "first_name"],
    ["firstname", "first_name"],
    ["First", "first_name"],
    ["Given name", "first_name"],
    ["FIRST_NAME", "first_name"],
    ["Last Name", "last_name"],
    ["lastname", "last_name"],
    ["Surname", "last_name"],
    ["Family name", "last_name"],
    ["LinkedIn URL", "linkedin_url"],
    ["linkedin", "linkedin_url"],
    ["profile_url", "linkedin_url"],
    ["Profile URL", "linkedin_url"],
    ["LinkedIn Profile", "linkedin_url"],
    ["url", "linkedin_url"],
    ["Person Linkedin Url", "linkedin_url"],
    ["Company", "company_name"],
    ["Company Name", "company_name"],
    ["Organization", "company_name"],
    ["Title", "title"],
    ["Job Title", "title"],
    ["Position", "title"],
    ["Headline", "title"],
    ["Email", null],
    ["Company LinkedIn URL", null],
    ["constructor", null],
    ["toString", null],
  ])("%j → %j", (header, column) => {
    expect(prospectColumnFor(header)).toBe(column);
  });
});

describe("detectDelimiter", () => {
  it.each([
    ["a,b,c\n1;2;3;4;5\n", ","],
    ["a;b;c\n", ";"],
    ["a\tb\tc\n", "\t"],
    ['"a;b;c;d","e"\n', ","],
    ['"a,b,c,d";"e";"f"\n', ";"],
    ["a,b;c\n", ","],
    ["single\n", ","],
    ["\n\r\n a;b\n", ";"],
    ['"multi\nline;;;;",b,c\n', ","],
  ])("%j → %j", (head, delimiter) => {
    expect(detectDelimiter(head)).toBe(delimiter);
  });
});
