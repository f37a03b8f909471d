// Registers every action listener of the app.
import type { App } from "@slack/bolt";
import type { AppContext } from "../context.js";
import { registerAccountActions } from "./accounts.js";
import { registerCampaignButtons } from "./campaign-buttons.js";
import { registerCampaignEditButtons } from "./campaign-edit.js";
import { registerCampaignStatsButton } from "./campaign-stats.js";
import { registerHomeActions } from "./home.js";
import { registerConversationMark } from "./conversation-mark.js";
import { registerConversationOpen } from "./conversation-open.js";
import { registerConversationReply } from "./conversation-reply.js";

export function registerActions(app: App, ctx: AppContext): void {
  registerAccountActions(app, ctx);
  registerCampaignButtons(app, ctx);
  registerCampaignEditButtons(app, ctx);
  registerCampaignStatsButton(app, ctx);
  registerHomeActions(app, ctx);
  registerConversationReply(app, ctx);
  registerConversationMark(app, ctx);
  registerConversationOpen(app);
}
