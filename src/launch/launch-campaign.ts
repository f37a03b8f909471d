// Launching turns a campaign's prospects into a send plan: it checks who is connected (synced
// relations first, profile look-ups within the daily budget), queues every message of every
// prospect that can be reached, plans them across the account's campaigns, and reports the
// result in the thread in the specification's shape. Prospects whose look-up did not fit in
// today's budget are checked by a continuation the next day.
import { randomUUID } from "node:crypto";
import type { JobHelpers } from "graphile-worker";
import type { TransactionSql } from "postgres";
import { escapeMrkdwn } from "../slack/text.js";
import { ACCOUNT_MOVED_REASON, campaignAccountOwnership } from "../accounts/ownership.js";
import { type Campaign, poolAccountIds } from "../campaigns/campaigns.js";
import type { AppContext } from "../context.js";
import { plainCause } from "../internal-error.js";
import { messageTypeFor } from "../db/enums.js";
import { armAccount } from "../delivery/arm.js";
import { enqueue } from "../db/job-queue.js";
import { activeCampaignsOf, loadAccount, planNewRows } from "../planning/account-plan.js";
import { planTooLongAdvice, planTooLongReason } from "../planning/plan-too-long.js";
import type { AccountRow } from "../planning/rules.js";
import {
  horizonFrom,
  isPlanBeyondHorizon,
  localDayBounds,
  type PlanBeyondHorizonError,
  type ProspectSequence,
  resolveFollowUpDelays,
} from "../schedule/index.js";
import { postInThread, refreshCampaignRoot, refreshHomes } from "../slack/notices.js";
import { isUnipileError, type UnipileError } from "../unipile/index.js";
import { firstDelivery } from "../workspaces.js";
import { type Connection, checkConnections, type ProspectToCheck } from "./connection-check.js";
import { recordLimitSignal } from "../accounts/health-brake.js";
import { recencySkips } from "./recency-skips.js";
import { relationsAreFresh, syncRelations } from "./relations.js";
import { assignByCapacity, poolRelations, queuedInvitations } from "./sender-pool.js";
import { accountPace } from "../planning/account-safety.js";
import { COMPANY_PAGE_SQL, keysOf } from "../do-not-contact/keys.js";
import { DNC_REASON, listedAmongMany } from "../do-not-contact/list.js";
import { assignVariants, stepLetters, stepSeed, type VariantLetter } from "../variants/index.js";
import { accumulate, type LaunchSummary, launchMessage, type ProspectResult, summaryOf } from "./launch-result.js";

export interface LaunchCampaignPayload {
  campaignId: string;
  requestedBy: string;
  /** The next day's look-ups of a launch whose profile-view budget ran out. */
  continuation?: boolean;
}

interface Prospect extends ProspectToCheck {
  first_name: string;
  last_name: string;
  company_name: string | null;
  company_page: string | null;
}

/** Prospects per statement: 1,000 prospects × up to 6 messages × 9 columns stays under PostgreSQL's 65,535 parameters. */
const CHUNK = 1000;

type Verdict = { status: "queued" } | { status: "skipped"; reason: string } | { status: "waiting" };

/**
 * The variant of each step with variants, per prospect (issue 16): a balanced split seeded from
 * the campaign and the step (`src/variants/assign.ts`), continuing the counts of an earlier run
 * of the same launch so the totals stay within one. A campaign that auto-optimises assigns
 * nothing here: each row gets its letter when it is claimed (`src/delivery/variant-claim.ts`).
 */
async function launchVariants(
  tx: TransactionSql,
  campaign: Campaign,
  prospectIds: string[],
  stepCount: number,
): Promise<Array<Map<string, VariantLetter> | undefined>> {
  const byStep: Array<Map<string, VariantLetter> | undefined> = [];
  if (campaign.auto_optimise || prospectIds.length === 0) return byStep;
  for (let step = 0; step < stepCount; step++) {
    const letters = stepLetters(campaign.message_templates, step);
    if (letters.length === 0) continue;
    const counts = await tx<{ variant: VariantLetter; n: number }[]>`
      select variant, count(*)::int as n from send_queue
      where campaign_id = ${campaign.id} and step = ${step} and variant is not null group by variant`;
    const earlier = Object.fromEntries(counts.map((row) => [row.variant, row.n]));
    const total = counts.reduce((sum, row) => sum + row.n, 0);
    const seed = total === 0 ? stepSeed(campaign.id, step) : `${stepSeed(campaign.id, step)}:after-${total}`;
    byStep[step] = assignVariants(prospectIds, letters, seed, earlier);
  }
  return byStep;
}

