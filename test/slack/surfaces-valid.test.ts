// Every modal, message and Home view the app can build keeps to Slack's Block Kit rules — the
// rules the fake Slack enforces (test/support/slack-rules.ts) — for ordinary and for extreme
// data: no account, one, more accounts than a select holds, long names, every campaign status,
// more campaigns than the Home tab shows.
import { describe, expect, it } from "vitest";
import type { LinkedAccount } from "../../src/accounts/accounts.js";
import { accountListMessage } from "../../src/accounts/account-list.js";
import { hostedLinkMessage, withReconnectButton } from "../../src/accounts/connect-messages.js";
import type { AccountEntry } from "../../src/accounts/overview.js";
import { notLinkedModal, settingsModal } from "../../src/accounts/settings-modal.js";
import type { Campaign } from "../../src/campaigns/campaigns.js";
import type { CampaignProgress } from "../../src/campaigns/progress.js";
import { HELP_TEXT } from "../../src/commands/help.js";
import { campaignRootBlocks, campaignRootText } from "../../src/slack/blocks/campaign.js";
import { EMPTY_DASHBOARD, homeBlocks } from "../../src/slack/blocks/home.js";
import { HOME_LIST_LIMIT } from "../../src/analytics/home-dashboard.js";
import type { AccountStats } from "../../src/analytics/account-stats.js";
import { importModal } from "../../src/views/import-prospects.js";
import { dncImportModal } from "../../src/views/import-do-not-contact.js";
import { DNC_USAGE } from "../../src/commands/dnc.js";
import { newCampaignModal } from "../../src/views/new-campaign-modal.js";
import { checkMessage, checkView } from "../support/block-kit-check.js";
import { campaignRow } from "../support/campaign-row.js";
import { conversationCard, replyModal, replyNoticeBlocks, replyNoticeText } from "../../src/slack/blocks/conversation.js";

const LONG_NAME = "N".repeat(80); // the longest campaign name the form accepts
const HUGE = "H".repeat(5000);

const progress: CampaignProgress = {
  prospects: 100_000,
  prospectsByStatus: {},
  queueByTypeAndStatus: [],
  queued: 99_000,
  sent: 900,
  failed: 100,
  replied: 12,
  nextSendAt: null,
  sentToday: 40,
};

function campaign(status: Campaign["status"], name = LONG_NAME): Campaign {
  return campaignRow({ status, name });
}

function account(name: string): LinkedAccount {
  return {
    id: "acc-1",
    workspace_id: "w",
    platform: "linkedin",
    unipile_account_id: "u1",
    name,
    provider_id: null,
    status: "unavailable",
    status_reason: HUGE,
    cooldown_until: null,
    time_zone: "America/New_York",
    daily_message_cap: 50,
    daily_invitation_cap: 20,
    weekly_invitation_cap: 100,
    min_gap_minutes: 5,
    jitter_fraction: 0.3,
    follow_up_min_gap_minutes: 2,
    daily_profile_view_budget: 80,
    relations_synced_at: null,
    linked_by: null,
    created_at: new Date(0),
    updated_at: new Date(0),
  };
}

function valid(refusal: ReturnType<typeof checkView>): string[] {
  return refusal?.messages ?? [];
}

const STATUSES: Campaign["status"][] = ["draft", "launching", "active", "paused", "completed", "cancelled"];

