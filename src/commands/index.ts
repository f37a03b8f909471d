// Registers the slash command. `/sam <subcommand>` is routed in sam.ts.
import type { App } from "@slack/bolt";
import type { AppContext } from "../context.js";
import { samCommand } from "./sam.js";

export function registerCommands(app: App, ctx: AppContext): void {
  app.command("/sam", samCommand(ctx));
}
