// What a verified hosted-auth callback does. A new account (type create): read it from Unipile
// (a LinkedIn account; its owner's name and provider id from its own profile), link it to the
// workspace and user of the signed reference with that user's Slack time zone, and tell them
// and SAM_CHANNEL. A reconnect: check the account is the one the link was made for, tell them,
// and ask Unipile about it at once, so that its campaigns resume as soon as it works (the
// account_status webhook does the same on its own). Each reference acts once: its nonce is
// the once-only key, committed with everything the callback writes.
import type { TransactionSql } from "postgres";
import type { AppContext } from "../context.js";
import { scheduleHealthCheck } from "../delivery/schedules.js";
import { slackFor } from "../slack/clients.js";
import { notify } from "../slack/outbox.js";
import type { Account, OwnProfile } from "../unipile/types.js";
import { firstDelivery } from "../workspaces.js";
import { accountForWorkspace } from "./accounts.js";
import {
  connectedAnnouncement,
  connectedNotice,
  reconnectedAnnouncement,
  reconnectedNotice,
} from "./connect-messages.js";
import type { ConnectReference } from "./connect-reference.js";
import { isLinkedInAccount } from "./overview.js";
import { linkAccountOnce } from "./ownership.js";
import { FALLBACK_TIME_ZONE, slackUserTimeZone } from "./slack-time-zone.js";

/** The callback's HTTP answer: 2xx once handled (Unipile need not send it again), 4xx refused, 503 try later. */
export interface CallbackOutcome {
  status: number;
  body: { ok: boolean; outcome?: string; error?: string };
}

const onceKey = (reference: ConnectReference) => `hosted-auth:${reference.nonce}`;

export async function connectNewAccount(
  ctx: AppContext,
  reference: ConnectReference,
  unipileAccountId: string,
): Promise<CallbackOutcome> {
  let account: Account;
  try {
    account = await ctx.unipile.getAccount(unipileAccountId);
  } catch (error) {
    ctx.log.warn("hosted auth: could not read the new Unipile account; nothing linked", {
      error: error instanceof Error ? error.message : String(error),
    });
    return { status: 503, body: { ok: false, error: "Unipile could not be asked about the account; send it again later" } };
  }
  if (!isLinkedInAccount(account)) {
    return { status: 422, body: { ok: false, error: "the account is not a LinkedIn account; nothing linked" } };
  }
  // The owner's own profile names the account as LinkedIn does; a brand-new account may not
  // answer yet, and then Unipile's account record is enough (the provider id is found later).
  const profile = await ctx.unipile.getOwnProfile(account.id).catch((error: Error): OwnProfile | null => {
    ctx.log.info("hosted auth: the new account's own profile is not readable yet", { error: error.message });
    return null;
  });
  const profileName = [profile?.firstName, profile?.lastName].filter(Boolean).join(" ").trim();
  const name = profileName || account.name;
  // The connecting person's workspace's own Slack (with OAuth installs, its own token).
  const slack = await slackFor(ctx, reference.workspaceId);
  const timeZone = slack ? await slackUserTimeZone(slack.client, reference.userId, ctx.log) : FALLBACK_TIME_ZONE;

  const result = await ctx.sql.begin(async (tx) => {
    const linked = await linkAccountOnce(tx, ctx, onceKey(reference), {
      workspaceId: reference.workspaceId,
      unipileAccountId: account.id,
      name,
      providerId: profile?.providerId ?? account.ownProviderId,
      timeZone,
      linkedBy: reference.userId,
    });
    if (!linked) return null;
    const shownName = linked.outcome === "linked_elsewhere" ? name : linked.account.name;
    await tellUser(tx, ctx, reference, connectedNotice(linked.outcome, shownName, timeZone));
    if (linked.outcome === "linked") await tellChannel(tx, ctx, reference, connectedAnnouncement(reference.userId, shownName));
    return linked;
  });
  if (!result) return { status: 200, body: { ok: true, outcome: "already_handled" } };
  if (result.outcome === "linked_elsewhere") {
    return { status: 409, body: { ok: false, outcome: result.outcome, error: "the account is linked to another workspace" } };
  }
  return { status: 200, body: { ok: true, outcome: result.outcome } };
}

export async function reconnectedAccount(
  ctx: AppContext,
  reference: ConnectReference & { accountId: string },
  unipileAccountId: string,
): Promise<CallbackOutcome> {
  const first = await ctx.sql.begin(async (tx) => {
    // Read inside the transaction: an unlink or a relink since the link was made wins.
    const account = await accountForWorkspace(tx, reference.workspaceId, reference.accountId);
    if (!account || account.unipile_account_id !== unipileAccountId) return "not_this_account" as const;
    if (!(await firstDelivery(tx, onceKey(reference)))) return "already_handled" as const;
    await tellUser(tx, ctx, reference, reconnectedNotice(account.name));
    await tellChannel(tx, ctx, reference, reconnectedAnnouncement(reference.userId, account.name));
    // Now rather than in 30 minutes; the check resumes the account only if Unipile says OK.
    await scheduleHealthCheck(tx, ctx, account.id, 0);
    return "reconnected" as const;
  });
  if (first === "not_this_account") {
    return { status: 409, body: { ok: false, error: "not the account this link was made for; nothing changed" } };
  }
  return { status: 200, body: { ok: true, outcome: first } };
}

/** Privately, in the channel where the user clicked; nowhere when Slack named none. */
async function tellUser(tx: TransactionSql, ctx: AppContext, reference: ConnectReference, text: string): Promise<void> {
  if (!reference.channelId) return;
  await notify(tx, ctx.clock, {
    workspaceId: reference.workspaceId,
    target: { kind: "ephemeral", channel: reference.channelId, user: reference.userId },
    text,
  });
}

async function tellChannel(tx: TransactionSql, ctx: AppContext, reference: ConnectReference, text: string): Promise<void> {
  await notify(tx, ctx.clock, {
    workspaceId: reference.workspaceId,
    target: { kind: "channel", channel: ctx.config.SAM_CHANNEL },
    text,
  });
}
