// Submission of the settings modal: every problem goes back on its own input; valid settings
// are saved to the account only if it belongs to the submitter's workspace, and the list the
// modal came from is refreshed to show them.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import type { AppContext } from "../context.js";
import { cleanText } from "../safe-text.js";
import { notify } from "../slack/outbox.js";
import { escapeMrkdwn } from "../slack/text.js";
import { updateAccountSettings } from "./accounts.js";
import { answerWithList, responder, workspaceOf } from "./interaction.js";
import {
  checkSettings,
  INPUT_ACTION,
  NUMERIC_FIELDS,
  type SubmittedValues,
  TIME_ZONE_BLOCK,
} from "./settings.js";
import { notLinkedModal, parseSettingsMetadata } from "./settings-modal.js";
import { saveWarmUp, warmUpChanges } from "./warm-up-settings.js";

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export function saveSettingsView(ctx: AppContext) {
  return async ({ ack, body, view }: ViewArgs): Promise<void> => {
    const check = checkSettings(submittedValues(view.state.values));
    if (!check.ok) {
      await ack({ response_action: "errors", errors: check.errors as Record<string, string> });
      return;
    }
    const metadata = parseSettingsMetadata(view.private_metadata);
    const workspaceId = await workspaceOf(ctx, body);
    const saved = metadata
      ? await updateAccountSettings(ctx.sql, workspaceId, metadata.accountId, check.settings)
      : null;
    if (!saved || !metadata) {
      await ack({ response_action: "update", view: notLinkedModal() });
      return;
    }
    await saveWarmUp(ctx.sql, workspaceId, saved, warmUpChanges(view.state.values as never), ctx.clock.now());
    await ack();

    const notice = `:white_check_mark: Saved the settings of *${escapeMrkdwn(saved.name)}*.`;
    if (metadata.responseUrl) {
      try {
        await answerWithList(ctx, workspaceId, responder(metadata.responseUrl), notice);
        return;
      } catch (error) {
        // A response_url lasts 30 minutes; a modal left open longer falls back to a new notice.
        ctx.log.info("could not refresh the accounts list after saving", {
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    if (metadata.channelId) {
      await notify(ctx.sql, ctx.clock, {
        workspaceId,
        target: { kind: "ephemeral", channel: metadata.channelId, user: body.user.id },
        text: notice,
      });
    }
  };
}

type StateValues = ViewSubmitAction["view"]["state"]["values"];

/** Typed values, cleaned of what PostgreSQL cannot store (NUL, lone surrogates) before any check. */
function submittedValues(values: StateValues): SubmittedValues {
  const blockIds = [...NUMERIC_FIELDS.map((field) => field.key), TIME_ZONE_BLOCK];
  return Object.fromEntries(
    blockIds.map((blockId) => {
      const value: unknown = values[blockId]?.[INPUT_ACTION]?.value;
      return [blockId, typeof value === "string" ? cleanText(value) : undefined];
    }),
  );
}