export function verdictFor(campaign: Pick<Campaign, "campaign_type">, connection: Connection): Verdict {
  if (connection.kind === "waiting") return { status: "waiting" };
  if (connection.kind === "inaccessible") return { status: "skipped", reason: "Could not access LinkedIn profile" };
  if (campaign.campaign_type === "messenger") {
    return connection.degree === "FIRST_DEGREE"
      ? { status: "queued" }
      : { status: "skipped", reason: `Not connected (${connection.degree}) - messenger campaigns require existing connection` };
  }
  if (connection.degree === "FIRST_DEGREE") return { status: "skipped", reason: "Already connected - use a messenger campaign" };
  if (connection.invitationPending) return { status: "skipped", reason: "Invitation already pending" };
  return { status: "queued" };
}

async function refuse(ctx: AppContext, campaign: Campaign, text: string, revert: boolean): Promise<void> {
  await ctx.sql.begin(async (tx) => {
    if (revert) {
      await tx`update campaigns set status = 'draft', updated_at = now()
               where id = ${campaign.id} and status in ('launching', 'paused') and launched_at is null`;
    }
    await postInThread(tx, ctx, campaign, `:warning: ${text}`);
    await refreshCampaignRoot(tx, ctx, campaign.id);
  });
}

const NO_ACCOUNT = "No LinkedIn account is linked to this campaign. Link one with `/sam accounts`.";

/** Why the account cannot send right now, in words for the thread; null when it can. */
async function accountProblem(ctx: AppContext, campaign: Campaign, account: AccountRow | null): Promise<string | null> {
  if (!account || account.unlinked_at) return NO_ACCOUNT;
  if (account.workspace_id !== campaign.workspace_id) return accountMovedRefusal(account.name);
  try {
    const remote = await ctx.unipile.getAccount(account.unipile_account_id);
    if (remote.status !== "OK") {
      return `The LinkedIn account *${escapeMrkdwn(account.name)}* is ${escapeMrkdwn(remote.status)} in Unipile. Reconnect it in Unipile, then launch again.`;
    }
  } catch (error) {
    if (isUnipileError(error) && (error.failureClass === "account_unavailable" || error.failureClass === "recipient_unreachable")) {
      return `Unipile reports the LinkedIn account *${escapeMrkdwn(account.name)}* as unavailable (${escapeMrkdwn(error.type)}). Reconnect it in Unipile, then launch again.`;
    }
    throw error;
  }
  return null;
}

/** The job: a launch that keeps failing ends with a thread message and the campaign back in draft. */
export async function launchCampaign(payload: LaunchCampaignPayload, ctx: AppContext, helpers?: JobHelpers): Promise<void> {
  try {
    await launch(payload, ctx, helpers?.job.id);
  } catch (error) {
    const lastTry = helpers && helpers.job.attempts >= helpers.job.max_attempts;
    if (!lastTry) throw error;
    const [campaign] = await ctx.sql<Campaign[]>`select * from campaigns where id = ${payload.campaignId}`;
    if (campaign) {
      // The thread gets a plain cause and a reference; the error itself goes to the log.
      const cause = plainCause(ctx.log, "launch failed on its last try", error, { campaign: campaign.id });
      await refuse(ctx, campaign, `The launch failed (${escapeMrkdwn(cause)}). Nothing was sent; launch again when Unipile is reachable.`, !payload.continuation);
    }
  }
}

/**
 * A continuation run again after its process died between its commit and the job's completion
 * would check and report the same prospects twice; its job id, recorded in the commit, says it ran.
 */
const continuationKey = (jobId: string) => `launch-continuation:${jobId}`;

