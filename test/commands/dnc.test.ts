// `/sam dnc` through the signed HTTP path and the fake Slack: add (and what it stops at once),
// remove, list in pages, export as a file, import from a CSV through the modal (idempotent, with
// a report naming rows), wrong usage named, and each workspace seeing only its own list.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPORT_COLUMNS } from "../../src/do-not-contact/entries.js";
import { DNC_REASON } from "../../src/do-not-contact/list.js";
import { dncImportModal } from "../../src/views/import-do-not-contact.js";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { DEFAULT_CHANNEL_ID, DEFAULT_USER_ID } from "../support/fake-slack.js";
import { seedCampaign } from "../support/seed.js";
import { ackText, settled } from "../campaigns/fixtures.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.stop());

const dnc = async (text: string, teamId?: string) => ackText(await t.driver.command(`dnc ${text}`, teamId ? { teamId } : {}));

describe("/sam dnc add and remove", () => {
  it("adds a person once whatever the URL form, stops their pending messages at once, and removes them", async () => {
    const teamId = "T0DNCADD001";
    const seeded = await seedCampaign(t.db.sql, { teamId, unipileAccountId: "acc-dnc-add", prospects: 2 });
    const [target] = await t.db.sql<{ public_identifier: string }[]>`select public_identifier from campaign_prospects where id = ${seeded.prospectIds[0]!}`;
    const url = `https://www.linkedin.com/in/${target!.public_identifier}/`;

    expect(await dnc(`add <${url.toUpperCase().replace("HTTPS://WWW.", "http://uk.")}?trk=x>`, teamId)).toBe(
      `Added the person ${url} to the do-not-contact list. Stopped 1 prospect(s); 3 pending message(s) cancelled in 1 campaign(s).`,
    );
    expect(await dnc(`add ${url}`, teamId)).toBe(`The person ${url} was already on the do-not-contact list.`);
    const rows = await t.db.sql`select prospect_id, status from send_queue where campaign_id = ${seeded.campaignId} order by prospect_id, step`;
    expect(rows.filter((row) => row.prospect_id === seeded.prospectIds[0]).map((row) => row.status)).toEqual(["cancelled", "cancelled", "cancelled"]);
    expect(rows.filter((row) => row.prospect_id === seeded.prospectIds[1]).map((row) => row.status)).toEqual(["pending", "pending", "pending"]);
    const [entry] = await t.db.sql`select kind, key, added_by, source, reason from do_not_contact where key = ${target!.public_identifier}`;
    expect(entry).toEqual({
      kind: "profile",
      key: target!.public_identifier,
      added_by: DEFAULT_USER_ID,
      source: "command",
      reason: "added with /sam dnc add",
    });

    expect(await dnc(`remove ${url}`, teamId)).toBe(
      `Removed the person ${url} from the do-not-contact list. Prospects it stopped stay stopped; import them again to contact them.`,
    );
    expect(await dnc(`remove ${url}`, teamId)).toBe(`The person ${url} is not on the do-not-contact list. See \`/sam dnc list\`.`);
  });

  it("adds a company by name, case and punctuation aside, and stops its people", async () => {
    const teamId = "T0DNCCOMP01";
    const seeded = await seedCampaign(t.db.sql, { teamId, unipileAccountId: "acc-dnc-comp", prospects: 3 });
    await t.db.sql`update campaign_prospects set company_name = 'ACME, Inc.' where id = ${seeded.prospectIds[0]!}`;
    await t.db.sql`update campaign_prospects set company_name = 'Acme Labs' where id = ${seeded.prospectIds[1]!}`;
    expect(await dnc("add acme inc", teamId)).toBe(
      "Added the company *acme inc* to the do-not-contact list. Stopped 1 prospect(s); 3 pending message(s) cancelled in 1 campaign(s).",
    );
    expect(await dnc("add Acme", teamId)).toBe("The company *Acme* was already on the do-not-contact list.");
    const statuses = await t.db.sql<{ id: string; status: string; status_reason: string | null }[]>`
      select id, status, status_reason from campaign_prospects where campaign_id = ${seeded.campaignId}`;
    expect(statuses.find((row) => row.id === seeded.prospectIds[0])).toMatchObject({ status: "opted_out", status_reason: DNC_REASON });
    expect(statuses.filter((row) => row.status === "opted_out")).toHaveLength(1);
    expect(await dnc("remove ACME", teamId)).toMatch(/^Removed the company \*ACME\*/);
  });

  it("names the command and says what is wrong", async () => {
    expect(await dnc("add")).toMatch(/^`\/sam dnc add` needs a LinkedIn profile URL, a company page URL or a company name\.\n`\/sam dnc add &lt;url\|company&gt;`/);
    expect(await dnc("add https://www.linkedin.com/sales/lead/ACoAAB")).toMatch(/^`\/sam dnc add`: Sales Navigator URL/);
    expect(await dnc("remove https://example.com/in/x")).toMatch(/^`\/sam dnc remove`: Not a LinkedIn address/);
    expect(await dnc("list two")).toMatch(/^`\/sam dnc list`: the page must be a number like 2/);
    expect(await dnc("export now")).toMatch(/^`\/sam dnc export` takes no argument\./);
    expect(await dnc("frobnicate")).toMatch(/^`\/sam dnc` has no `frobnicate`\./);
    expect(await dnc("")).toMatch(/^\*Do-not-contact list\*\n`\/sam dnc add/);
    expect(await dnc("add ***")).toMatch(/no letter or digit/);
  });
});

describe("/sam dnc list and export", () => {
  it("pages 25 entries at a time, shows only this workspace's list, and exports it all as a CSV", async () => {
    const teamId = "T0DNCLIST01";
    for (let i = 1; i <= 27; i++) expect(await dnc(`add Company ${String(i).padStart(2, "0")}`, teamId)).toMatch(/^Added/);
    expect(await dnc("add https://www.linkedin.com/company/globex/", teamId)).toMatch(/^Added the company page/);
    expect(await dnc("add Someone Else's Company", "T0DNCLIST02")).toMatch(/^Added/);

    const first = await dnc("list", teamId);
    const lines = first.split("\n");
    expect(lines[0]).toBe("*Do-not-contact list* — page 1 of 2 (28 entries)");
    expect(lines).toHaveLength(1 + 25 + 1);
    expect(lines[1]).toMatch(new RegExp(`^• \\*Company 01\\* \\(company\\) — added by <@${DEFAULT_USER_ID}> on \\d+ \\w+ \\d{4} — added with /sam dnc add$`));
    expect(lines.at(-1)).toBe("Next: `/sam dnc list 2`");
    const second = (await dnc("list 2", teamId)).split("\n");
    expect(second[0]).toBe("*Do-not-contact list* — page 2 of 2 (28 entries)");
    expect(second.slice(1).map((line) => line.split(" — ")[0])).toEqual([
      "• *Company 26* (company)",
      "• *Company 27* (company)",
      "• https://www.linkedin.com/company/globex/ (company page)",
    ]);
    expect(await dnc("list 3", teamId)).toBe("`/sam dnc list`: there is no page 3; the list has 2 page(s) (28 entries).");
    expect(first).not.toMatch(/Someone Else/);
    expect(await dnc("list", "T0DNCEMPTY1")).toBe("The do-not-contact list is empty. Add to it with `/sam dnc add &lt;url|company&gt;`.");

    expect(await dnc("export", teamId)).toBe("Preparing the do-not-contact list; the CSV will appear in this channel.");
    const upload = await eventually(() => t.slack.uploads.find((u) => u.completed && u.filename.startsWith("do-not-contact-")));
    expect(upload.channel_id).toBe(DEFAULT_CHANNEL_ID);
    expect(upload.initial_comment).toBe(`Do-not-contact list exported by <@${DEFAULT_USER_ID}>: 28 entries.`);
    const csv = upload.content!.toString("utf8").replace(/^\uFEFF/, "").trim().split(/\r?\n/);
    expect(csv[0]).toBe(EXPORT_COLUMNS.join(","));
    expect(csv).toHaveLength(29);
    expect(csv[1]).toMatch(/^company,Company 01,Company 01,/);
    expect(csv[28]).toMatch(/^company_page,https:\/\/www\.linkedin\.com\/company\/globex\/,https:\/\/www\.linkedin\.com\/company\/globex\/,/);
    expect(csv.join("\n")).not.toMatch(/Someone Else/);
  });
});

describe("/sam dnc import", () => {
  it("opens the upload form, adds every valid row in one go, reports the rest by row, and imports a file once", async () => {
    const teamId = "T0DNCIMP001";
    const seeded = await seedCampaign(t.db.sql, { teamId, unipileAccountId: "acc-dnc-imp", prospects: 2 });
    const [listed] = await t.db.sql<{ public_identifier: string }[]>`select public_identifier from campaign_prospects where id = ${seeded.prospectIds[1]!}`;
    expect(await dnc("add Initech", teamId)).toMatch(/^Added/);

    const opened = t.slack.callsTo("views.open").length;
    const ack = await t.driver.command("dnc import", { teamId });
    expect(ack.status).toBe(200);
    await eventually(() => t.slack.callsTo("views.open")[opened]);
    const modal = t.slack.views().filter((view) => view.type === "modal").at(-1)!;
    expect(modal.callback_id).toBe("import_do_not_contact");

    const file = t.slack.addFile({
      name: "block.csv",
      content: [
        "url",
        `https://www.linkedin.com/in/${listed!.public_identifier}`,
        "Initech GmbH",
        "https://www.linkedin.com/company/umbrella",
        "https://www.linkedin.com/feed/update/123",
        '"Wayne Enterprises, Inc."',
        "wayne enterprises",
        "a,b",
      ].join("\n"),
    });
    const state = { values: { csv: { value: { type: "file_input", files: [{ id: file.id }] } } } };
    const before = t.slack.callsTo("chat.postEphemeral").length;
    expect((await t.driver.viewSubmission({ id: modal.id, callback_id: "import_do_not_contact", state }, { teamId })).body).toBe("");
    expect((await t.driver.viewSubmission({ id: modal.id, callback_id: "import_do_not_contact", state }, { teamId, retryNum: 1 })).body).toBe("");
    await eventually(() => t.slack.callsTo("chat.postEphemeral").length > before);
    await settled(t);
    const reports = t.slack.callsTo("chat.postEphemeral").slice(before);
    expect(reports).toHaveLength(1);
    expect(reports[0]!.args.channel).toBe(DEFAULT_CHANNEL_ID);
    expect(reports[0]!.args.user).toBe(DEFAULT_USER_ID);
    expect(reports[0]!.args.text).toBe(
      [
        "*Added 3 entries to the do-not-contact list* from block.csv (7 data rows, one column).",
        "• already on the list: 1",
        "• duplicates: 1 (repeated in the file; each entry is added once)",
        "• invalid: 2",
        "• stopped: 1 prospect(s), 3 pending message(s) cancelled in 1 campaign(s)",
        "",
        "*First 2 of 2 rows not added:*",
        "• row 5 (invalid): Link to a feed or post, not a profile: expected a profile URL like https://www.linkedin.com/in/jane-doe/",
        "• row 8 (invalid): more than one value: one URL or company name per line (a name with a comma must be in double quotes)",
      ].join("\n"),
    );
    const entries = await t.db.sql`
      select d.kind, d.key, d.source from do_not_contact d join workspaces w on w.id = d.workspace_id
      where w.slack_team_id = ${teamId} order by d.id`;
    expect(entries).toEqual([
      { kind: "company", key: "initech", source: "command" },
      { kind: "profile", key: listed!.public_identifier, source: "csv" },
      { kind: "company_page", key: "umbrella", source: "csv" },
      { kind: "company", key: "wayne enterprises", source: "csv" },
    ]);
  });

  it("takes the prospect CSV format (people only) and refuses a file it cannot read, adding nothing", async () => {
    const teamId = "T0DNCIMP002";
    const submit = async (content: string, name: string) => {
      const file = t.slack.addFile({ name, content });
      const before = t.slack.callsTo("chat.postEphemeral").length;
      await t.driver.viewSubmission(
        {
          callback_id: "import_do_not_contact",
          blocks: dncImportModal({ channel: DEFAULT_CHANNEL_ID }).blocks,
          private_metadata: JSON.stringify({ channel: DEFAULT_CHANNEL_ID }),
          state: { values: { csv: { value: { type: "file_input", files: [{ id: file.id }] } } } },
        },
        { teamId },
      );
      await eventually(() => t.slack.callsTo("chat.postEphemeral").length > before);
      return String(t.slack.callsTo("chat.postEphemeral").at(-1)!.args.text);
    };
    expect(
      await submit("first_name,last_name,linkedin_url,company\nJane,Doe,linkedin.com/in/jane-doe,Acme\n,Smith,linkedin.com/in/john\n", "people.csv"),
    ).toBe(
      [
        "*Added 1 entry to the do-not-contact list* from people.csv (2 data rows, prospect CSV: people only).",
        "• already on the list: 0",
        "• duplicates: 0",
        "• invalid: 1",
        "• stopped: 0 prospect(s), 0 pending message(s) cancelled in 0 campaign(s)",
        "",
        "*First 1 of 1 rows not added:*",
        "• row 3 (invalid): first_name: First name is missing",
      ].join("\n"),
    );
    expect(await submit("name,company,title\nA,B,C\n", "wrong.csv")).toBe(
      "wrong.csv was not imported into the do-not-contact list: The file has several columns but no linkedin_url column: use one column (a URL or company name per line) or the prospect CSV format.",
    );
    const entries = await t.db.sql`
      select d.kind, d.key from do_not_contact d join workspaces w on w.id = d.workspace_id where w.slack_team_id = ${teamId}`;
    expect(entries).toEqual([{ kind: "profile", key: "jane-doe" }]);
  });

  it("reads back its own export (the entry column) into another workspace, and refuses a binary file whole", async () => {
    const from = "T0DNCROUND1";
    const to = "T0DNCROUND2";
    for (const text of ["add https://www.linkedin.com/in/round-trip", "add linkedin.com/company/round-co", "add Round, Inc."]) {
      expect(await dnc(text, from)).toMatch(/^Added/);
    }
    const uploads = t.slack.uploads.length;
    await dnc("export", from);
    const upload = await eventually(() => t.slack.uploads.slice(uploads).find((u) => u.completed));
    const file = t.slack.addFile({ name: "exported.csv", content: upload.content!.toString("utf8") });
    const nul = t.slack.addFile({ name: "nul.csv", content: "Bad\u0000Corp\n" });
    const reports: string[] = [];
    for (const id of [file.id, nul.id]) {
      const before = t.slack.callsTo("chat.postEphemeral").length;
      await t.driver.viewSubmission(
        {
          callback_id: "import_do_not_contact",
          private_metadata: JSON.stringify({ channel: DEFAULT_CHANNEL_ID }),
          state: { values: { csv: { value: { type: "file_input", files: [{ id }] } } } },
        },
        { teamId: to },
      );
      await eventually(() => t.slack.callsTo("chat.postEphemeral").length > before);
      reports.push(String(t.slack.callsTo("chat.postEphemeral").at(-1)!.args.text));
    }
    expect(reports[0]).toMatch(/^\*Added 3 entries to the do-not-contact list\* from exported\.csv \(3 data rows, one column\)\./);
    expect(reports[1]).toBe("nul.csv was not imported into the do-not-contact list: This is not a text file (it contains binary data). Upload a CSV file.");
    const entries = await t.db.sql`
      select d.kind, d.key, d.original from do_not_contact d join workspaces w on w.id = d.workspace_id
      where w.slack_team_id = ${to} order by d.id`;
    expect(entries).toEqual([
      { kind: "profile", key: "round-trip", original: "https://www.linkedin.com/in/round-trip/" },
      { kind: "company_page", key: "round-co", original: "https://www.linkedin.com/company/round-co/" },
      { kind: "company", key: "round", original: "Round, Inc." },
    ]);
  });

  it("/sam dnc takes a long URL but not a page of text", async () => {
    const long = `https://www.linkedin.com/in/long-url/?${"trk=x&".repeat(60)}`;
    expect(long.length).toBeGreaterThan(200);
    expect(await dnc(`add ${long}`, "T0DNCLONG01")).toBe("Added the person https://www.linkedin.com/in/long-url/ to the do-not-contact list. No pending message was addressed to it.");
    expect(await dnc(`add ${"x".repeat(1200)}`, "T0DNCLONG01")).toMatch(/^`\/sam dnc` takes at most 1000 characters after its name \(a LinkedIn URL or a company name\); this one has 1,204\. Nothing was done\.$/);
  });
});
