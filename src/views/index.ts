// Registers every view (modal) listener of the app.
import type { App } from "@slack/bolt";
import type { AppContext } from "../context.js";
import { registerAccountViews } from "./account-settings.js";
import { registerImportView } from "./import-prospects.js";
import { registerDncImportView } from "./import-do-not-contact.js";
import { registerNewCampaignView } from "./new-campaign.js";
import { registerConversationReplyView } from "./conversation-reply.js";
import { registerEditCampaignView } from "./edit-campaign.js";
import { registerEditConfirmView } from "./edit-campaign-confirm.js";
import { registerCloneCampaignView } from "./clone-campaign.js";
import { registerCampaignVariantsView } from "./campaign-variants.js";

export function registerViews(app: App, ctx: AppContext): void {
  registerAccountViews(app, ctx);
  registerNewCampaignView(app, ctx);
  registerCampaignVariantsView(app, ctx);
  registerImportView(app, ctx);
  registerConversationReplyView(app, ctx);
  registerDncImportView(app, ctx);
  registerEditCampaignView(app, ctx);
  registerEditConfirmView(app, ctx);
  registerCloneCampaignView(app, ctx);
}