describe("modals", () => {
  const accounts = (n: number, label = "Jane Doe (LinkedIn)") =>
    Array.from({ length: n }, (_, i) => ({ value: `acc-${i}`, label: `${label} ${i}` }));
  const modal = (overrides: Partial<Parameters<typeof newCampaignModal>[0]> = {}) =>
    newCampaignModal({ timeZone: "America/New_York", holidayCountry: "US", accounts: accounts(1), privateMetadata: "{}", ...overrides });

  it("the New-campaign modal, with no account, one, and more than a select can hold", () => {
    expect(valid(checkView(modal({ accounts: [] })))).toEqual([]);
    expect(valid(checkView(modal()))).toEqual([]);
    expect(valid(checkView(modal({ accounts: accounts(3, HUGE) })))).toEqual([]);
    expect(valid(checkView(modal({ accounts: accounts(150) })))).toEqual([]);
  });

  it("the New-campaign modal rebuilt after a warning, with the values typed", () => {
    const rebuilt = modal({
      warning: "Your note is 250 characters; LinkedIn free accounts allow 200. Submit again to keep it.",
      initial: { name: LONG_NAME, type: "connector", first_message: "x".repeat(3000), delays: "3, 5", window_start: "08:00" },
    });
    expect(valid(checkView(rebuilt))).toEqual([]);
  });

  it("the import modal, the account settings modal and its not-linked answer", () => {
    expect(valid(checkView(importModal({ id: "c", name: LONG_NAME })))).toEqual([]);
    const metadata = { accountId: "acc-1", responseUrl: `https://hooks.slack.com/actions/T0/${"9".repeat(40)}/${"a".repeat(24)}`, channelId: "C0SAMCAMP01" };
    expect(valid(checkView(settingsModal(account("Jane Doe"), metadata)))).toEqual([]);
    expect(valid(checkView(settingsModal(account(HUGE), metadata)))).toEqual([]);
    expect(valid(checkView(notLinkedModal()))).toEqual([]);
  });

  it("the do-not-contact upload modal and the /sam dnc usage", () => {
    expect(valid(checkView(dncImportModal({ channel: "C0SAMCAMP01" })))).toEqual([]);
    expect(valid(checkMessage({ response_type: "ephemeral", text: DNC_USAGE }))).toEqual([]);
  });
});

describe("messages", () => {
  it("the campaign root message in every status, with a long name and a long account name", () => {
    for (const status of STATUSES) {
      for (const accountName of ["Jane Doe", null, HUGE]) {
        const message = { text: campaignRootText(campaign(status)), blocks: campaignRootBlocks(campaign(status), progress, accountName) };
        expect(valid(checkMessage(message)), `${status} ${accountName?.slice(0, 10)}`).toEqual([]);
      }
    }
  });

  it("the /sam accounts list: none, a Unipile problem, and more accounts than fit", () => {
    const entry = (i: number, name: string): AccountEntry => ({
      unipileAccountId: `u${i}`,
      name,
      unipileStatus: "OK",
      linked: i % 2 === 0 ? account(name) : null,
      linkedElsewhere: false,
      missingFromUnipile: i % 4 === 0,
    });
    expect(valid(checkMessage({ ...accountListMessage({ entries: [], unipileProblem: null }) }))).toEqual([]);
    expect(valid(checkMessage({ ...accountListMessage({ entries: [], unipileProblem: HUGE }) }))).toEqual([]);
    const many = Array.from({ length: 30 }, (_, i) => entry(i, i === 3 ? HUGE : `Account ${i}`));
    expect(valid(checkMessage({ ...accountListMessage({ entries: many, unipileProblem: null }, "Saved.") }))).toEqual([]);
  });

  it("the hosted sign-in link answers and a pause notice with its Reconnect button, with a huge account name", () => {
    const url = `https://account.unipile.com/${"t".repeat(500)}`;
    expect(valid(checkMessage({ ...hostedLinkMessage(url, { type: "create" }) }))).toEqual([]);
    expect(valid(checkMessage({ ...hostedLinkMessage(url, { type: "reconnect", accountName: HUGE }) }))).toEqual([]);
    const notice = `:pause_button: Sending is paused: ${HUGE}`;
    expect(valid(checkMessage({ text: notice, blocks: withReconnectButton(notice, "0b7d3f52-2f0e-4a57-9d0b-0d1c8e1f2a3b") }))).toEqual([]);
  });

  it("the help answer", () => {
    expect(valid(checkMessage({ response_type: "ephemeral", text: HELP_TEXT }))).toEqual([]);
  });
});

