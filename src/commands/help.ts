// `/sam help`: the command list. mrkdwn: `<` and `>` are written as entities, or Slack would
// read `<campaign>` as a link (https://api.slack.com/reference/surfaces/formatting#escaping).
export const HELP_TEXT = [
  "*SAM Campaigns* — LinkedIn outreach from Slack",
  "`/sam new` — create a campaign (opens a form)",
  "`/sam list` — your workspace's campaigns",
  "`/sam status &lt;campaign&gt;` — counts, next send, sent today",
  "`/sam import &lt;campaign&gt;` — add prospects from a CSV (or drop a .csv in the campaign's thread)",
  "`/sam import &lt;campaign&gt; from &lt;connector campaign&gt;` — take a connector campaign's accepted connections",
  "`/sam preview &lt;campaign&gt;` — when messages will go out, day by day",
  "`/sam edit &lt;campaign&gt;` — change its messages, delays, schedule or name (a draft: anything)",
  "`/sam clone &lt;campaign&gt;` — a new draft with the same settings and messages, optionally its uncontacted prospects",
  "`/sam stats [&lt;campaign&gt;]` — figures and charts (a campaign's in its thread; without one, the workspace's)",
  "`/sam stats weekly on|off [&lt;campaign&gt;]` · `/sam stats weekly zone &lt;time zone&gt;` — the Monday 09:00 weekly reports",
  "`/sam launch &lt;campaign&gt;` — check connections and start sending",
  "`/sam pause &lt;campaign&gt;` · `/sam resume &lt;campaign&gt;` · `/sam cancel &lt;campaign&gt;`",
  "`/sam retry &lt;campaign&gt;` — re-queue failed messages that can still succeed",
  "`/sam export &lt;campaign&gt;` — a CSV of prospects, statuses, sent times and errors",
  "`/sam notify &lt;campaign&gt; on|off` — DM the campaign's owner about interested replies (on by default)",
  "`/sam accounts` — link LinkedIn accounts and set their daily caps",
  "`/sam dnc add|remove &lt;url|company&gt;` · `/sam dnc list [page]` · `/sam dnc export` · `/sam dnc import` — the do-not-contact list",
  "`/sam settings recency &lt;days&gt;` — leave a person contacted by any campaign alone this long (0: off)",
  "`/sam settings pool-wait &lt;hours&gt;` — how long a sender pool waits for an unavailable account before moving its untouched prospects",
  "`/sam api-keys create read|write [label]` · `/sam api-keys list` · `/sam api-keys revoke &lt;prefix&gt;` — REST API keys (admins)",
  "`/sam webhooks add &lt;url&gt; [events…]` · `list` · `remove|test|log &lt;id&gt;` — signed outbound webhooks (admins)",
  "A campaign is named by its handle (e.g. `c12`) or its name.",
].join("\n");

export const helpCommand = async ({ args }: { args: { ack: (response: object) => Promise<void> } }) => {
  await args.ack({ response_type: "ephemeral", text: HELP_TEXT });
};
