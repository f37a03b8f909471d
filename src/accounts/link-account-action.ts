// The Link button: makes a Unipile LinkedIn account this workspace's, with the default caps and
// the clicker's Slack time zone. The account's name and own provider id are read from Unipile,
// not from the button, so a forged value can only name an account Unipile really has.
import type { AppContext } from "../context.js";
import type { Account } from "../unipile/types.js";
import { escapeMrkdwn } from "../slack/text.js";
import { type ButtonArgs, answerWithList, clickKey, workspaceOf } from "./interaction.js";
import { isLinkedInAccount } from "./overview.js";
import { linkAccountOnce } from "./ownership.js";
import { slackUserTimeZone, timeZoneNote } from "./slack-time-zone.js";
import { unipileProblem } from "./unipile-problem.js";

export function linkAccountAction(ctx: AppContext) {
  return async ({ ack, body, action, respond, client }: ButtonArgs): Promise<void> => {
    await ack();
    const workspaceId = await workspaceOf(ctx, body);
    const unipileAccountId = action.value ?? "";
    if (!unipileAccountId) {
      await answerWithList(
        ctx,
        workspaceId,
        respond,
        "That button no longer works. Here is the current list.",
      );
      return;
    }

    let account: Account;
    try {
      account = await ctx.unipile.getAccount(unipileAccountId);
    } catch (error) {
      ctx.log.warn("could not read the Unipile account to link", {
        error: error instanceof Error ? error.message : String(error),
      });
      await respond({
        response_type: "ephemeral",
        replace_original: false,
        text: `Not linked. ${unipileProblem(error)}`,
      });
      return;
    }
    const name = escapeMrkdwn(account.name);
    if (!isLinkedInAccount(account)) {
      await answerWithList(
        ctx,
        workspaceId,
        respond,
        `*${name}* is not a LinkedIn account, so it cannot be linked.`,
      );
      return;
    }
    if (account.status !== "OK") {
      await answerWithList(
        ctx,
        workspaceId,
        respond,
        `Not linked: Unipile reports *${name}* as \`${escapeMrkdwn(account.status)}\`. Reconnect it in Unipile, then link it.`,
      );
      return;
    }

    const timeZone = await slackUserTimeZone(client, body.user.id, ctx.log);
    const result = await ctx.sql.begin((tx) =>
      linkAccountOnce(tx, ctx, clickKey(body, action), {
        workspaceId,
        unipileAccountId: account.id,
        name: account.name,
        providerId: account.ownProviderId,
        timeZone,
        linkedBy: body.user.id,
      }),
    );
    if (!result) return; // Slack delivered this click again; the first delivery answered it.

    let notice: string;
    if (result.outcome === "linked") {
      notice = `:white_check_mark: Linked *${name}* with the default caps. ${timeZoneNote(timeZone)}`;
    } else if (result.outcome === "already_linked") {
      notice = `*${name}* is already linked to this workspace.`;
    } else {
      notice = `*${name}* is linked to another workspace, so it cannot be linked here. It has to be unlinked there first.`;
    }
    await answerWithList(ctx, workspaceId, respond, notice);
  };
}
