// Submission of the New-campaign modal: validate (errors go back on their fields), then create
// the campaign, post its root message, start the import of an attached CSV and refresh App Home,
// all in one transaction. A retried or double submission of the same view creates nothing more.
import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs } from "@slack/bolt";
import type { TransactionSql } from "postgres";
import { checkCampaignForm, newCampaignFrom, readCampaignForm } from "../campaigns/campaign-form.js";
import { createCampaign, nameTaken } from "../campaigns/campaigns.js";
import { accountForWorkspace, linkAccount } from "../accounts/accounts.js";
import type { AppContext } from "../context.js";
import { enqueue } from "../db/job-queue.js";
import { customFieldsOfHeader } from "../prospects/csv-header.js";
import { countryForTimeZone } from "../schedule/index.js";
import { slackFor } from "../slack/clients.js";
import { downloadSlackFile, slackFileInfo } from "../slack/files.js";
import { announceCampaign, refreshAfterCommit } from "../slack/notices.js";
import { ensureWorkspace, firstDelivery } from "../workspaces.js";
import { importRequestKey } from "./import-prospects.js";
import { NEW_CAMPAIGN_CALLBACK, newCampaignModal } from "./new-campaign-modal.js";
import { variantsModal } from "../slack/blocks/variants-modal.js";
import { accountChoices, type NewCampaignMetadata } from "./open-new-campaign.js";

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;
const HEADER_BYTES = 16 * 1024;

async function customFieldsOfFile(ctx: AppContext, workspaceId: string, fileId: string | undefined): Promise<string[]> {
  const slack = fileId ? await slackFor(ctx, workspaceId) : null;
  if (!fileId || !slack) return [];
  try {
    const info = await slackFileInfo(slack.client, fileId);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of await downloadSlackFile(slack.token, info, { firstBytes: HEADER_BYTES, timeoutMs: 1_000 })) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= HEADER_BYTES) break;
    }
    return customFieldsOfHeader(Buffer.concat(chunks));
  } catch {
    return [];
  }
}

/** The account the campaign sends from: a linked one, or a Unipile account linked right now. */
export async function resolveAccount(tx: TransactionSql, workspaceId: string, choice: string, timeZone: string, userId: string) {
  if (!choice.startsWith("{")) return (await accountForWorkspace(tx, workspaceId, choice))?.id ?? null;
  const { u: unipileAccountId, n: name, p: providerId } = JSON.parse(choice) as { u: string; n: string; p?: string };
  const link = await linkAccount(tx, { workspaceId, unipileAccountId, name, providerId: providerId ?? null, timeZone, linkedBy: userId });
  return link.outcome === "linked_elsewhere" ? null : link.account.id;
}

export function registerNewCampaignView(app: App, ctx: AppContext): void {
  app.view(NEW_CAMPAIGN_CALLBACK, async ({ ack, view, body }: ViewArgs) => {
    const teamId = body.team?.id ?? view.team_id;
    const workspaceId = await ensureWorkspace(ctx.sql, teamId);
    const metadata = JSON.parse(view.private_metadata || "{}") as Partial<NewCampaignMetadata>;
    const form = readCampaignForm(view.state.values as never);
    const knownFields = await customFieldsOfFile(ctx, workspaceId, form.fileIds[0]);
    const check = checkCampaignForm(form, {
      knownFields,
      nameTaken: form.name ? await nameTaken(ctx.sql, workspaceId, form.name) : false,
      noteWarningAccepted: metadata.noteWarningShown === true,
    });
    if (!check.ok) {
      await ack({ response_action: "errors", errors: check.errors });
      return;
    }
    if (check.warnings.length > 0) {
      // Show the warning above the message and keep everything typed; the next submit accepts it.
      const userTimeZone = metadata.userTimeZone ?? form.timeZone;
      await ack({
        response_action: "update",
        view: newCampaignModal({
          timeZone: userTimeZone,
          holidayCountry: countryForTimeZone(userTimeZone),
          accounts: await accountChoices(ctx, workspaceId),
          warning: check.warnings.join(" "),
          privateMetadata: JSON.stringify({ ...metadata, noteWarningShown: true }),
          initial: {
            name: form.name,
            type: form.type ?? undefined,
            first_message: form.firstMessage,
            ...Object.fromEntries(form.followUps.map((text, i) => [`follow_up_${i + 1}`, text || undefined])),
            delays: form.delays,
            time_zone: form.timeZone,
            window_start: form.windowStart ?? undefined,
            window_end: form.windowEnd ?? undefined,
            holiday_country: form.holidayCountry,
            variants_options: (form.variantsOptions ?? []).join(","),
          },
        }) as never,
      });
      return;
    }
    const valid = check.value;
    const refused = (block: string, message: string) => Object.assign(new Error(message), { block });
    const outcome = await ctx.sql.begin(async (tx) => {
      if (!(await firstDelivery(tx, `view:${view.id}`))) return "duplicate";
      // Thrown, not returned: the transaction must roll back so a corrected resubmission counts.
      if (await nameTaken(tx, workspaceId, valid.name)) throw refused("name", "That name was just taken.");
      const accountId = await resolveAccount(tx, workspaceId, valid.account, metadata.userTimeZone ?? valid.timeZone, body.user.id);
      if (!accountId) throw refused("account", "That LinkedIn account belongs to another workspace.");
      const moreAccountIds: string[] = [];
      for (const choice of valid.moreAccounts) {
        const id = await resolveAccount(tx, workspaceId, choice, metadata.userTimeZone ?? valid.timeZone, body.user.id);
        if (!id) throw refused("more_accounts", "One of these LinkedIn accounts belongs to another workspace.");
        moreAccountIds.push(id);
      }
      const campaign = await createCampaign(tx, newCampaignFrom(valid, { workspaceId, accountId, moreAccountIds, createdBy: body.user.id }));
      await announceCampaign(tx, ctx, campaign);
      if (valid.fileId) {
        // The same key as an upload through /sam import or the thread, so the file is taken once.
        await firstDelivery(tx, importRequestKey(campaign.id, valid.fileId));
        await enqueue(tx, "import-prospects", {
          campaignId: campaign.id,
          fileId: valid.fileId,
          requestedBy: body.user.id,
        }, { jobKey: `import:${campaign.id}:${valid.fileId}`, jobKeyMode: "unsafe_dedupe", maxAttempts: 5 }, ctx.clock);
      }
      await refreshAfterCommit(tx, ctx, { campaignIds: [], workspaceIds: [workspaceId] });
      return { kind: "created" as const, campaign };
    }).catch((error: Error & { block?: string }) => {
      if (!error.block) throw error;
      return { kind: "refused" as const, errors: { [error.block]: error.message } };
    });
    if (outcome === "duplicate") await ack();
    else if (outcome.kind === "refused") await ack({ response_action: "errors", errors: outcome.errors });
    else if (valid.variantsNext) {
      const created = outcome.campaign;
      // The Variants step replaces this view: the draft exists, so nothing typed is carried along.
      await ack({
        response_action: "update",
        view: variantsModal({
          campaignName: created.name,
          campaignType: created.campaign_type,
          templates: created.message_templates,
          metadata: { campaignId: created.id, knownFields },
        }),
      });
    } else await ack();
  });
}
