// Helpers shared by the campaign, command, event and action tests: campaigns created with the
// app's own code (root message really posted through the outbox), their threads as the fake
// Slack shows them, and a wait for the worker to have nothing left to do.
import type { Campaign, MessageTemplates } from "../../src/campaigns/campaigns.js";
import { createCampaign } from "../../src/campaigns/campaigns.js";
import type { CampaignStatus, CampaignType } from "../../src/db/enums.js";
import { announceCampaign } from "../../src/slack/notices.js";
import { ensureWorkspace } from "../../src/workspaces.js";
import { eventually, type TestApp } from "../support/app.js";
import { DEFAULT_CHANNEL_ID, type PostedMessage } from "../support/fake-slack.js";
import type { CommandOptions } from "../support/slack-driver.js";

export interface CampaignInput {
  teamId: string;
  name: string;
  type?: CampaignType;
  status?: CampaignStatus;
  templates?: Partial<MessageTemplates>;
  accountId?: string | null;
  /** Post the root message and wait for it (default true). */
  announce?: boolean;
}

export async function makeCampaign(t: TestApp, input: CampaignInput): Promise<Campaign> {
  const workspaceId = await ensureWorkspace(t.db.sql, input.teamId);
  const campaign = await t.db.sql.begin(async (tx) => {
    const created = await createCampaign(tx, {
      workspaceId,
      name: input.name,
      campaignType: input.type ?? "messenger",
      accountId: input.accountId ?? null,
      templates: {
        connection_request: "Hi {first_name}",
        follow_up_messages: ["Following up, {first_name|there}"],
        follow_up_delays: [3],
        ...input.templates,
      },
      timeZone: "America/New_York",
      windowStart: "09:00",
      windowEnd: "17:00",
      sendingDays: [1, 2, 3, 4, 5],
      holidayCountry: "US",
      createdBy: "U0ALICE0001",
    });
    if (input.status && input.status !== "draft") {
      await tx`update campaigns set status = ${input.status} where id = ${created.id}`;
    }
    if (input.announce !== false) await announceCampaign(tx, t.app.ctx, { ...created, status: input.status ?? "draft" });
    return created;
  });
  if (input.announce === false) return reload(t, campaign.id);
  return eventually(async () => {
    const [row] = await t.db.sql<Campaign[]>`select * from campaigns where id = ${campaign.id}`;
    return row?.slack_thread_ts ? row : null;
  });
}

export async function reload(t: TestApp, campaignId: string): Promise<Campaign> {
  const [row] = await t.db.sql<Campaign[]>`select * from campaigns where id = ${campaignId}`;
  return row!;
}

/** Replies in a campaign's thread, oldest first. */
export function threadOf(t: TestApp, campaign: Pick<Campaign, "slack_thread_ts">): PostedMessage[] {
  return t.slack.messages(DEFAULT_CHANNEL_ID).filter((message) => message.thread_ts === campaign.slack_thread_ts);
}

/** Waits until no import, Slack delivery or asked-for refresh is queued or running, and the outbox is drained. */
export async function settled(t: TestApp, timeoutMs = 20_000): Promise<void> {
  await eventually(async () => {
    const [jobs] = await t.db.sql<{ n: number }[]>`
      select count(*)::int as n from graphile_worker.jobs
      where attempts < max_attempts
        and (task_identifier in ('import-prospects', 'deliver-slack')
             -- Refreshes a listener asked for run at once and write the outbox; paced ones
             -- (a send's progress, ten seconds later) are not waited for.
             or (task_identifier in ('refresh-campaign-root', 'refresh-homes') and run_at <= now()))`;
    const [outbox] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from slack_outbox where status = 'pending'`;
    return jobs!.n === 0 && outbox!.n === 0;
  }, timeoutMs);
}

/** The text of an ephemeral ack (`{ response_type: "ephemeral", text }`). */
export function ackText(response: { json?: unknown; body: string }): string {
  const json = response.json as { text?: string } | undefined;
  return json?.text ?? response.body;
}

/**
 * A `/sam` command whose answer follows the acknowledgement through its response_url (status,
 * preview, list): the text that reached that URL. Fails if the acknowledgement was the answer.
 */
export async function answerText(
  t: TestApp,
  text: string,
  options: Omit<CommandOptions, "responseUrl"> = {},
): Promise<string> {
  const responseUrl = t.slack.responseUrl("commands");
  const response = await t.driver.command(text, { ...options, responseUrl });
  if (response.status !== 200) throw new Error(`/sam ${text} answered HTTP ${response.status}`);
  const answer = await eventually(() => t.slack.responses.find((posted) => posted.url === responseUrl));
  return (answer.body as { text: string }).text;
}
