// `/sam accounts`: the LinkedIn accounts Unipile knows, linked or not to this workspace, with
// buttons to link, unlink and adjust them. Unipile can be slow, so the command is acknowledged
// at once and the list follows through the command's response_url.
import { accountListMessage } from "../accounts/account-list.js";
import { loadAccountOverview } from "../accounts/overview.js";
import type { SubcommandInput } from "./sam.js";

export async function accountsCommand({ ctx, args, workspaceId }: SubcommandInput): Promise<void> {
  await args.ack({ response_type: "ephemeral", text: "Looking up your LinkedIn accounts…" });
  const overview = await loadAccountOverview(ctx, workspaceId);
  await args.respond({ response_type: "ephemeral", ...accountListMessage(overview) });
}
