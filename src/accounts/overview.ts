// Everything `/sam accounts` shows: the LinkedIn accounts Unipile knows, joined with this
// workspace's links. When Unipile cannot be asked, the workspace's own links are still shown,
// so settings stay reachable and the failure is stated instead of an empty list.
import type { AppContext } from "../context.js";
import type { Account } from "../unipile/types.js";
import { type LinkedAccount, linkedAccounts, linkedElsewhere } from "./accounts.js";
import { accountPace, describePace } from "../planning/account-safety.js";
import { unipileProblem } from "./unipile-problem.js";

export interface AccountEntry {
  unipileAccountId: string;
  name: string;
  /** Unipile's status of the account (OK, CREDENTIALS…); null when Unipile could not be asked or no longer lists it. */
  unipileStatus: string | null;
  /** This workspace's link, if any. */
  linked: LinkedAccount | null;
  /** Linked to a workspace other than this one (which one is never said). */
  linkedElsewhere: boolean;
  /** The workspace has it linked but Unipile's list no longer has it. */
  missingFromUnipile: boolean;
  /** Its warm-up and health brakes today, when any lowers a cap (src/planning/account-safety.ts). */
  pace?: string | null;
}

export interface AccountOverview {
  entries: AccountEntry[];
  /** Why Unipile could not be listed, for the user; null when it could. */
  unipileProblem: string | null;
}

export function isLinkedInAccount(account: Pick<Account, "type">): boolean {
  return account.type.toUpperCase() === "LINKEDIN";
}

export async function loadAccountOverview(ctx: AppContext, workspaceId: string): Promise<AccountOverview> {
  let unipileAccounts: Account[] | null = null;
  let problem: string | null = null;
  try {
    unipileAccounts = [];
    for await (const account of ctx.unipile.accounts()) {
      if (isLinkedInAccount(account)) unipileAccounts.push(account);
    }
  } catch (error) {
    ctx.log.warn("could not list Unipile accounts", {
      error: error instanceof Error ? error.message : String(error),
    });
    unipileAccounts = null;
    problem = unipileProblem(error);
  }
  const linked = await linkedAccounts(ctx.sql, workspaceId);
  const linkedHere = new Map(linked.map((account) => [account.unipile_account_id, account]));
  const elsewhere = await linkedElsewhere(
    ctx.sql,
    workspaceId,
    (unipileAccounts ?? []).map((account) => account.id),
  );

  const entries: AccountEntry[] = (unipileAccounts ?? []).map((account) => ({
    unipileAccountId: account.id,
    name: account.name,
    unipileStatus: account.status,
    linked: linkedHere.get(account.id) ?? null,
    linkedElsewhere: elsewhere.has(account.id),
    missingFromUnipile: false,
  }));
  const listed = new Set(entries.map((entry) => entry.unipileAccountId));
  for (const account of linked) {
    if (listed.has(account.unipile_account_id)) continue;
    entries.push({
      unipileAccountId: account.unipile_account_id,
      name: account.name,
      unipileStatus: null,
      linked: account,
      linkedElsewhere: false,
      missingFromUnipile: unipileAccounts !== null,
    });
  }
  for (const entry of entries) {
    if (entry.linked) entry.pace = describePace(await accountPace(ctx.sql, { ...entry.linked, unlinked_at: null }, ctx.clock.now()));
  }
  // Linked accounts first: they are the ones people come to adjust.
  entries.sort(
    (a, b) => Number(Boolean(b.linked)) - Number(Boolean(a.linked)) || a.name.localeCompare(b.name),
  );
  return { entries, unipileProblem: problem };
}
