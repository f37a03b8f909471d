// The `/sam` router: acknowledge at once, then hand the subcommand to its handler.
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import type { AppContext } from "../context.js";
import { HELP_TEXT } from "./help.js";

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export function samCommand(_ctx: AppContext) {
  return async ({ command, ack }: CommandArgs) => {
    const [subcommand = "help"] = command.text.trim().split(/\s+/).filter(Boolean);
    switch (subcommand.toLowerCase()) {
      case "help":
        await ack({ response_type: "ephemeral", text: HELP_TEXT });
        return;
      default:
        await ack({ response_type: "ephemeral", text: `Unknown command \`${subcommand}\`.\n\n${HELP_TEXT}` });
    }
  };
}
