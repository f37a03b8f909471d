// The LinkedIn account settings modal (caps, time zone, spacing): its submission.
import type { App } from "@slack/bolt";
import { saveSettingsView } from "../accounts/save-settings-view.js";
import { SETTINGS_CALLBACK_ID } from "../accounts/settings-modal.js";
import type { AppContext } from "../context.js";

export function registerAccountViews(app: App, ctx: AppContext): void {
  app.view({ type: "view_submission", callback_id: SETTINGS_CALLBACK_ID }, saveSettingsView(ctx));
}
