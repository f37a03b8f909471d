// The upload arrives as a stream: these check that parsing follows it chunk by chunk, and stops
// reading as soon as the file is refused.
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { parseProspectCsv } from "../../src/prospects/csv.js";

const HEADER = "first_name,last_name,linkedin_url,notes\n";

describe("parseProspectCsv on streams", () => {
  it("reads an async iterable of buffers", async () => {
    async function* upload() {
      yield Buffer.from(HEADER);
      yield Buffer.from("John,Smith,linkedin.com/in/john-smith,hi\n");
    }
    const result = await parseProspectCsv(upload());
    expect(result).toMatchObject({ ok: true, totalDataRows: 1, customFields: ["notes"] });
  });

  it("reads a Readable that was given an encoding and yields strings", async () => {
    const stream = Readable.from([Buffer.from(`${HEADER}Zoë,Smith,linkedin.com/in/zoe-smith,\n`)]);
    stream.setEncoding("utf8");
    const result = await parseProspectCsv(stream);
    expect(result).toMatchObject({ ok: true, rows: [{ firstName: "Zoë" }] });
  });

  it("joins a character split between chunks well after the first 8 KB", async () => {
    const firstRow = `John,Smith,linkedin.com/in/john-smith,${"x".repeat(9_000)}\n`;
    const chunks = [
      Buffer.from(HEADER + firstRow),
      Buffer.from("Zo\xc3", "latin1"),
      Buffer.from("\xab,Smith,linkedin.com/in/zoe-smith,\n", "latin1"),
    ];
    const result = await parseProspectCsv(Readable.from(chunks));
    expect(result).toMatchObject({ ok: true, rows: [{ firstName: "John" }, { firstName: "Zoë", row: 3 }] });
  });

  it("names the line of a bad byte that comes after the first chunk", async () => {
    const rows = Array.from(
      { length: 300 },
      (_, index) => `P${index},Smith,linkedin.com/in/p-${index},note\n`,
    );
    const chunks = [
      Buffer.from(HEADER + rows.join("")),
      Buffer.from("Zo\xeb,M,linkedin.com/in/zoe,\n", "latin1"),
    ];
    const result = await parseProspectCsv(Readable.from(chunks));
    expect(result).toEqual({ ok: false, error: expect.stringContaining("line 302 has the byte 0xEB") });
  });

  it("refuses a character cut off by the end of the file", async () => {
    const result = await parseProspectCsv(Buffer.from(`${HEADER}Zo\xc3`, "latin1"));
    expect(result).toEqual({ ok: false, error: expect.stringContaining("line 2 has the byte 0xC3") });
  });

  it("refuses a NUL byte after the first chunk", async () => {
    const chunks = [Buffer.from(HEADER + "a".repeat(9_000)), Buffer.from("\nJohn\0,Smith,x,\n")];
    const result = await parseProspectCsv(Readable.from(chunks));
    expect(result).toEqual({
      ok: false,
      error: "This is not a text file: line 3 contains binary data (a NUL byte). Upload a CSV file.",
    });
  });

  it("stops reading an endless upload once it passes maxBytes", async () => {
    let chunksRead = 0;
    let closed = false;
    async function* endless() {
      try {
        yield Buffer.from(HEADER);
        for (;;) {
          chunksRead++;
          yield Buffer.from("John,Smith,linkedin.com/in/john-smith,note\n".repeat(100));
        }
      } finally {
        closed = true;
      }
    }
    const result = await parseProspectCsv(endless(), { maxBytes: 1024 * 1024 });
    expect(result).toEqual({
      ok: false,
      error: "The file is larger than 1 MB; split it into smaller files.",
    });
    expect(chunksRead).toBeLessThan(300);
    expect(closed).toBe(true);
  });

  it("stops reading once maxRows is passed", async () => {
    let closed = false;
    async function* endless() {
      try {
        yield Buffer.from(HEADER);
        for (let index = 0; ; index++) yield Buffer.from(`P,Q,linkedin.com/in/p-${index},\n`);
      } finally {
        closed = true;
      }
    }
    const result = await parseProspectCsv(endless(), { maxRows: 1_000 });
    expect(result).toEqual({
      ok: false,
      error: "The file has more than 1,000 prospect rows; split it into smaller files.",
    });
    expect(closed).toBe(true);
  });

  it("reports the default size limit in megabytes", async () => {
    const result = await parseProspectCsv(Buffer.alloc(10 * 1024 * 1024 + 1, "a"));
    expect(result).toEqual({
      ok: false,
      error: "The file is larger than 10 MB; split it into smaller files.",
    });
  });
});