async function launch(payload: LaunchCampaignPayload, ctx: AppContext, jobId?: string): Promise<void> {
  const [campaign] = await ctx.sql<Campaign[]>`select * from campaigns where id = ${payload.campaignId}`;
  if (!campaign) return;
  const runKey = payload.continuation && jobId ? continuationKey(jobId) : null;
  if (runKey && (await ctx.sql`select 1 from slack_requests where key = ${runKey}`).length > 0) return;
  // A campaign paused while its launch job waited is still launched (and stays paused).
  const firstRun = campaign.status === "launching" || (campaign.status === "paused" && !campaign.launched_at);
  const continuing = payload.continuation === true && (campaign.status === "active" || campaign.status === "paused");
  if (!firstRun && !continuing) return;

  const [{ count }] = (await ctx.sql`select count(*)::int as count from campaign_prospects where campaign_id = ${campaign.id}`) as unknown as [{ count: number }];
  if (count === 0) {
    await refuse(ctx, campaign, "This campaign has no prospects yet. Upload a CSV with `/sam import` (or drop one in this thread), then launch again.", true);
    return;
  }
  const account = campaign.account_id ? await loadAccount(ctx.sql, campaign.account_id) : null;
  const problem = await accountProblem(ctx, campaign, account);
  if (problem || !account) {
    await refuse(ctx, campaign, problem ?? "No LinkedIn account.", !payload.continuation);
    return;
  }

  // A sender pool: every account must be usable at launch (the first was checked above).
  const pool: AccountRow[] = [account];
  for (const id of await poolAccountIds(ctx.sql, campaign)) {
    if (id === account.id) continue;
    const other = await loadAccount(ctx.sql, id);
    const otherProblem = await accountProblem(ctx, campaign, other);
    if (otherProblem || !other) {
      await refuse(ctx, campaign, otherProblem ?? NO_ACCOUNT, !payload.continuation);
      return;
    }
    pool.push(other);
  }

  for (const sender of pool) {
    if (relationsAreFresh(sender, ctx.clock.now())) continue;
    try {
      await syncRelations(ctx, sender);
    } catch (error) {
      if (isUnipileError(error) && error.failureClass === "account_unavailable") {
        await refuse(ctx, campaign, `Unipile could not read the connections of *${escapeMrkdwn(sender.name)}* (${escapeMrkdwn(error.type)}). Reconnect it in Unipile, then launch again.`, !payload.continuation);
        return;
      }
      throw error;
    }
  }

  const pending = await ctx.sql<Prospect[]>`
    select id, first_name, last_name, public_identifier, provider_id, connection_degree, company_name,
           ${ctx.sql.unsafe(COMPANY_PAGE_SQL)} as company_page
    from campaign_prospects p
    where campaign_id = ${campaign.id} and status = 'pending' order by source_row nulls last, created_at`;
  // People and companies on the do-not-contact list are not queued, and cost no profile view.
  const listed = await listedAmongMany(ctx.sql, campaign.workspace_id, pending.length, () => pending.map(keysOf));
  const prospects = listed.empty ? pending : pending.filter((prospect) => !listed.matches(keysOf(prospect)));
  const recent = await recencySkips(ctx, campaign, prospects);
  const toCheck = recent.size > 0 ? prospects.filter((prospect) => !recent.has(prospect.id)) : prospects;
  const assignment = await assignSenders(ctx, campaign, pool, toCheck);
  // Each group is checked by its own account, within that account's profile-view budget.
  const check = { results: new Map<string, Connection>(), profileViews: 0 };
  const senderOf = new Map<string, AccountRow>();
  const accountProblems: Array<{ account: AccountRow; problem: UnipileError }> = [];
  for (const group of assignment.groups) {
    const outcome = await checkConnections(ctx, group.account, group.prospects);
    check.profileViews += outcome.profileViews;
    for (const [id, connection] of outcome.results) {
      check.results.set(id, connection);
      senderOf.set(id, group.account);
    }
    if (outcome.accountProblem) accountProblems.push({ account: group.account, problem: outcome.accountProblem });
  }
  const templates = campaign.message_templates;
  const { delays, notes } = resolveFollowUpDelays(templates.follow_up_delays, templates.follow_up_messages.length);
  const stepCount = 1 + templates.follow_up_messages.length;

  const results: ProspectResult[] = [];
  let waiting = 0;
  const skipped: Array<{ id: string; reason: string; providerId: string | null; degree: string | null }> = [];
  const queued: Array<{ id: string; name: string; providerId: string; degree: string; account: AccountRow }> = [];
  if (!listed.empty) {
    for (const prospect of pending) {
      if (!listed.matches(keysOf(prospect))) continue;
      skipped.push({ id: prospect.id, reason: DNC_REASON, providerId: null, degree: null });
      results.push({ prospectId: prospect.id, name: `${prospect.first_name} ${prospect.last_name}`, status: "skipped", reason: DNC_REASON });
    }
  }
  for (const prospect of prospects) {
    const preset = assignment.skipped.get(prospect.id);
    if (preset && !recent.has(prospect.id)) {
      skipped.push({ id: prospect.id, reason: preset.reason, providerId: preset.providerId, degree: "FIRST_DEGREE" });
      results.push({ prospectId: prospect.id, name: `${prospect.first_name} ${prospect.last_name}`, status: "skipped", reason: preset.reason });
      continue;
    }
    const connection = check.results.get(prospect.id) ?? { kind: "waiting" };
    const verdict = verdictFor(campaign, connection);
    const known = connection.kind === "known" ? connection : null;
    const name = `${prospect.first_name} ${prospect.last_name}`;
    const tooSoon = recent.get(prospect.id);
    if (tooSoon) {
      skipped.push({ id: prospect.id, reason: tooSoon.reason, providerId: null, degree: null });
      results.push({ prospectId: prospect.id, name, status: "skipped", reason: tooSoon.summaryReason });
      continue;
    }
    if (verdict.status === "waiting") waiting += 1;
    else if (verdict.status === "skipped") {
      skipped.push({ id: prospect.id, reason: verdict.reason, providerId: known?.providerId ?? null, degree: known?.degree ?? null });
      results.push({ prospectId: prospect.id, name, status: "skipped", reason: verdict.reason });
    } else queued.push({ id: prospect.id, name, providerId: known!.providerId, degree: known!.degree, account: senderOf.get(prospect.id) ?? account });
  }

  let planningAccount = account;
  const ownership = await ctx.sql.begin(async (tx) => {
    // Checked again under a share lock of the account row: a relink to another workspace either
    // happened before (nothing is written) or waits for this commit and then pauses the campaign.
    const owner = await campaignAccountOwnership(tx, campaign, { lock: true });
    if (owner !== "owned") return owner;
    // A continuation re-run after its worker died mid-commit: the first run already wrote it all.
    if (runKey && !(await firstDelivery(tx, runKey))) return owner;
    // Set-based writes: one statement per kind of change, however many prospects (10,000 in one
    // launch is ordinary).
    for (let i = 0; i < skipped.length; i += CHUNK) {
      const part = skipped.slice(i, i + CHUNK);
      await tx`
        update campaign_prospects p set status = 'skipped', status_reason = u.reason,
          provider_id = coalesce(u.provider_id, p.provider_id), connection_degree = coalesce(u.degree, p.connection_degree),
          updated_at = now()
        from unnest(${tx.array(part.map((x) => x.id))}::uuid[], ${tx.array(part.map((x) => x.reason))}::text[],
                    ${tx.array(part.map((x) => x.providerId) as string[])}::text[], ${tx.array(part.map((x) => x.degree) as string[])}::text[])
          as u(id, reason, provider_id, degree)
        where p.id = u.id`;
    }
    const queuedStatus = campaign.campaign_type === "messenger" ? "connected" : "approved";
    for (let i = 0; i < queued.length; i += CHUNK) {
      const part = queued.slice(i, i + CHUNK);
      await tx`
        update campaign_prospects p set status = ${queuedStatus}, provider_id = u.provider_id, connection_degree = u.degree,
          account_id = u.account_id, updated_at = now()
        from unnest(${tx.array(part.map((x) => x.id))}::uuid[], ${tx.array(part.map((x) => x.providerId))}::text[],
                    ${tx.array(part.map((x) => x.degree))}::text[], ${tx.array(part.map((x) => x.account.id))}::uuid[])
          as u(id, provider_id, degree, account_id)
        where p.id = u.id`;
    }
    // Each prospect's variant of each step with variants, over all senders of the pool at once.
    const variants = await launchVariants(tx, campaign, queued.map((prospect) => prospect.id), stepCount);
    // Plan the new rows with everything else the account has queued, then write each once.
    const connector = campaign.campaign_type === "connector";
    const inserted = new Map<string, number>();
    const now = ctx.clock.now();
    // Each sender plans and writes its own prospects, with everything else queued on it.
    for (const sender of pool) {
      const mine = pool.length === 1 ? queued : queued.filter((prospect) => prospect.account.id === sender.id);
      if (mine.length === 0) continue;
      planningAccount = sender;
      const rows = mine.flatMap((prospect) =>
        Array.from({ length: stepCount }, (_, step) => ({
          id: randomUUID(),
          prospectId: prospect.id,
          messageType: messageTypeFor(campaign.campaign_type, step),
          step,
          requiresConnection: connector && step > 0,
          status: connector && step > 0 ? "waiting" : "pending",
          delayDays: step === 0 ? 0 : delays[step - 1]!,
          variant: variants[step]?.get(prospect.id) ?? null,
        })),
      );
      const sequences: ProspectSequence[] = mine.map((prospect, index) => ({
        campaignId: campaign.id,
        prospectKey: prospect.id,
        steps: rows.slice(index * stepCount, (index + 1) * stepCount).map((row) => ({
          rowId: row.id,
          kind: row.step > 0 ? "follow_up" : connector ? "invitation" : "first_message",
          delayDays: row.delayDays,
        })),
      }));
      const times = await planNewRows(tx, sender, ctx.clock.now(), campaign, sequences, horizonFrom(ctx.clock.now()));
      for (let i = 0; i < rows.length; i += CHUNK * stepCount) {
        const part = rows.slice(i, i + CHUNK * stepCount);
        const column = <T>(pick: (row: (typeof rows)[number]) => T) => tx.array(part.map(pick) as never[]);
        const added = await tx<{ prospect_id: string }[]>`
          insert into send_queue (id, campaign_id, prospect_id, account_id, message_type, step, requires_connection, status,
                                  scheduled_for, delay_days, variant)
          select u.id, ${campaign.id}, u.prospect_id, ${sender.id}, u.message_type, u.step, u.requires_connection, u.status,
                 u.scheduled_for, u.delay_days, u.variant
          from unnest(${column((row) => row.id)}::uuid[], ${column((row) => row.prospectId)}::uuid[],
                      ${column((row) => row.messageType)}::text[], ${column((row) => row.step)}::int[],
                      ${column((row) => row.requiresConnection)}::boolean[], ${column((row) => row.status)}::text[],
                      ${column((row) => (times.get(row.id) ?? now).toISOString())}::timestamptz[],
                      ${column((row) => row.delayDays)}::numeric[], ${column((row) => row.variant)}::text[])
            as u(id, prospect_id, message_type, step, requires_connection, status, scheduled_for, delay_days, variant)
          on conflict (campaign_id, prospect_id, message_type) do nothing
          returning prospect_id`;
        for (const row of added) inserted.set(row.prospect_id, (inserted.get(row.prospect_id) ?? 0) + 1);
      }
    }
    for (const prospect of queued) {
      results.push({ prospectId: prospect.id, name: prospect.name, status: "queued", messagesQueued: inserted.get(prospect.id) ?? 0 });
    }

    if (!payload.continuation) {
      await tx`update campaigns set status = case when status = 'launching' then 'active' else status end,
                 launched_at = ${ctx.clock.now()}, updated_at = now()
               where id = ${campaign.id} and status in ('launching', 'paused')`;
    }
    // A continuation adds to the counts its launch stored; each prospect's own outcome is in its row.
    const previous = (payload.continuation ? campaign.launch_result : null) as LaunchSummary | null;
    const result = accumulate(previous, results, waiting);
    await tx`update campaigns set launch_result = ${tx.json(summaryOf(result) as never)} where id = ${campaign.id}`;
    const [first] = await tx<{ at: Date | null }[]>`
      select min(scheduled_for) as at from send_queue where campaign_id = ${campaign.id} and status = 'pending'`;
    await postInThread(tx, ctx, campaign, launchMessage(result, {
      timeZone: campaign.time_zone,
      firstSendAt: first?.at ?? null,
      profileViews: check.profileViews,
      waiting,
      budget: pool.reduce((sum, sender) => sum + sender.daily_profile_view_budget, 0),
      notes,
      continuation: payload.continuation === true,
    }));
    for (const { account: limited, problem } of accountProblems) {
      if (problem.failureClass !== "account_rate_limited") continue;
      await tx`update workspace_accounts set cooldown_until = ${new Date(ctx.clock.nowMs() + 24 * 3_600_000)} where id = ${limited.id}`;
      await recordLimitSignal(tx, ctx, limited.id, problem.type ?? "limit during the connection check");
    }
    if (waiting > 0) {
      const tomorrow = localDayBounds(account.time_zone, ctx.clock.now()).end;
      await enqueue(tx, "launch-campaign", { campaignId: campaign.id, requestedBy: payload.requestedBy, continuation: true }, {
        runAt: new Date(tomorrow.getTime() + 5 * 60_000),
        jobKey: `launch-continue:${campaign.id}`,
        maxAttempts: 5,
      }, ctx.clock);
    }
    for (const sender of pool) await armAccount(tx, ctx.clock, sender.id);
    await refreshCampaignRoot(tx, ctx, campaign.id);
    await refreshHomes(tx, ctx, campaign.workspace_id);
    return owner;
  }).catch(async (error: unknown) => {
    // Not worth a retry: the same prospects at the same pace never fit. The transaction rolled
    // back, so every prospect is still pending and nothing is queued.
    if (!isPlanBeyondHorizon(error)) throw error;
    const text = await planTooLongRefusal(ctx, campaign, planningAccount, error, queued.length, payload.continuation === true);
    await refuse(ctx, campaign, text, !payload.continuation);
    return "refused" as const;
  });
  if (ownership === "refused") return;
  if (ownership === "moved") await refuse(ctx, campaign, accountMovedRefusal(account.name), !payload.continuation);
  else if (ownership !== "owned") await refuse(ctx, campaign, NO_ACCOUNT, !payload.continuation);
}

