// Buttons of `/sam accounts`: link, unlink, edit settings.
import type { App } from "@slack/bolt";
import type { AppContext } from "../context.js";

export function registerAccountActions(_app: App, _ctx: AppContext): void {}
