// Registers every event listener of the app.
import type { App } from "@slack/bolt";
import type { AppContext } from "../context.js";

export function registerEvents(_app: App, _ctx: AppContext): void {}