function accountMovedRefusal(accountName: string): string {
  return (
    `Not launched: ${ACCOUNT_MOVED_REASON} (*${escapeMrkdwn(accountName)}*), so this campaign cannot send from it. ` +
    "Nothing was sent. Link it to this workspace again (it has to be unlinked there first), or create the campaign with another account."
  );
}

async function planTooLongRefusal(
  ctx: AppContext,
  campaign: Campaign,
  account: AccountRow,
  error: PlanBeyondHorizonError,
  prospects: number,
  continuation: boolean,
): Promise<string> {
  const othersOnAccount = (await activeCampaignsOf(ctx.sql, account.id)).some((other) => other.id !== campaign.id);
  const reason = planTooLongReason(error, {
    account,
    campaignType: campaign.campaign_type,
    prospects,
    sharesAccount: othersOnAccount || continuation,
  });
  const lead = continuation ? "The launch could not continue" : "Not launched";
  return `${lead}: ${reason}. ${planTooLongAdvice(error)} Nothing was sent${continuation ? " to these prospects" : ""}.`;
}

const ALREADY_CONNECTED = "Already connected - use a messenger campaign";

interface Assignment {
  /** Who checks (and then sends to) which prospects. */
  groups: Array<{ account: AccountRow; prospects: Prospect[] }>;
  /** Connector prospects already connected to a pool account: skipped without a look-up. */
  skipped: Map<string, { reason: string; providerId: string }>;
}

