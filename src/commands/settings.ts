// `/sam settings`: the workspace's own rules. `recency <days>`, how long a person first-touched
// by any campaign of the workspace is left alone (src/prospects/recency.ts; 0 turns the rule
// off), and `pool-wait <hours>`, how long a sender pool's account may stay unavailable before its
// prospects not yet contacted move to the pool's other accounts (src/delivery/pool-reassign.ts).
// Without arguments it shows the current values.
import { DEFAULT_RECENCY_DAYS, MAX_RECENCY_DAYS, recencyDays } from "../prospects/recency.js";
import { escapeMrkdwn } from "../slack/text.js";
import { echoedName } from "./argument-limit.js";
import type { SubcommandInput } from "./sam.js";

const USAGE =
  "Usage: `/sam settings recency <days>`: a person first contacted (first message or invitation) by any campaign of " +
  `this workspace in the last <days> days is skipped at import and launch. 0 turns it off; the default is ${DEFAULT_RECENCY_DAYS}. ` +
  "`/sam settings pool-wait <hours>`: after how long an unavailable account of a sender pool hands its prospects not yet contacted to the pool's other accounts (1 to 8760; the default is 48).";
const MAX_POOL_WAIT_HOURS = 8760;

export async function settingsCommand({ ctx, args, workspaceId, rest }: SubcommandInput): Promise<void> {
  const [name = "", value, ...extra] = rest.split(/\s+/).filter(Boolean);
  if (name === "") {
    const days = await recencyDays(ctx.sql, workspaceId);
    const [pool] = await ctx.sql<{ hours: number }[]>`select pool_reassign_after_hours as hours from workspaces where id = ${workspaceId}`;
    await args.ack({
      response_type: "ephemeral",
      text: `*Workspace settings*\n• recency: ${days === 0 ? "off (people may be contacted again at any time)" : `${days} days between first contacts of the same person`}\n• pool-wait: ${pool?.hours ?? 48} hours before an unavailable pool account's untouched prospects move\n${USAGE.replaceAll("<", "&lt;").replaceAll(">", "&gt;")}`,
    });
    return;
  }
  if (name.toLowerCase() === "pool-wait") {
    const hours = value !== undefined && /^\d{1,4}$/.test(value) ? Number(value) : Number.NaN;
    if (extra.length > 0 || !Number.isInteger(hours) || hours < 1 || hours > MAX_POOL_WAIT_HOURS) {
      await args.ack({
        response_type: "ephemeral",
        text: `\`pool-wait\` takes one whole number of hours from 1 to ${MAX_POOL_WAIT_HOURS}${value === undefined ? "" : `, not \`${escapeMrkdwn(echoedName(value))}\``}.`,
      });
      return;
    }
    await ctx.sql`update workspaces set pool_reassign_after_hours = ${hours} where id = ${workspaceId}`;
    await args.ack({
      response_type: "ephemeral",
      text: `Sender pools: an account unavailable for ${hours} hours hands its prospects not yet contacted to the pool's other accounts (once each).`,
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