describe("App Home", () => {
  it("with no campaign, one in each status, and more campaigns and accounts than it shows", () => {
    expect(valid(checkView({ type: "home", blocks: homeBlocks(EMPTY_DASHBOARD) }))).toEqual([]);
    const account = (name: string): AccountStats => ({
      accountId: "a",
      name,
      timeZone: "UTC",
      status: "unavailable",
      cooldownUntil: null,
      days: [{ date: "2026-11-30", messages: 3, invitations: 2, messageCap: 20, invitationCap: 10 }],
      acceptance: { invitations: 0, accepted: 0, rate: null },
      pendingInvitations: 4,
    });
    const some = STATUSES.map((status) => ({ campaign: campaign(status), progress, contacted: 7 }));
    const dashboard = { campaigns: some, campaignCount: some.length, othersCampaignCount: 0, accounts: [account(HUGE)], accountCount: 1 };
    expect(valid(checkView({ type: "home", blocks: homeBlocks(dashboard) }))).toEqual([]);
    // The dashboard's query returns at most HOME_LIST_LIMIT of each; the blocks say how many more.
    const many = Array.from({ length: HOME_LIST_LIMIT }, () => ({ campaign: campaign("active", HUGE), progress, contacted: 0 }));
    const full = homeBlocks({
      campaigns: many,
      campaignCount: 120,
      othersCampaignCount: 300,
      accounts: Array.from({ length: HOME_LIST_LIMIT }, (_, i) => account(`${HUGE}${i}`)),
      accountCount: 45,
    });
    expect(valid(checkView({ type: "home", blocks: full }))).toEqual([]);
    expect(JSON.stringify(full)).toContain("…and 100 more of your campaigns");
    expect(JSON.stringify(full)).toContain("…and 25 more accounts");
  });

  it("a reply notice, a prospect's conversation message and the Reply modal, with huge names and texts and every label", () => {
    const labels = ["interested", "not_interested", "out_of_office", "unsubscribe", "referral", "question", "other", null] as const;
    for (const label of labels) {
      for (const [name, text] of [["Ana Lima", "Sounds good"], [HUGE, HUGE], ["<!channel> & co", null]] as const) {
        const notice = {
          messageId: "9007199254740991",
          prospectName: name,
          linkedinUrl: `https://www.linkedin.com/in/${"x".repeat(3100)}/`,
          text,
          label,
          confidence: 0.875,
          labelSource: "offline",
          markedAs: label ? ("do_not_contact" as const) : null,
          markedBy: "U0ALICE0001",
          effect: "no more messages will be sent to them.",
          nth: 2,
        };
        expect(valid(checkMessage({ text: replyNoticeText(notice), blocks: replyNoticeBlocks(notice) }))).toEqual([]);
        expect(valid(checkMessage({ text: replyNoticeText(notice), blocks: replyNoticeBlocks({ ...notice, linkedinUrl: "https://www.linkedin.com/in/ana/" }) }))).toEqual([]);
      }
    }
    const message = (i: number) => ({
      direction: i % 2 === 0 ? ("inbound" as const) : ("outbound" as const),
      origin: i % 2 === 0 ? ("prospect" as const) : ("slack" as const),
      text: HUGE,
      at: new Date(0),
      label: "question" as const,
      markedAs: null,
      sentBy: "U0ALICE0001",
    });
    const card = conversationCard({
      prospectName: HUGE,
      linkedinUrl: "https://www.linkedin.com/in/ana/",
      total: 250,
      latest: Array.from({ length: 10 }, (_, i) => message(i)),
      latestInboundId: "12",
      latestInboundMark: "meeting_booked",
      formatAt: (at) => at.toISOString(),
    });
    expect(valid(checkMessage(card))).toEqual([]);
    expect(valid(checkView(replyModal({ messageId: "12", prospectName: HUGE, lastText: HUGE })))).toEqual([]);
    expect(valid(checkView(replyModal({ messageId: "12", prospectName: "Ana", lastText: null })))).toEqual([]);
  });
});
