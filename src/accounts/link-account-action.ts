// The Link button: makes a Unipile LinkedIn account this workspace's, with the default caps and
// the clicker's Slack time zone. The account's name and own provider id are read from Unipile,
// not from the button, so a forged value can only name an account Unipile really has.
import type { AppContext } from "../context.js";
import type { Account } from "../unipile/types.js";
import { firstDelivery } from "../workspaces.js";
import { escapeMrkdwn } from "../slack/text.js";
import { linkAccount } from "./accounts.js";
import { type ButtonArgs, answerWithList, clickKey, workspaceOf } from "./interaction.js";
import { isLinkedInAccount } from "./overview.js";
import { pauseCampaignsOfFormerWorkspaces } from "./ownership.js";
import { FALLBACK_TIME_ZONE, slackUserTimeZone } from "./slack-time-zone.js";
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
    // The delivery key and the row are written together: a failed attempt leaves neither.
    const result = await ctx.sql.begin(async (tx) => {
      if (!(await firstDelivery(tx, clickKey(body, action)))) return null;
      const linked = await linkAccount(tx, {
        workspaceId,
        unipileAccountId: account.id,
        name: account.name,
        providerId: account.ownProviderId,
        timeZone,
        linkedBy: body.user.id,
      });
      // A relink from another workspace: that workspace's campaigns on the account stop in the
      // same transaction, so none of them can send from it once it is ours.
      if (linked.outcome === "linked") await pauseCampaignsOfFormerWorkspaces(tx, ctx, linked.account);
      return linked;
    });
    if (!result) return; // Slack delivered this click again; the first delivery answered it.

    let notice: string;
    if (result.outcome === "linked") {
      const zoneNote =
        timeZone === FALLBACK_TIME_ZONE
          ? `Its caps count per day in ${timeZone}; change the time zone in Settings if its owner lives elsewhere.`
          : `Its caps count per day in ${timeZone} (your Slack time zone); change it in Settings if needed.`;
      notice = `:white_check_mark: Linked *${name}* with the default caps. ${zoneNote}`;
    } else if (result.outcome === "already_linked") {
      notice = `*${name}* is already linked to this workspace.`;
    } else {
      notice = `*${name}* is linked to another workspace, so it cannot be linked here. It has to be unlinked there first.`;
    }
    await answerWithList(ctx, workspaceId, respond, notice);
  };
}
