// Opens a campaign's Edit form (from `/sam edit`, the root message or App Home): the New-campaign
// modal filled with the campaign's values; once launched, its type, account and number of steps
// are shown, not asked, with the reason. A campaign that cannot be edited gets a modal saying why.
import type { ModalView } from "@slack/types";
import type { WebClient } from "@slack/web-api";

import { editRefusal, formInitialOf, isLaunched, settingsOf } from "../campaigns/campaign-edit.js";
import { type Campaign, poolAccountIds } from "../campaigns/campaigns.js";
import { fieldsUsed } from "../campaigns/import.js";
import { knownFieldsOf } from "../campaigns/save-edit.js";
import type { AppContext } from "../context.js";
import { variantsModal } from "../slack/blocks/variants-modal.js";
import { EDIT_CAMPAIGN_CALLBACK, noticeModal } from "../slack/blocks/campaign-edit.js";
import { escapeMrkdwn } from "../slack/text.js";
import { newCampaignModal } from "./new-campaign-modal.js";
import { accountChoices } from "./open-new-campaign.js";
import type { Queryable } from "../db/queryable.js";

export interface EditMetadata {
  campaignId: string;
  noteWarningShown?: boolean;
}

/**
 * The Message variants step for an existing campaign (from its Edit form): its current texts
 * filled in; once launched, only the texts of the letters it has may change.
 */
export async function campaignVariantsModal(sql: Queryable, campaign: Campaign): Promise<ModalView> {
  return variantsModal({
    campaignName: campaign.name,
    campaignType: campaign.campaign_type,
    templates: campaign.message_templates,
    launched: isLaunched(campaign),
    metadata: { campaignId: campaign.id, knownFields: [...(await knownFieldsOf(sql, campaign)), ...fieldsUsed(campaign.message_templates).keys()] },
  });
}

const TYPE_LABEL = { messenger: "Messenger", connector: "Connector" };

/** The Edit form of a campaign, with `initial` values (the campaign's, or a resubmission's). */
export async function editCampaignModal(
  ctx: AppContext,
  campaign: Campaign,
  options: { initial?: Record<string, string | undefined>; warning?: string; metadata?: EditMetadata } = {},
) {
  const pool = await poolAccountIds(ctx.sql, campaign);
  const launched = isLaunched(campaign);
  let launchedInfo = null;
  if (launched) {
    const names = await ctx.sql<{ name: string }[]>`
      select name from workspace_accounts where id = any(${ctx.sql.array(pool)}::uuid[]) and workspace_id = ${campaign.workspace_id}
      order by array_position(${ctx.sql.array(pool)}::uuid[], id)`;
    launchedInfo = {
      typeLabel: TYPE_LABEL[campaign.campaign_type],
      accountLabel: names.map((row) => escapeMrkdwn(row.name)).join(", ") || "none",
      followUps: campaign.message_templates.follow_up_messages.length,
      hasVariants: (campaign.message_templates.variants ?? []).some((texts) => texts.some((text) => text !== "")),
      autoOptimise: campaign.auto_optimise,
    };
  }
  const metadata: EditMetadata = options.metadata ?? { campaignId: campaign.id };
  return newCampaignModal({
    timeZone: campaign.time_zone,
    holidayCountry: campaign.holiday_country,
    accounts: launched ? [] : await accountChoices(ctx, campaign.workspace_id),
    warning: options.warning,
    privateMetadata: JSON.stringify(metadata),
    initial: options.initial ?? formInitialOf(settingsOf(campaign, pool)),
    edit: { callbackId: EDIT_CAMPAIGN_CALLBACK, launched: launchedInfo },
  });
}

export async function openEditCampaignModal(ctx: AppContext, client: WebClient, input: { triggerId: string; campaign: Campaign }): Promise<void> {
  const { campaign } = input;
  const refusal = editRefusal(campaign);
  const view = refusal
    ? noticeModal("Cannot edit", `*${escapeMrkdwn(campaign.name)}* cannot be edited: ${refusal}.`)
    : await editCampaignModal(ctx, campaign);
  await client.views.open({ trigger_id: input.triggerId, view: view as never });
}
