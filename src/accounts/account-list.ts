// The Block Kit message of `/sam accounts`: one entry per LinkedIn account with its Unipile
// status, whether it is linked here, and for linked ones the pace it is held to; and the
// buttons Connect a LinkedIn account, Link, Reconnect, Settings, Unlink. Pure, so that it can
// be checked without Slack.
import type { types } from "@slack/bolt";
import type { LinkedAccount } from "./accounts.js";
import type { AccountEntry, AccountOverview } from "./overview.js";
import { escapeMrkdwn, mrkdwnWithin, plainText } from "../slack/text.js";

export const ACCOUNT_ACTIONS = {
  link: "accounts.link",
  unlink: "accounts.unlink",
  settings: "accounts.settings",
  /** Asks Unipile for a hosted sign-in link to connect a new account. */
  connect: "accounts.connect",
  /** Asks Unipile for a hosted link to reconnect a disconnected account (value: its row id). */
  reconnect: "accounts.reconnect",
  /** The button that opens a hosted link: Slack still sends its click, which only needs an ack. */
  openLink: "accounts.open_hosted_link",
} as const;

// Slack refuses a message of more than 50 blocks; each entry takes three.
const MAX_ENTRIES = 14;

export interface SlackMessage {
  text: string;
  blocks: types.KnownBlock[];
}

export function accountListMessage(overview: AccountOverview, notice?: string): SlackMessage {
  const blocks: types.KnownBlock[] = [];
  if (notice) blocks.push(section(notice));
  blocks.push({
    ...section("*LinkedIn accounts*"),
    accessory: { ...button("Connect a LinkedIn account", ACCOUNT_ACTIONS.connect, "create"), style: "primary" },
  });
  if (overview.unipileProblem) {
    blocks.push(
      section(
        `:warning: Could not list the accounts from Unipile. ${escapeMrkdwn(overview.unipileProblem)}` +
          (overview.entries.length > 0 ? "\nShown below: only the accounts linked to this workspace." : ""),
      ),
    );
  } else if (overview.entries.length === 0) {
    blocks.push(
      section(
        "Unipile has no LinkedIn account yet. *Connect a LinkedIn account* (above) signs one in through Unipile.",
      ),
    );
  }
  for (const entry of overview.entries.slice(0, MAX_ENTRIES)) {
    blocks.push({ type: "divider" }, section(describeEntry(entry)));
    const buttons = buttonsFor(entry);
    if (buttons.length > 0) {
      blocks.push({
        type: "actions",
        block_id: `account:${entry.unipileAccountId}`.slice(0, 255),
        elements: buttons,
      });
    }
  }
  const hidden = overview.entries.length - MAX_ENTRIES;
  if (hidden > 0) blocks.push(section(`…and ${hidden} more, not shown. Unlink accounts you no longer use.`));

  const linkedCount = overview.entries.filter((entry) => entry.linked).length;
  const text = overview.unipileProblem
    ? `Could not list the LinkedIn accounts from Unipile. ${escapeMrkdwn(overview.unipileProblem)}`
    : `${overview.entries.length} LinkedIn account(s), ${linkedCount} linked to this workspace.`;
  return { text: notice ? `${notice}\n${text}` : text, blocks };
}

function describeEntry(entry: AccountEntry): string {
  const status = entry.unipileStatus ? ` — Unipile: \`${escapeMrkdwn(entry.unipileStatus)}\`` : "";
  const lines = [`*${escapeMrkdwn(entry.name)}*${status}`];
  if (entry.linked) {
    lines.push(...describeLink(entry.linked));
    if (entry.pace) lines.push(`:seedling: ${escapeMrkdwn(entry.pace)}`);
    if (entry.missingFromUnipile) {
      lines.push(":warning: Unipile no longer lists this account. Reconnect it in Unipile, or unlink it.");
    }
  } else if (entry.linkedElsewhere) {
    lines.push("Linked to another workspace, so it cannot be linked here.");
  } else if (entry.unipileStatus !== "OK") {
    lines.push(`Not linked. Unipile reports it as not working: reconnect it in Unipile, then link it.`);
  } else {
    lines.push("Not linked to this workspace.");
  }
  return lines.join("\n");
}

export function describeLink(account: LinkedAccount): string[] {
  const lines = [`Linked to this workspace · time zone ${account.time_zone}`];
  if (account.status === "unavailable") {
    lines.push(
      `:pause_button: Not sending: ${escapeMrkdwn(account.status_reason ?? "the account is unavailable")}`,
    );
  }
  lines.push(
    `Caps: ${account.daily_message_cap} messages a day · ${account.daily_invitation_cap} invitations a day, ` +
      `${account.weekly_invitation_cap} a week · ${account.daily_profile_view_budget} profile views a day`,
    `Spacing: first messages at least ${account.min_gap_minutes} min apart (+ up to ` +
      `${Math.round(account.jitter_fraction * 100)}% at random) · any two sends at least ` +
      `${account.follow_up_min_gap_minutes} min apart`,
  );
  return lines;
}

/** Whether Unipile or the engine says the linked account cannot send: it needs signing in again. */
function needsReconnect(entry: AccountEntry): boolean {
  return entry.linked?.status === "unavailable" || (entry.unipileStatus !== null && entry.unipileStatus !== "OK");
}

/** Reconnect: a hosted link of type reconnect for the workspace's account row `accountId`. */
export function reconnectButton(accountId: string): types.Button {
  return { ...button("Reconnect", ACCOUNT_ACTIONS.reconnect, accountId), style: "primary" };
}

function buttonsFor(entry: AccountEntry): types.Button[] {
  if (entry.linked) {
    return [
      ...(needsReconnect(entry) ? [reconnectButton(entry.linked.id)] : []),
      button("Settings", ACCOUNT_ACTIONS.settings, entry.linked.id),
      {
        ...button("Unlink", ACCOUNT_ACTIONS.unlink, entry.linked.id),
        style: "danger",
        confirm: {
          title: plain("Unlink this account?"),
          text: plain(
            `${entry.name} will no longer be usable by this workspace's campaigns. Its settings are forgotten; campaigns keep their history.`,
          ),
          confirm: plain("Unlink"),
          deny: plain("Keep it"),
          style: "danger",
        },
      },
    ];
  }
  if (entry.linkedElsewhere || entry.unipileStatus !== "OK") return [];
  return [{ ...button("Link", ACCOUNT_ACTIONS.link, entry.unipileAccountId), style: "primary" }];
}

export function button(label: string, actionId: string, value: string): types.Button {
  return { type: "button", text: plain(label), action_id: actionId, value };
}

export function section(text: string): types.SectionBlock {
  return { type: "section", text: { type: "mrkdwn", text: mrkdwnWithin(text, 3000) } };
}

export function plain(text: string): types.PlainTextElement {
  // 300: the longest text of a confirmation dialog, the longest plain_text used here.
  return { type: "plain_text", text: plainText(text, 300), emoji: true };
}

