// What the accounts buttons and the settings modal share: finding the clicker's workspace,
// the key that makes a retried delivery a no-op, and answering with a refreshed list.
import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
} from "@slack/bolt";
import type { AppContext } from "../context.js";
import { ensureWorkspace } from "../workspaces.js";
import { accountListMessage } from "./account-list.js";
import type { Respond } from "../slack/response-url.js";
import type { LinkAsker } from "./hosted-link.js";
import { loadAccountOverview } from "./overview.js";

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export type { Respond } from "../slack/response-url.js";
export { responder } from "../slack/response-url.js";

/** The Slack team the request came from (signed by Slack, so it can be trusted). */
export function teamIdOf(body: { team: { id: string } | null; user: { team_id?: string } }): string {
  const teamId = body.team?.id ?? body.user.team_id;
  if (!teamId) throw new Error("a Slack interaction without a team id");
  return teamId;
}

export function workspaceOf(ctx: AppContext, body: Parameters<typeof teamIdOf>[0]): Promise<string> {
  return ensureWorkspace(ctx.sql, teamIdOf(body));
}

/** Who asks for a hosted sign-in link, and where they clicked (to answer them there later). */
export function linkAsker(workspaceId: string, body: BlockAction<ButtonAction>): LinkAsker {
  return { workspaceId, userId: body.user.id, channelId: body.channel?.id ?? body.container?.channel_id };
}

/**
 * One click, however often Slack delivers it: a retry repeats action_ts, a second click does not
 * (a second click is made harmless by the table's own keys instead).
 */
export function clickKey(body: BlockAction<ButtonAction>, action: ButtonAction): string {
  return `accounts:${teamIdOf(body)}:${body.user.id}:${action.action_id}:${action.action_ts}`;
}

/** Replaces the list the user clicked in with a fresh one, the outcome on top. */
export async function answerWithList(ctx: AppContext, workspaceId: string, respond: Respond, notice: string) {
  const overview = await loadAccountOverview(ctx, workspaceId);
  await respond({
    response_type: "ephemeral",
    replace_original: true,
    ...accountListMessage(overview, notice),
  });
}
