// `/sam import <campaign>` opens this modal: one CSV file for the campaign.
import { plainText } from "../slack/text.js";
import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs } from "@slack/bolt";
import { campaignById } from "../campaigns/campaigns.js";
import type { AppContext } from "../context.js";
import { enqueue } from "../db/job-queue.js";
import { ensureWorkspace, firstDelivery } from "../workspaces.js";

export const IMPORT_CALLBACK = "import_prospects";

export function importModal(campaign: { id: string; name: string }) {
  return {
    type: "modal" as const,
    callback_id: IMPORT_CALLBACK,
    private_metadata: JSON.stringify({ campaignId: campaign.id }),
    title: { type: "plain_text" as const, text: "Upload prospects" },
    submit: { type: "plain_text" as const, text: "Import" },
    close: { type: "plain_text" as const, text: "Cancel" },
    blocks: [
      {
        type: "input",
        block_id: "csv",
        label: { type: "plain_text", text: plainText(`CSV for ${campaign.name}`, 150) },
        hint: {
          type: "plain_text",
          text: "Columns: first_name, last_name, linkedin_url (required), company_name, title, and any others. Up to 10 MB or 100,000 rows.",
        },
        element: { type: "file_input", action_id: "value", filetypes: ["csv"], max_files: 1 },
      },
    ],
  };
}

/** The delivery key of "import this file into this campaign", whichever way the file came. */
export const importRequestKey = (campaignId: string, fileId: string) => `import-request:${campaignId}:${fileId}`;

/** Queue the import of a Slack file into a campaign, once per (campaign, file). */
export async function queueImport(ctx: AppContext, campaignId: string, fileId: string, user: string): Promise<boolean> {
  return ctx.sql.begin(async (tx) => {
    if (!(await firstDelivery(tx, importRequestKey(campaignId, fileId)))) return false;
    await enqueue(tx, "import-prospects", { campaignId, fileId, requestedBy: user }, { maxAttempts: 5 }, ctx.clock);
    return true;
  });
}

export function registerImportView(app: App, ctx: AppContext): void {
  app.view(IMPORT_CALLBACK, async ({ ack, view, body }: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
    const files = (view.state.values.csv?.value as { files?: Array<{ id: string }> } | undefined)?.files ?? [];
    if (files.length === 0) {
      await ack({ response_action: "errors", errors: { csv: "Choose a CSV file." } });
      return;
    }
    const workspaceId = await ensureWorkspace(ctx.sql, body.team?.id ?? view.team_id);
    const { campaignId } = JSON.parse(view.private_metadata || "{}") as { campaignId?: string };
    const campaign = campaignId ? await campaignById(ctx.sql, workspaceId, campaignId) : null;
    if (!campaign) {
      await ack({ response_action: "errors", errors: { csv: "That campaign is not in this workspace." } });
      return;
    }
    await queueImport(ctx, campaign.id, files[0]!.id, body.user.id);
    await ack();
  });
}
