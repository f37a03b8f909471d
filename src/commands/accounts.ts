// `/sam accounts`: the LinkedIn accounts Unipile knows, linked or not to this workspace.
import type { SubcommandInput } from "./sam.js";

export async function accountsCommand({ args }: SubcommandInput): Promise<void> {
  await args.ack({ response_type: "ephemeral", text: "Accounts are not available yet." });
}
