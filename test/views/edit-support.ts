// Helpers shared by the Edit form's tests (edit-campaign, edit-variants): the form opened by
// `/sam edit` as the fake Slack holds it, and a campaign whose root message is really posted so
// its thread notices can be read where Slack shows them.
import { expect } from "vitest";
import type { Campaign } from "../../src/campaigns/campaigns.js";
import { announceCampaign } from "../../src/slack/notices.js";
import { eventually, type TestApp } from "../support/app.js";
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
