// Helpers shared by the Edit form's tests (edit-campaign, edit-variants): the form opened by
// `/sam edit` as the fake Slack holds it, and a campaign whose root message is really posted so
// its thread notices can be read where Slack shows them.
import { expect } from "vitest";
import type { Campaign, MessageTemplates } from "../../src/campaigns/campaigns.js";
import { announceCampaign } from "../../src/slack/notices.js";
import { eventually, type TestApp } from "../support/app.js";
import { draftCampaign } from "../support/campaigns.js";
import { reload } from "../campaigns/fixtures.js";

/** The modal `/sam edit <reference>` opened (the last modal the fake Slack holds). */
export async function openEditForm<View>(t: TestApp, reference: string): Promise<View> {
  const opened = t.slack.callsTo("views.open").length;
  const response = await t.driver.command(`edit ${reference}`);
  expect(response.status).toBe(200);
  await eventually(() => t.slack.callsTo("views.open")[opened]);
  return t.slack.views().filter((view) => view.type === "modal").at(-1) as unknown as View;
}

/** The root message posted, so the thread notices can be read where Slack shows them. */
export async function announcedCampaign(t: TestApp, campaign: Campaign): Promise<Campaign> {
  await announceCampaign(t.db.sql, t.app.ctx, campaign);
  return eventually(async () => {
    const row = await reload(t, campaign.id);
    return row.slack_thread_ts ? row : null;
  });
}

/** The sandbox account's pace in the Edit tests: spaced sends, no jitter. */
export const EDIT_ACCOUNT = { min_gap_minutes: 10, follow_up_min_gap_minutes: 2, daily_message_cap: 40, jitter_fraction: 0 };

/** A draft on the sandbox account with these texts and prospects, its root message posted. */
export async function announcedDraft(
  t: TestApp,
  input: { name: string; templates: Partial<MessageTemplates>; prospects: string[] },
): Promise<{ campaign: Campaign; accountId: string }> {
  const { campaign, accountId } = await draftCampaign(t.db.sql, {
    teamId: t.slack.teamId,
    name: input.name,
    templates: input.templates,
    prospects: input.prospects.map((identifier) => ({ identifier })),
    account: EDIT_ACCOUNT,
  });
  return { campaign: await announcedCampaign(t, campaign), accountId };
}
