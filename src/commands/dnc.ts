// `/sam dnc add|remove|list|export|import`: the workspace's do-not-contact list. Every answer is
// ephemeral; wrong usage is answered with the usage of `/sam dnc`.
import { DateTime } from "luxon";
import { addAndStop, entriesPage, exportCsv, removeEntry } from "../do-not-contact/entries.js";
import { displayOf, type EntryKind, parseTarget } from "../do-not-contact/keys.js";
import { notify } from "../slack/outbox.js";
import { escapeMrkdwn } from "../slack/text.js";
import { dncImportModal } from "../views/import-do-not-contact.js";
import { ephemeral } from "./campaign-command.js";
import type { Subcommand, SubcommandInput } from "./sam.js";

export const DNC_USAGE = [
  "`/sam dnc add <url|company>` — never contact this person (LinkedIn profile URL), company page or company name",
  "`/sam dnc remove <url|company>` — take an entry off the list",
  "`/sam dnc list [page]` — the list, 25 entries a page",
  "`/sam dnc export` — the whole list as a CSV file in this channel",
  "`/sam dnc import` — add entries from a CSV (one column, or the prospect CSV format)",
]
  .join("\n")
  .replace(/</g, "&lt;")
  .replace(/>/g, "&gt;");

const KIND_WORDS: Record<EntryKind, string> = { profile: "person", company: "company", company_page: "company page" };

const usage = (problem: string) => ephemeral(`${problem}\n${DNC_USAGE}`);

/** How an entry is named in an answer: a link for URLs, the name for a company. */
function named(entry: { kind: EntryKind; key: string; original: string }): string {
  const shown = displayOf(entry);
  return entry.kind === "company" ? `*${escapeMrkdwn(shown)}*` : escapeMrkdwn(shown);
}

async function add({ ctx, args, workspaceId }: SubcommandInput, text: string) {
  const target = parseTarget(text);
  if (!target.ok) {
    await args.ack(usage(`\`/sam dnc add\`: ${escapeMrkdwn(target.reason)}.`));
    return;
  }
  const entry = { kind: target.kind, key: target.key, original: target.display };
  const user = args.command.user_id;
  // The entry and the cancellations commit together. A company entry reads the workspace's
  // unfinished prospects (one indexed scan); the claim-time check is the backstop either way.
  const result = await ctx.sql.begin((tx) =>
    addAndStop(tx, ctx, workspaceId, [entry], { reason: "added with /sam dnc add", addedBy: user, source: "command" }),
  );
  const stopped =
    result.cancelled.prospects + result.cancelled.rows > 0
      ? ` Stopped ${result.cancelled.prospects} prospect(s); ${result.cancelled.rows} pending message(s) cancelled in ${result.cancelled.campaignIds.length} campaign(s).`
      : " No pending message was addressed to it.";
  await args.ack(
    ephemeral(
      result.added > 0
        ? `Added the ${KIND_WORDS[target.kind]} ${named(entry)} to the do-not-contact list.${stopped}`
        : `The ${KIND_WORDS[target.kind]} ${named(entry)} was already on the do-not-contact list.${result.cancelled.rows > 0 ? stopped : ""}`,
    ),
  );
}

async function remove({ ctx, args, workspaceId }: SubcommandInput, text: string) {
  const target = parseTarget(text);
  if (!target.ok) {
    await args.ack(usage(`\`/sam dnc remove\`: ${escapeMrkdwn(target.reason)}.`));
    return;
  }
  const entry = { kind: target.kind, key: target.key, original: target.display };
  const removed = await removeEntry(ctx.sql, workspaceId, entry);
  await args.ack(
    ephemeral(
      removed
        ? `Removed the ${KIND_WORDS[target.kind]} ${named(entry)} from the do-not-contact list. Prospects it stopped stay stopped; import them again to contact them.`
        : `The ${KIND_WORDS[target.kind]} ${named(entry)} is not on the do-not-contact list. See \`/sam dnc list\`.`,
    ),
  );
}

