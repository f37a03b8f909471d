// The `/sam` router: finds the workspace, splits the text into a subcommand and its arguments,
// and hands them to the subcommand's own file. Every handler acknowledges within Slack's 3 s.
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import type { AppContext } from "../context.js";
import { logWithReference } from "../internal-error.js";
import { ensureWorkspace } from "../workspaces.js";
import { accountsCommand } from "./accounts.js";
import { apiKeysCommand } from "./api-keys.js";
import { argumentTooLong, echoedName } from "./argument-limit.js";
import { HELP_TEXT, helpCommand } from "./help.js";
import { controlCommand } from "./controls.js";
import { cloneCommand } from "./clone.js";
import { dncCommand } from "./dnc.js";
import { editCommand } from "./edit.js";
import { exportCommand } from "./export.js";
import { importCommand } from "./import.js";
import { listCommand } from "./list.js";
import { newCommand } from "./new.js";
import { notifyCommand } from "./notify.js";
import { previewCommand } from "./preview.js";
import { settingsCommand } from "./settings.js";
import { statsCommand } from "./stats.js";
import { statusCommand } from "./status.js";
import { webhooksCommand } from "./webhooks.js";

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export interface SubcommandInput {
  ctx: AppContext;
  args: CommandArgs;
  workspaceId: string;
  /** The text after the subcommand, trimmed. */
  rest: string;
}

export type Subcommand = (input: SubcommandInput) => Promise<void>;

const subcommands: Record<string, Subcommand> = {
  help: helpCommand,
  accounts: accountsCommand,
  new: newCommand,
  list: listCommand,
  status: statusCommand,
  stats: statsCommand,
  export: exportCommand,
  import: importCommand,
  preview: previewCommand,
  settings: settingsCommand,
  launch: controlCommand("launch"),
  pause: controlCommand("pause"),
  resume: controlCommand("resume"),
  cancel: controlCommand("cancel"),
  retry: controlCommand("retry"),
  dnc: dncCommand,
  notify: notifyCommand,
  "api-keys": apiKeysCommand,
  edit: editCommand,
  clone: cloneCommand,
  webhooks: webhooksCommand,
};

export function registerSubcommand(name: string, handler: Subcommand): void {
  subcommands[name] = handler;
}

export function samCommand(ctx: AppContext) {
  return async (args: CommandArgs) => {
    const text = args.command.text.trim();
    const [first = "help"] = text.split(/\s+/, 1).filter(Boolean);
    const name = first.toLowerCase();
    const rest = text.slice(first.length).trim();
    // Own properties only: `/sam constructor` must not find Object.prototype.constructor.
    const handler = Object.hasOwn(subcommands, name) ? subcommands[name] : undefined;
    if (!handler) {
      const known = Object.keys(subcommands).sort();
      const close = known.filter((candidate) => candidate.startsWith(name.slice(0, 2)));
      const hint = close.length > 0 ? `Did you mean ${close.map((c) => `\`/sam ${c}\``).join(" or ")}?\n\n` : "";
      await args.ack({ response_type: "ephemeral", text: `Unknown command \`/sam ${echoedName(first)}\`. ${hint}${HELP_TEXT}` });
      return;
    }
    const tooLong = argumentTooLong(name, rest);
    if (tooLong) {
      await args.ack({ response_type: "ephemeral", text: tooLong });
      return;
    }
    await runReporting(ctx, name, args, async (tracked) => {
      const workspaceId = await ensureWorkspace(ctx.sql, args.command.team_id, args.command.team_domain);
      await handler({ ctx, args: tracked, workspaceId, rest });
    });
  };
}

/**
 * Runs a subcommand; if it fails unexpectedly, the user gets a plain sentence with a reference id
 * (as the acknowledgement, or after it through the response URL) and the log gets the error.
 */
async function runReporting(ctx: AppContext, name: string, args: CommandArgs, run: (args: CommandArgs) => Promise<void>) {
  let acknowledged = false;
  const ack: CommandArgs["ack"] = async (response) => {
    acknowledged = true;
    await args.ack(response);
  };
  try {
    await run({ ...args, ack });
  } catch (error) {
    const reference = logWithReference(ctx.log, "slash command failed", error, { command: name, team: args.command.team_id });
    const text =
      `\`/sam ${name}\` failed unexpectedly (reference ${reference}). ` +
      "Try again in a minute; if it keeps failing, give the reference to whoever runs the app.";
    if (!acknowledged) await args.ack({ response_type: "ephemeral", text });
    else await args.respond({ response_type: "ephemeral", replace_original: false, text }).catch(() => undefined);
  }
}
