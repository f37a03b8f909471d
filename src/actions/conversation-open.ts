// A reply notice's Open in LinkedIn button is a link: Slack opens it and still sends the app a
// block action, which must be acknowledged (or the user sees a warning). Nothing else to do.
import type { App } from "@slack/bolt";
import { OPEN_ACTION } from "../slack/blocks/conversation.js";

export function registerConversationOpen(app: App): void {
  app.action(OPEN_ACTION, async ({ ack }) => {
    await ack();
  });
}
