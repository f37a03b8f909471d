// `/sam dnc import` opens this modal: one CSV file of do-not-contact entries. Its submission
// queues the import once per (workspace, file), whatever Slack retries.
import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs } from "@slack/bolt";
import type { ModalView } from "@slack/types";
import type { AppContext } from "../context.js";
import { enqueue } from "../jobs/queue.js";
import { ensureWorkspace, firstDelivery } from "../workspaces.js";

export const DNC_IMPORT_CALLBACK = "import_do_not_contact";

export function dncImportModal(origin: { channel: string }): ModalView {
  return {
    type: "modal",
    callback_id: DNC_IMPORT_CALLBACK,
    private_metadata: JSON.stringify({ channel: origin.channel }),
    title: { type: "plain_text", text: "Do-not-contact list" },
    submit: { type: "plain_text", text: "Import" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      {
        type: "input",
        block_id: "csv",
        label: { type: "plain_text", text: "CSV of people and companies never to contact" },
        hint: {
          type: "plain_text",
          text:
            "One column: a LinkedIn profile URL, a company page URL (linkedin.com/company/…) or a company name per line, header optional. " +
            "Or the prospect CSV format: each row's person is added. Up to 10 MB or 100,000 rows.",
        },
        element: { type: "file_input", action_id: "value", filetypes: ["csv", "txt"], max_files: 1 },
      },
    ],
  };
}

export function registerDncImportView(app: App, ctx: AppContext): void {
  app.view(DNC_IMPORT_CALLBACK, async ({ ack, view, body }: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
    const files = (view.state.values.csv?.value as { files?: Array<{ id: string }> } | undefined)?.files ?? [];
    if (files.length === 0) {
      await ack({ response_action: "errors", errors: { csv: "Choose a CSV file." } });
      return;
    }
    const workspaceId = await ensureWorkspace(ctx.sql, body.team?.id ?? view.team_id);
    const { channel } = JSON.parse(view.private_metadata || "{}") as { channel?: string };
    const fileId = files[0]!.id;
    await ctx.sql.begin(async (tx) => {
      if (!(await firstDelivery(tx, `dnc-import-request:${workspaceId}:${fileId}`))) return;
      await enqueue(
        tx,
        "import-do-not-contact",
        { workspaceId, fileId, requestedBy: body.user.id, channel: typeof channel === "string" ? channel : null },
        { maxAttempts: 5 },
        ctx.clock,
      );
    });
    await ack();
  });
}
