// Opens the New-campaign modal (from `/sam new` or the App Home button) with the user's own
// time zone and the LinkedIn accounts this workspace can send from.
import type { WebClient } from "@slack/web-api";
import type { AppContext } from "../context.js";
import { countryForTimeZone } from "../schedule/index.js";
import { type AccountChoice, newCampaignModal } from "./new-campaign-modal.js";

export interface NewCampaignMetadata {
  workspaceId: string;
  userTimeZone: string;
  noteWarningShown?: boolean;
}

const UNIPILE_WAIT_MS = 1_200;

/** Linked accounts first; unlinked Unipile accounts too, so a first campaign needs no extra step. */
export async function accountChoices(ctx: AppContext, workspaceId: string): Promise<AccountChoice[]> {
  const linked = await ctx.sql<{ id: string; name: string; unipile_account_id: string; status: string }[]>`
    select id, name, unipile_account_id, status from workspace_accounts
    where workspace_id = ${workspaceId} and platform = 'linkedin' and unlinked_at is null order by name`;
  const choices: AccountChoice[] = linked.map((account) => ({
    value: account.id,
    label: account.status === "active" ? account.name : `${account.name} (${account.status})`,
  }));
  const taken = await ctx.sql<{ unipile_account_id: string }[]>`
    select unipile_account_id from workspace_accounts where unlinked_at is null`;
  const takenIds = new Set(taken.map((row) => row.unipile_account_id));
  try {
    // Slack allows 3 s to open the modal; an unhurried Unipile only costs the extra choices.
    const accounts = await Promise.race([
      ctx.unipile.listAccounts(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("slow")), UNIPILE_WAIT_MS).unref()),
    ]);
    for (const account of accounts.items) {
      if (account.type !== "LINKEDIN" || takenIds.has(account.id)) continue;
      // The account's own provider id comes along, so linking needs no later look-up.
      const full = JSON.stringify({ u: account.id, n: account.name.slice(0, 40), p: account.ownProviderId ?? undefined });
      // Slack caps an option value at 150 characters; the provider id is the part to drop.
      const value = full.length <= 150 ? full : JSON.stringify({ u: account.id, n: account.name.slice(0, 40) });
      if (value.length <= 150) choices.push({ value, label: `${account.name} (link on create)` });
    }
  } catch (error) {
    ctx.log.warn("could not list Unipile accounts for the New-campaign modal", { error: (error as Error).message });
  }
  return choices;
}

export async function openNewCampaignModal(
  ctx: AppContext,
  client: WebClient,
  input: { triggerId: string; userId: string; workspaceId: string },
): Promise<void> {
  const [user, accounts] = await Promise.all([
    client.users.info({ user: input.userId }).catch(() => null),
    accountChoices(ctx, input.workspaceId),
  ]);
  const timeZone = user?.user?.tz ?? "UTC";
  const metadata: NewCampaignMetadata = { workspaceId: input.workspaceId, userTimeZone: timeZone };
  await client.views.open({
    trigger_id: input.triggerId,
    view: newCampaignModal({
      timeZone,
      holidayCountry: countryForTimeZone(timeZone),
      accounts,
      privateMetadata: JSON.stringify(metadata),
    }) as never,
  });
}
