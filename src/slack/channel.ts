// Finds the campaigns channel (SAM_CHANNEL, by name or id) of a workspace and makes sure the bot
// is in it. Each workspace has its own channel of that name, so what was found is kept per workspace.
import type { WebClient } from "@slack/web-api";

/** "workspace id:channel name" → channel id. */
const cache = new Map<string, string>();

/** `slack` acts in the workspace `workspaceId` (null: rows from before outbox rows named their workspace). */
export async function resolveCampaignChannel(slack: WebClient, workspaceId: string | null, nameOrId: string): Promise<string> {
  if (/^[CG][A-Z0-9]{6,}$/.test(nameOrId)) return nameOrId;
  const key = `${workspaceId ?? ""}:${nameOrId}`;
  const cached = cache.get(key);
  if (cached) return cached;
  let cursor: string | undefined;
  do {
    const page = await slack.conversations.list({
      types: "public_channel,private_channel",
      exclude_archived: true,
      limit: 200,
      cursor,
    });
    const found = page.channels?.find((channel) => channel.name === nameOrId);
    if (found?.id) {
      // Joining lets the app read files dropped in its threads; chat:write.public alone would post.
      if (!found.is_member && !found.is_private) await slack.conversations.join({ channel: found.id }).catch(() => {});
      cache.set(key, found.id);
      return found.id;
    }
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  throw Object.assign(new Error(`channel #${nameOrId} not found: create it (or set SAM_CHANNEL) and invite the app`), {
    code: "slack_webapi_platform_error",
    data: { error: "channel_not_found" },
  });
}
