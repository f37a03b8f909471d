// The largest file we accept (100,000 rows) must parse in well under 3 s on a 2-core machine.
import { describe, expect, it } from "vitest";
import { parseProspectCsv } from "../../src/prospects/csv.js";

function generatedCsv(rows: number): Buffer {
  const lines = ["First Name,Last Name,LinkedIn URL,Company,Title,Notes"];
  for (let index = 0; index < rows; index++) {
    lines.push(
      `Fïrst${index},Last${index},https://www.linkedin.com/in/person-${index}/,Company ${index % 500},` +
        `CEO,"Met ""Expo"", ${index}"`,
    );
  }
  return Buffer.from(`${lines.join("\r\n")}\r\n`);
}

describe("parseProspectCsv performance", () => {
  it("parses 100,000 rows in under 3 seconds", async () => {
    const csv = generatedCsv(100_000);
    expect(csv.length).toBeLessThan(10 * 1024 * 1024);

    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const result = await parseProspectCsv(csv);
    const cpu = process.cpuUsage(cpuBefore);
    const elapsed = performance.now() - started;
    console.info(
      `100,000 rows (${(csv.length / 1024 / 1024).toFixed(1)} MB): ${elapsed.toFixed(0)} ms wall, ` +
        `${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU`,
    );

    expect(result).toMatchObject({ ok: true, totalDataRows: 100_000, invalid: [], duplicates: [] });
    if (result.ok) {
      expect(result.rows).toHaveLength(100_000);
      expect(result.rows[99_999]).toEqual({
        row: 100_001,
        firstName: "Fïrst99999",
        lastName: "Last99999",
        linkedinUrl: "https://www.linkedin.com/in/person-99999/",
        publicIdentifier: "person-99999",
        companyName: "Company 499",
        title: "CEO",
        custom: { notes: 'Met "Expo", 99999' },
      });
    }
    // CPU time, not wall time: other test files and other work share this machine's two cores.
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(3_000);
  });
});
