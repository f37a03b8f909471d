// What the connect flow says in Slack: the private answer holding the hosted sign-in link, the
// confirmations once Unipile has called back (to the user who asked, and in SAM_CHANNEL), and
// the Reconnect button under a thread's notice that an account cannot send.
// Pure, so that it can be checked without Slack.
import type { types } from "@slack/bolt";
import { escapeMrkdwn } from "../slack/text.js";
import { ACCOUNT_ACTIONS, plain, reconnectButton, type SlackMessage, section } from "./account-list.js";
import { timeZoneNote } from "./slack-time-zone.js";

export type LinkPurpose = { type: "create" } | { type: "reconnect"; accountName: string };

/** The link, for the user who asked only (it signs an account into this workspace). */
export function hostedLinkMessage(url: string, purpose: LinkPurpose): SlackMessage {
  const text =
    purpose.type === "create"
      ? ":link: *Connect a LinkedIn account*: open the sign-in page below and log in to LinkedIn there " +
        "(through Unipile; the app never sees the password). The link is yours only and works for about an hour. " +
        "You will get a confirmation here, and the account appears in `/sam accounts`."
      : `:link: *Reconnect ${escapeMrkdwn(purpose.accountName)}*: open the sign-in page below and log in to LinkedIn again. ` +
        "The link is yours only and works for about an hour. Its campaigns resume by themselves once Unipile reports the account working.";
  const open: types.Button = {
    type: "button",
    text: plain(purpose.type === "create" ? "Open the LinkedIn sign-in" : "Sign in again"),
    action_id: ACCOUNT_ACTIONS.openLink,
    url,
    style: "primary",
  };
  return { text, blocks: [section(text), { type: "actions", elements: [open] }] };
}

/** Told privately to the user whose sign-in linked (or failed to link) the account. */
export function connectedNotice(
  outcome: "linked" | "already_linked" | "linked_elsewhere",
  accountName: string,
  timeZone: string,
): string {
  const name = escapeMrkdwn(accountName);
  if (outcome === "linked") {
    return `:white_check_mark: Connected *${name}* to this workspace with the default caps. ${timeZoneNote(timeZone)}`;
  }
  if (outcome === "already_linked") return `*${name}* is connected, and was already linked to this workspace.`;
  return `:no_entry: *${name}* is linked to another workspace, so it cannot be linked here. It has to be unlinked there first.`;
}

/** Said in SAM_CHANNEL, so the team knows which accounts campaigns can use. */
export function connectedAnnouncement(userId: string, accountName: string): string {
  return `:link: <@${userId}> connected the LinkedIn account *${escapeMrkdwn(accountName)}*; campaigns can now send from it (\`/sam new\`).`;
}

export function reconnectedNotice(accountName: string): string {
  return (
    `:white_check_mark: *${escapeMrkdwn(accountName)}* is signed in again. ` +
    "Its campaigns resume by themselves as soon as Unipile reports it working."
  );
}

export function reconnectedAnnouncement(userId: string, accountName: string): string {
  return `:arrows_counterclockwise: <@${userId}> reconnected the LinkedIn account *${escapeMrkdwn(accountName)}*.`;
}

/** A thread notice that the account cannot send, with the Reconnect button under it. */
export function withReconnectButton(text: string, accountId: string): types.KnownBlock[] {
  return [section(text), { type: "actions", elements: [reconnectButton(accountId)] }];
}