/** Splits the prospects over the pool's accounts (src/launch/sender-pool.ts says how). One account: all to it. */
async function assignSenders(ctx: AppContext, campaign: Campaign, pool: AccountRow[], prospects: Prospect[]): Promise<Assignment> {
  const skipped: Assignment["skipped"] = new Map();
  if (pool.length === 1) return { groups: [{ account: pool[0]!, prospects }], skipped };
  const byId = new Map(pool.map((sender) => [sender.id, { account: sender, prospects: [] as Prospect[] }]));
  const ids = pool.map((sender) => sender.id);
  const relations = await poolRelations(ctx.sql, ids, prospects.map((prospect) => prospect.public_identifier));
  if (campaign.campaign_type === "messenger") {
    let turn = 0;
    for (const prospect of prospects) {
      const connected = relations.get(prospect.public_identifier)?.[0];
      // In no account's relations: looked up by the accounts in turn, one profile view each. A
      // degree stored earlier was to some other account, so it is not taken as this one's.
      if (connected) byId.get(connected.accountId)!.prospects.push(prospect);
      else byId.get(ids[turn++ % ids.length]!)!.prospects.push({ ...prospect, connection_degree: null });
    }
  } else {
    const open: Prospect[] = [];
    for (const prospect of prospects) {
      const connected = relations.get(prospect.public_identifier)?.[0];
      if (connected) skipped.set(prospect.id, { reason: ALREADY_CONNECTED, providerId: connected.providerId });
      else open.push({ ...prospect, connection_degree: null });
    }
    const queuedNow = await queuedInvitations(ctx.sql, ids);
    const loads = [];
    for (const sender of pool) {
      const pace = await accountPace(ctx.sql, sender, ctx.clock.now());
      loads.push({
        accountId: sender.id,
        dailyCapacity: Math.max(0, pace.today.invitations),
        queued: queuedNow.get(sender.id) ?? 0,
      });
    }
    const choice = assignByCapacity(loads, open.length);
    for (const [index, prospect] of open.entries()) byId.get(choice[index]!)!.prospects.push(prospect);
  }
  return { groups: [...byId.values()].filter((group) => group.prospects.length > 0), skipped };
}
