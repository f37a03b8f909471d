// Registers every event listener of the app.
import type { App } from "@slack/bolt";
import type { AppContext } from "../context.js";
import { registerAppHomeOpened } from "./app-home-opened.js";
import { registerAppUninstalled } from "./app-uninstalled.js";
import { registerFileInThread } from "./file-in-thread.js";

export function registerEvents(app: App, ctx: AppContext): void {
  registerAppHomeOpened(app, ctx);
  registerFileInThread(app, ctx);
  registerAppUninstalled(app, ctx);
}
