// Registers every action listener of the app.
import type { App } from "@slack/bolt";
import type { AppContext } from "../context.js";

export function registerActions(_app: App, _ctx: AppContext): void {}
