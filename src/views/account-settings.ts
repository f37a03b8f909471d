// The LinkedIn account settings modal (caps, time zone, spacing).
import type { App } from "@slack/bolt";
import type { AppContext } from "../context.js";

export function registerAccountViews(_app: App, _ctx: AppContext): void {}
