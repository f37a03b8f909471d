// Hostile or careless text after `/sam <subcommand>`: handles no campaign can have (beyond
// PostgreSQL's integer, NUL inside), subcommand names that are Object.prototype members, and
// arguments thousands of characters long. Each is answered at once with a clear ephemeral
// message and costs at most one campaign query; nothing reaches the database as an error.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Campaign } from "../../src/campaigns/campaigns.js";
import { HELP_TEXT } from "../../src/commands/help.js";
import type { Sql } from "../../src/db/database.js";
import { captureLogs } from "../../src/log.js";
import { startTestApp, type TestApp } from "../support/app.js";
import { ackText, makeCampaign } from "../campaigns/fixtures.js";

const TEAM = "T0HOSTILE01";
let t: TestApp;
let target: Campaign;
let connector: Campaign;

beforeAll(async () => {
  t = await startTestApp({ worker: false });
  target = await makeCampaign(t, { teamId: TEAM, name: "Target list", announce: false });
  connector = await makeCampaign(t, { teamId: TEAM, name: "Invite wave", type: "connector", announce: false });
});
afterAll(() => t?.stop());

async function answer(text: string): Promise<string> {
  const response = await t.driver.command(text, { teamId: TEAM });
  expect(response.status).toBe(200);
  return ackText(response);
}

/** Statements the app's listeners send to PostgreSQL while `run` runs (the worker is off). */
async function statementsDuring(run: () => Promise<unknown>): Promise<number> {
  const real = t.app.ctx.sql;
  let count = 0;
  t.app.ctx.sql = new Proxy(real, {
    apply(target, self, args) {
      // A tagged template is a statement; sql(...) helpers (identifiers, value lists) are not.
      if (Array.isArray(args[0]) && "raw" in args[0]) count += 1;
      return Reflect.apply(target, self, args);
    },
  }) as Sql;
  try {
    await run();
  } finally {
    t.app.ctx.sql = real;
  }
  return count;
}

describe("handles no campaign can have", () => {
  it.each([
    ["c2147483648", "c2147483648"],
    ["c99999999999999999999", "c99999999999999999999"],
    [`c${"9".repeat(150)}`, `c${"9".repeat(150)}`],
    ["c0", "c0"],
    ["c-1", "c-1"],
    ["c7\u0000", "c7"],
    ["Target\u0000 list", "Target list"],
    // On the wire a lone surrogate arrives as U+FFFD; it is just not a name.
    ["c1\uD800", "c1\uFFFD"],
  ])("/sam status %j is a plain “no such campaign”", async (handle, shown) => {
    const logs: string[] = [];
    const restore = captureLogs(logs);
    try {
      const text = await answer(`status ${handle}`);
      if (shown === "Target list") {
        // NUL is dropped; what is left names the campaign (its status follows through the response_url).
        expect(text).toBe("Counting *Target list*; its status will appear here in a moment.");
      } else {
        expect(text.startsWith(`No campaign “${shown}” in this workspace.`)).toBe(true);
        expect(text.endsWith(HELP_TEXT)).toBe(true);
      }
    } finally {
      restore();
    }
    expect(logs.filter((line) => line.includes('"level":"error"'))).toEqual([]);
  });

  it("the largest handle PostgreSQL can hold is looked up like any other", async () => {
    expect(await answer("launch c2147483647")).toMatch(/^No campaign “c2147483647” in this workspace\./);
    expect(await answer(`status C${target.handle}`)).toBe("Counting *Target list*; its status will appear here in a moment.");
  });
});

describe("subcommand names that are members of every JavaScript object", () => {
  it.each(["constructor", "__proto__", "toString", "hasOwnProperty"])("/sam %s is an unknown command", async (name) => {
    expect(await answer(`${name} c1`)).toMatch(new RegExp(`^Unknown command \`/sam ${name}\`\\.`));
  });

  it("a very long unknown subcommand is not echoed in full", async () => {
    const text = await answer(`${"x".repeat(5000)} c1`);
    expect(text.startsWith(`Unknown command \`/sam ${"x".repeat(30)}…\`.`)).toBe(true);
    expect(text.length).toBeLessThan(HELP_TEXT.length + 200);
  });
});

describe("argument length", () => {
  it("a 5,000-character argument is refused at once, naming the command and the limit, without a query", async () => {
    const long = "Target list from ".repeat(300).slice(0, 5000);
    expect(long.length).toBe(5000);
    let text = "";
    const statements = await statementsDuring(async () => {
      text = await answer(`import ${long}`);
    });
    expect(text).toBe(
      "`/sam import` takes at most 200 characters after its name (a campaign handle like c12, or a name of up to 80 characters); " +
        "this one has 5,000. Nothing was done.",
    );
    expect(statements).toBe(0);
  });

  it("an argument at the limit is looked up, every reading of it in one query", async () => {
    // 11 cuts at " from ": 12 readings of the target and 11 of the source, none a campaign.
    const many = `${"Nothing from ".repeat(15)}x`.slice(0, 200);
    let text = "";
    const statements = await statementsDuring(async () => {
      text = await answer(`import ${many}`);
    });
    expect(text.startsWith("No campaign “Nothing” in this workspace.")).toBe(true);
    // The workspace row, then the one lookup.
    expect(statements).toBe(2);
  });

  it("import X from Y finds both campaigns with one query, and names an unknown source plainly", async () => {
    let text = "";
    const statements = await statementsDuring(async () => {
      text = await answer(`import "Target list" from c${connector.handle}`);
    });
    expect(text).toBe("*Invite wave* has no accepted connections to move.");
    // The workspace row, the lookup, then the move's transaction (begin is not counted).
    expect(statements).toBe(2);
    expect(await answer(`import Target list from c2147483648`)).toBe("No connector campaign “c2147483648” in this workspace.");
    expect(await answer(`import Target list from Invite\u0000 wave`)).toBe("*Invite wave* has no accepted connections to move.");
  });
});
