// What the app tells Slack about campaigns: the root message in SAM_CHANNEL, replies in its
// thread, and the App Home; and what it tells SAM_CHANNEL about itself (the Unipile webhook).
// All of it goes through the outbox.

import type { Campaign } from "../campaigns/campaigns.js";
import { campaignProgress } from "../campaigns/progress.js";
import type { AppContext } from "../context.js";
import { localDayBounds } from "../schedule/index.js";
import { campaignRootBlocks, campaignRootText } from "./blocks/campaign.js";
import { homeBlocks } from "./blocks/home.js";
import { homeDashboard } from "../analytics/home-dashboard.js";
import { enqueue } from "../db/job-queue.js";
import { notify, refresh } from "./outbox.js";
import { escapeMrkdwn } from "./text.js";
import type { Queryable } from "../db/queryable.js";

type Ctx = Pick<AppContext, "clock">;

/** What the root message shows of the campaign's account. */
interface RootAccount {
  name: string;
  time_zone: string;
  status: string;
  cooldown_until: Date | null;
  workspace_id: string;
}

/** `known`: the account as the caller read it with the campaign (undefined: read it here). */
async function rootContent(sql: Queryable, ctx: Ctx, campaign: Campaign, known?: RootAccount | null) {
  let account = known;
  if (account === undefined) {
    const [read] = campaign.account_id
      ? await sql<RootAccount[]>`
          select name, time_zone, status, cooldown_until, workspace_id from workspace_accounts where id = ${campaign.account_id}`
      : [];
    account = read ?? null;
  }
  const today = localDayBounds(account?.time_zone ?? campaign.time_zone, ctx.clock.now()).start;
  const progress = await campaignProgress(sql, campaign.id, today);
  const now = ctx.clock.now();
  const name = account ? escapeMrkdwn(account.name) : "";
  const accountLabel = !account
    ? null
    : // Another workspace's account now: its state is not this workspace's to see.
      account.workspace_id !== campaign.workspace_id
      ? `${name} — :warning: now linked to another workspace`
      : account.status !== "active"
      ? `${name} — :warning: ${account.status}, reconnect it in Unipile`
      : account.cooldown_until && account.cooldown_until > now
        ? `${name} — cooling down after a LinkedIn limit`
        : name;
  return { text: campaignRootText(campaign), blocks: campaignRootBlocks(campaign, progress, accountLabel) };
}

/** The campaign's root message, posted once when the campaign is created. */
export async function announceCampaign(sql: Queryable, ctx: Ctx, campaign: Campaign): Promise<void> {
  const content = await rootContent(sql, ctx, campaign);
  await notify(sql, ctx.clock, {
    workspaceId: campaign.workspace_id,
    target: { kind: "campaign_root", campaignId: campaign.id },
    ...content,
  });
}

/** Bring the root message up to date (status, progress bar, buttons). */
export async function refreshCampaignRoot(sql: Queryable, ctx: Ctx, campaignId: string): Promise<void> {
  // The campaign and its account in one statement: every send of a campaign brings a refresh.
  const [found] = await sql<(Campaign & { root_account: RootAccount | null })[]>`
    select c.*, (select json_build_object('name', a.name, 'time_zone', a.time_zone, 'status', a.status,
                                          'cooldown_until', a.cooldown_until, 'workspace_id', a.workspace_id)
                 from workspace_accounts a where a.id = c.account_id) as root_account
    from campaigns c where c.id = ${campaignId}`;
  if (!found) return;
  const { root_account: rootAccount, ...campaign } = found;
  const account = rootAccount && {
    ...rootAccount,
    cooldown_until: rootAccount.cooldown_until === null ? null : new Date(rootAccount.cooldown_until),
  };
  const content = await rootContent(sql, ctx, campaign, account);
  await refresh(sql, ctx.clock, {
    workspaceId: campaign.workspace_id,
    target: { kind: "campaign_root", campaignId: campaign.id },
    ...content,
  });
}

/**
 * The root messages and the App Home brought up to date by jobs right after this transaction
 * commits, for listeners: their counts read every row of a campaign (100,000 prospects are
 * 300,000 rows), which must not hold up the acknowledgement Slack waits 3 seconds for.
 */
export async function refreshAfterCommit(
  sql: Queryable,
  ctx: Ctx,
  changed: { campaignIds: readonly string[]; workspaceIds: readonly string[] },
): Promise<void> {
  for (const campaignId of new Set(changed.campaignIds)) {
    // "replace": a refresh already waiting (paced by scheduleRootRefresh) runs now instead.
    await enqueue(sql, "refresh-campaign-root", { campaignId }, { jobKey: `root:${campaignId}`, jobKeyMode: "replace", maxAttempts: 5 }, ctx.clock);
  }
  for (const workspaceId of new Set(changed.workspaceIds)) {
    await enqueue(sql, "refresh-homes", { workspaceId }, { jobKey: `homes:${workspaceId}`, jobKeyMode: "replace", maxAttempts: 5 }, ctx.clock);
  }
}

