// Finds the campaigns channel (SAM_CHANNEL, by name or id) and makes sure the bot is in it.
import type { WebClient } from "@slack/web-api";

const cache = new Map<string, string>();

export async function resolveCampaignChannel(slack: WebClient, nameOrId: string): Promise<string> {
  const cached = cache.get(nameOrId);
  if (cached) return cached;
  if (/^[CG][A-Z0-9]{6,}$/.test(nameOrId)) {
    cache.set(nameOrId, nameOrId);
    return nameOrId;
  }
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
      cache.set(nameOrId, found.id);
      return found.id;
    }
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  throw Object.assign(new Error(`channel #${nameOrId} not found: create it (or set SAM_CHANNEL) and invite the app`), {
    code: "slack_webapi_platform_error",
    data: { error: "channel_not_found" },
  });
}

export function forgetChannels(): void {
  cache.clear();
}