async function list({ ctx, args, workspaceId }: SubcommandInput, text: string) {
  const page = text === "" ? 1 : /^\d{1,6}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(page) || page < 1) {
    await args.ack(usage(`\`/sam dnc list\`: the page must be a number like 2, not “${escapeMrkdwn(text.slice(0, 30))}”.`));
    return;
  }
  const { entries, total, pages } = await entriesPage(ctx.sql, workspaceId, page);
  if (total === 0) {
    await args.ack(ephemeral("The do-not-contact list is empty. Add to it with `/sam dnc add <url|company>`.".replace("<url|company>", "&lt;url|company&gt;")));
    return;
  }
  if (page > pages) {
    await args.ack(ephemeral(`\`/sam dnc list\`: there is no page ${page}; the list has ${pages} page(s) (${total} entries).`));
    return;
  }
  const lines = entries.map((entry) => {
    const when = DateTime.fromJSDate(entry.added_at).toUTC().toFormat("d LLL yyyy");
    const who = entry.added_by ? `<@${entry.added_by}>` : "the app";
    // A user mention in a reason ("marked Do not contact by <@U…>") stays a mention; nothing else is markup.
    const why = entry.reason ? ` — ${escapeMrkdwn(entry.reason.slice(0, 150)).replace(/&lt;@([UW][A-Z0-9]{2,20})&gt;/g, "<@$1>")}` : "";
    return `• ${named(entry)} (${KIND_WORDS[entry.kind]}) — added by ${who} on ${when}${why}`;
  });
  const more = page < pages ? `\nNext: \`/sam dnc list ${page + 1}\`` : "";
  await args.ack(ephemeral(`*Do-not-contact list* — page ${page} of ${pages} (${total} entries)\n${lines.join("\n")}${more}`));
}

async function exportList({ ctx, args, workspaceId }: SubcommandInput) {
  const channel = args.command.channel_id;
  const user = args.command.user_id;
  await args.ack(ephemeral("Preparing the do-not-contact list; the CSV will appear in this channel."));
  const { csv, count } = await exportCsv(ctx.sql, workspaceId);
  const date = DateTime.fromJSDate(ctx.clock.now()).toUTC().toFormat("yyyy-LL-dd");
  await notify(ctx.sql, ctx.clock, {
    workspaceId,
    target: { kind: "channel", channel },
    text: `Do-not-contact list exported by <@${user}>: ${count} entries.`,
    file: { filename: `do-not-contact-${date}.csv`, content: csv, title: "Do-not-contact list" },
  });
}

async function importList({ args }: SubcommandInput, text: string) {
  if (text !== "") {
    await args.ack(usage("`/sam dnc import` takes no argument: it opens a form to upload the CSV."));
    return;
  }
  await args.ack();
  await args.client.views.open({
    trigger_id: args.command.trigger_id,
    view: dncImportModal({ channel: args.command.channel_id }) as never,
  });
}

export const dncCommand: Subcommand = async (input) => {
  const [first = ""] = input.rest.split(/\s+/, 1);
  const action = first.toLowerCase();
  const text = input.rest.slice(first.length).trim();
  switch (action) {
    case "add":
    case "remove":
      if (text === "") {
        await input.args.ack(usage(`\`/sam dnc ${action}\` needs a LinkedIn profile URL, a company page URL or a company name.`));
        return;
      }
      return action === "add" ? add(input, text) : remove(input, text);
    case "list":
      return list(input, text);
    case "export":
      if (text !== "") {
        await input.args.ack(usage("`/sam dnc export` takes no argument."));
        return;
      }
      return exportList(input);
    case "import":
      return importList(input, text);
    default:
      await input.args.ack(usage(first === "" ? "*Do-not-contact list*" : `\`/sam dnc\` has no \`${escapeMrkdwn(first.slice(0, 30).replace(/`/g, ""))}\`.`));
  }
};