/** Real time between two progress refreshes of one campaign's root message while it sends. */
export const ROOT_REFRESH_EVERY_MS = 10_000;

/**
 * App-clock time between two root refreshes of one workspace. Slack allows chat.update about 50
 * times a minute per workspace (Tier 3: https://docs.slack.dev/reference/methods/chat.update,
 * https://docs.slack.dev/apis/web-api/rate-limits); the roots take at most 40 of them, leaving
 * the rest to conversation cards. Six campaigns sending still see their roots every 10 s; 2,000
 * (a large tenant) every 50 minutes, where one refresh a send would be 2.2 edits a second and
 * Slack would refuse most of them.
 */
export const ROOT_REFRESH_SPACING_MS = 1_500;

/** Per workspace, the app-clock instant of its next free refresh slot (this process's share). */
const nextRootSlot = new Map<string, number>();

/**
 * Progress on the root message: each send asks for a refresh, and the refresh job coalesces them
 * (its job key keeps the first run time). The refresh runs at least ten seconds after the ask and
 * in the workspace's next free slot (ROOT_REFRESH_SPACING_MS apart). Returns the real time it
 * will run.
 */
export async function scheduleRootRefresh(sql: Queryable, ctx: Ctx, campaign: Pick<Campaign, "id" | "workspace_id">): Promise<Date> {
  const job = { jobKey: `root:${campaign.id}`, jobKeyMode: "preserve_run_at", maxAttempts: 5 } as const;
  // A stopped clock (tests that step time) has no slots to hand out: ten real seconds, as ever.
  if (ctx.clock.speed === 0) {
    return enqueue(sql, "refresh-campaign-root", { campaignId: campaign.id }, { ...job, realDelayMs: ROOT_REFRESH_EVERY_MS }, ctx.clock);
  }
  const soonest = ctx.clock.nowMs() + ROOT_REFRESH_EVERY_MS * ctx.clock.speed;
  const slot = Math.max(soonest, nextRootSlot.get(campaign.workspace_id) ?? 0);
  nextRootSlot.set(campaign.workspace_id, slot + ROOT_REFRESH_SPACING_MS);
  return enqueue(sql, "refresh-campaign-root", { campaignId: campaign.id }, { ...job, runAt: new Date(slot) }, ctx.clock);
}

export async function postInThread(
  sql: Queryable,
  ctx: Ctx,
  campaign: Pick<Campaign, "id" | "workspace_id">,
  text: string,
  extra: { blocks?: unknown[]; file?: { filename: string; content: string; title?: string } } = {},
): Promise<void> {
  await notify(sql, ctx.clock, {
    workspaceId: campaign.workspace_id,
    target: { kind: "campaign_thread", campaignId: campaign.id },
    text,
    ...extra,
  });
}

/**
 * A notice about the deployment itself, in SAM_CHANNEL outside any campaign thread; `text` is
 * mrkdwn already escaped. Every workspace that can hear it gets it in its own channel (with
 * OAuth installs each has its own); before any workspace used the app, the configured one.
 */
export async function postInSamChannel(sql: Queryable, ctx: Ctx, text: string): Promise<void> {
  const workspaces = await sql<{ id: string }[]>`select id from workspaces where slack_access_lost_at is null order by created_at`;
  if (workspaces.length === 0) {
    await notify(sql, ctx.clock, { workspaceId: null, target: { kind: "sam_channel" }, text });
    return;
  }
  for (const workspace of workspaces) await notify(sql, ctx.clock, { workspaceId: workspace.id, target: { kind: "sam_channel" }, text });
}

/** Republish the App Home of everyone in the workspace who has opened it (or of one user). */
export async function refreshHomes(sql: Queryable, ctx: Ctx, workspaceId: string, onlyUser?: string): Promise<void> {
  const viewers = onlyUser
    ? [{ user_id: onlyUser }]
    : await sql<{ user_id: string }[]>`select user_id from home_viewers where workspace_id = ${workspaceId}`;
  // Each person sees their own campaigns and accounts (src/analytics/home-dashboard.ts).
  for (const viewer of viewers) {
    const dashboard = await homeDashboard(sql, workspaceId, viewer.user_id, ctx.clock.now());
    await refresh(sql, ctx.clock, {
      workspaceId,
      target: { kind: "home", user: viewer.user_id },
      text: "SAM Campaigns",
      blocks: homeBlocks(dashboard),
    });
  }
}
