// Shared steps of the conversation tests: a launched messenger campaign on the sandbox account
// whose prospects are connections, the first messages sent, a reply and its notice in the thread.
import type { Campaign } from "../../src/campaigns/campaigns.js";
import {
  MARK_ACTION,
  REPLY_ACTION,
  REPLY_BLOCK,
  REPLY_CALLBACK,
  REPLY_INPUT,
} from "../../src/slack/blocks/conversation.js";
import { eventually, type TestApp } from "../support/app.js";
import { draftCampaign } from "../support/campaigns.js";
import { drive } from "../support/drive.js";

export const ALWAYS = { start: "00:00", end: "24:00", days: [1, 2, 3, 4, 5, 6, 7], holidayCountry: null };
export const ACCOUNT = "sandbox-linkedin-1";

export interface ProspectState {
  id: string;
  status: string;
  chat_id: string | null;
  provider_id: string | null;
}

export async function prospect(
  app: TestApp,
  identifier: string,
  campaignId?: string,
): Promise<ProspectState> {
  const [row] = await app.db.sql<ProspectState[]>`
    select id, status, chat_id, provider_id from campaign_prospects
    where public_identifier = ${identifier} and (${campaignId ?? null}::uuid is null or campaign_id = ${campaignId ?? null})
    order by created_at desc limit 1`;
  return row!;
}

/** A launched messenger campaign: a first message, follow-ups 3 and 5 days later, always-open window. */
export async function launchMessenger(
  app: TestApp,
  people: string[],
  options: { unipileAccountId?: string; name?: string; window?: typeof ALWAYS } = {},
): Promise<Campaign> {
  const accountId = options.unipileAccountId ?? ACCOUNT;
  for (const identifier of people)
    app.sandbox.world.connect(accountId, identifier, new Date("2026-01-01T00:00:00Z"));
  const { campaign } = await draftCampaign(app.db.sql, {
    teamId: app.slack.teamId,
    unipileAccountId: accountId,
    name: options.name,
    window: options.window ?? ALWAYS,
    templates: {
      connection_request: "Hi {first_name}!",
      follow_up_messages: ["Follow-up one", "Follow-up two"],
      follow_up_delays: [3, 5],
    },
    prospects: people.map((identifier, i) => ({
      identifier,
      firstName: `P${i + 1}`,
      lastName: identifier.split("-")[0],
    })),
    account: { min_gap_minutes: 1, follow_up_min_gap_minutes: 0, jitter_fraction: 0 },
  });
  await app.driver.command(`launch c${campaign.handle}`);
  await eventually(
    async () =>
      (await app.db.sql`select status from campaigns where id = ${campaign.id}`)[0]!.status === "active",
  );
  return campaign;
}

export async function webhooksDone(app: TestApp) {
  await app.sandbox.webhooksIdle();
  await eventually(
    async () => (await app.db.sql`select 1 from webhook_events where processed_at is null`).length === 0,
  );
}

export async function firstMessagesSent(app: TestApp, campaignId: string, count: number) {
  await drive(app, async () => {
    const [row] = await app.db
      .sql`select count(*)::int as n from send_queue where campaign_id = ${campaignId} and step = 0 and status = 'sent'`;
    return row!.n === count;
  });
  await webhooksDone(app);
}

export const texts = (app: TestApp) => app.slack.messages().map((message) => message.text ?? "");

/** The newest message posted whose text contains `part`. */
export async function posted(app: TestApp, part: string, after = 0) {
  return eventually(() =>
    app.slack
      .messages()
      .slice(after)
      .filter((message) => (message.text ?? "").includes(part))
      .at(-1),
  );
}

/** The conversation_messages id a notice's Reply button carries. */
export function replyButtonValue(message: { blocks?: unknown }): string {
  const blocks = message.blocks as Array<{
    type: string;
    elements?: Array<{ action_id?: string; value?: string }>;
  }>;
  const button = blocks
    .flatMap((block) => block.elements ?? [])
    .find((element) => element.action_id === REPLY_ACTION);
  if (!button?.value) throw new Error("no Reply button");
  return button.value;
}

/** Clicks Reply on a notice and returns the modal Slack opened. */
export async function clickReply(app: TestApp, messageId: string, channelId?: string) {
  const opened = app.slack.callsTo("views.open").length;
  await app.driver.blockAction({ action_id: REPLY_ACTION, value: messageId }, channelId ? { channelId } : {});
  await eventually(() => app.slack.callsTo("views.open")[opened]);
  return app.slack
    .views()
    .filter((view) => view.callback_id === REPLY_CALLBACK)
    .at(-1)! as unknown as { id: string; private_metadata: string };
}

export function submitReply(
  app: TestApp,
  modal: { id: string; private_metadata: string },
  text: string,
  options: { retryNum?: number } = {},
) {
  return app.driver.viewSubmission(
    {
      id: modal.id,
      callback_id: REPLY_CALLBACK,
      private_metadata: modal.private_metadata,
      state: { values: { [REPLY_BLOCK]: { [REPLY_INPUT]: { type: "plain_text_input", value: text } } } },
    },
    options.retryNum ? { retryNum: options.retryNum } : {},
  );
}

export function chooseMark(
  app: TestApp,
  messageId: string,
  mark: string,
  options: { teamId?: string; userId?: string } = {},
) {
  return app.driver.blockAction(
    {
      action_id: MARK_ACTION,
      type: "static_select",
      selected_option: { text: { type: "plain_text", text: mark }, value: `${messageId}:${mark}` },
    },
    options,
  );
}

/**
 * Messages the account sent in a sandbox chat (ours and by hand). Line breaks as \n: a text sent
 * as multipart/form-data arrives with CRLF line breaks (the form encoding normalises them).
 */
export function accountMessagesIn(app: TestApp, chatId: string): string[] {
  return (app.sandbox.world.chat(chatId)?.messages ?? [])
    .filter((message) => message.isSender)
    .map((message) => message.text.replace(/\r\n/g, "\n"));
}

/** The prospect's conversation message in the thread (as last edited) and its text with every block. */
export async function card(app: TestApp, prospectName: string, contains?: string) {
  return eventually(() => {
    const found = app.slack
      .messages()
      .find((message) => (message.text ?? "").includes(`*Conversation with ${prospectName}*`));
    if (!found) return undefined;
    const all = `${found.text}\n${JSON.stringify(found.blocks)}`;
    return !contains || all.includes(contains) ? { message: found, all } : undefined;
  });
}
