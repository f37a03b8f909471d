// `/sam help`: the command list.
export const HELP_TEXT = [
  "*SAM Campaigns* — LinkedIn outreach from Slack",
  "`/sam new` — create a campaign (opens a form)",
  "`/sam list` — your workspace's campaigns",
  "`/sam status <campaign>` — counts, next send, sent today",
  "`/sam import <campaign>` — add prospects from a CSV (or drop a .csv in the campaign's thread)",
  "`/sam import <campaign> from <connector campaign>` — take a connector campaign's accepted connections",
  "`/sam preview <campaign>` — when messages will go out, day by day",
  "`/sam launch <campaign>` — check connections and start sending",
  "`/sam pause <campaign>` · `/sam resume <campaign>` · `/sam cancel <campaign>`",
  "`/sam retry <campaign>` — re-queue failed messages that can still succeed",
  "`/sam export <campaign>` — a CSV of prospects, statuses, sent times and errors",
  "`/sam accounts` — link LinkedIn accounts and set their daily caps",
  "A campaign is named by its handle (e.g. `c12`) or its name.",
].join("\n");

export const helpCommand = async ({ args }: { args: { ack: (response: object) => Promise<void> } }) => {
  await args.ack({ response_type: "ephemeral", text: HELP_TEXT });
};
