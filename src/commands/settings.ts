// `/sam settings`: the workspace's own rules. For now one: `recency <days>`, how long a person
// first-touched by any campaign of the workspace is left alone (src/prospects/recency.ts);
// 0 turns the rule off. Without arguments it shows the current value.
import { DEFAULT_RECENCY_DAYS, MAX_RECENCY_DAYS, recencyDays } from "../prospects/recency.js";
import { escapeMrkdwn } from "../slack/text.js";
import { echoedName } from "./argument-limit.js";
import type { SubcommandInput } from "./sam.js";

const USAGE =
  "Usage: `/sam settings recency <days>`: a person first contacted (first message or invitation) by any campaign of " +
  `this workspace in the last <days> days is skipped at import and launch. 0 turns it off; the default is ${DEFAULT_RECENCY_DAYS}.`;

export async function settingsCommand({ ctx, args, workspaceId, rest }: SubcommandInput): Promise<void> {
  const [name = "", value, ...extra] = rest.split(/\s+/).filter(Boolean);
  if (name === "") {
    const days = await recencyDays(ctx.sql, workspaceId);
    await args.ack({
      response_type: "ephemeral",
      text: `*Workspace settings*\n• recency: ${days === 0 ? "off (people may be contacted again at any time)" : `${days} days between first contacts of the same person`}\n${USAGE.replaceAll("<", "&lt;").replaceAll(">", "&gt;")}`,
    });
    return;
  }
  if (name.toLowerCase() !== "recency") {
    await args.ack({ response_type: "ephemeral", text: `Unknown setting \`${escapeMrkdwn(echoedName(name))}\`. ${USAGE.replaceAll("<", "&lt;").replaceAll(">", "&gt;")}` });
    return;
  }
  const days = value !== undefined && /^\d{1,4}$/.test(value) ? Number(value) : Number.NaN;
  if (extra.length > 0 || !Number.isInteger(days) || days > MAX_RECENCY_DAYS) {
    await args.ack({
      response_type: "ephemeral",
      text: `\`recency\` takes one whole number of days from 0 to ${MAX_RECENCY_DAYS}${value === undefined ? "" : `, not \`${escapeMrkdwn(echoedName(value))}\``}.`,
    });
    return;
  }
  await ctx.sql`update workspaces set recency_days = ${days} where id = ${workspaceId}`;
  await args.ack({
    response_type: "ephemeral",
    text:
      days === 0
        ? "Recency rule off: people contacted by another campaign are no longer skipped for it."
        : `Recency rule: a person first contacted by any campaign of this workspace in the last ${days} days is skipped at import and launch.`,
  });
}
