// Every graphile-worker task of the app, by name. Each task is a small function with an explicit
// payload type in its own file; this file only binds them to the app context.
import type { JobHelpers, TaskList } from "graphile-worker";
import type { AppContext } from "../context.js";
import { refreshCampaignRoot, refreshHomes } from "../slack/notices.js";
import { type DeliverSlackPayload, deliverSlack } from "./deliver-slack.js";
import { type ImportProspectsPayload, importProspects } from "./import-prospects.js";
import { type LaunchCampaignPayload, launchCampaign } from "../launch/launch-campaign.js";
import { type DispatchAccountPayload, dispatchAccount } from "../delivery/dispatch.js";
import { sweep } from "../delivery/sweep.js";
import { type CampaignPayload, campaignCancelled, campaignResumed, retryFailed } from "./campaign-controls.js";
import { type ProcessWebhookEventPayload, processWebhookEvent } from "./process-webhook-event.js";
import { type PollAcceptancesPayload, pollAcceptancesJob } from "./poll-acceptances.js";
import { type CheckAccountHealthPayload, checkAccountHealthJob } from "./check-account-health.js";
import { type CampaignDigestPayload, campaignDigestJob } from "./campaign-digest.js";
import { type DailySummaryPayload, dailySummaryJob } from "./daily-summary.js";
import { type AnswerCommandPayload, answerCommand } from "./answer-command.js";
import { type ExportCampaignPayload, exportCampaignJob } from "./export-campaign.js";
import { sendSlackReply } from "../conversations/slack-reply.js";
import { type PollConversationPayload, pollConversationJob } from "./poll-conversation.js";
import { type ImportDoNotContactPayload, importDoNotContact } from "./import-do-not-contact.js";
import { type EvaluateBrakesPayload, evaluateBrakesJob } from "./evaluate-brakes.js";
import { type ReassignPoolPayload, reassignPoolProspectsJob } from "./reassign-pool-prospects.js";
import { type DeliverWebhooksPayload, deliverWebhooks } from "../outbound-webhooks/deliver.js";
import { type StatsReportPayload, statsReportJob, weeklyReportJob } from "./stats-report.js";
import { tickWeeklyReports, type WeeklyReportPayload } from "../analytics/weekly-report.js";

export type ContextTask<P> = (payload: P, ctx: AppContext, helpers: JobHelpers) => Promise<void>;

function bind<P>(ctx: AppContext, task: ContextTask<P>) {
  return (payload: unknown, helpers: JobHelpers) => task(payload as P, ctx, helpers);
}

export function taskList(ctx: AppContext): TaskList {
  return {
    "deliver-slack": bind<DeliverSlackPayload>(ctx, deliverSlack),
    "import-prospects": bind<ImportProspectsPayload>(ctx, importProspects),
    "launch-campaign": bind<LaunchCampaignPayload>(ctx, launchCampaign),
    "dispatch-account": bind<DispatchAccountPayload>(ctx, dispatchAccount),
    "campaign-resumed": bind<CampaignPayload>(ctx, campaignResumed),
    "campaign-cancelled": bind<CampaignPayload>(ctx, campaignCancelled),
    "retry-failed": bind<CampaignPayload>(ctx, retryFailed),
    "refresh-campaign-root": bind<{ campaignId: string }>(ctx, (payload, context) =>
      refreshCampaignRoot(context.sql, context, payload.campaignId),
    ),
    "refresh-homes": bind<{ workspaceId: string }>(ctx, (payload, context) =>
      refreshHomes(context.sql, context, payload.workspaceId),
    ),
    sweep: bind<Record<string, never>>(ctx, async (_payload, context) => sweep(context)),
    "process-webhook-event": bind<ProcessWebhookEventPayload>(ctx, processWebhookEvent),
    "poll-acceptances": bind<PollAcceptancesPayload>(ctx, pollAcceptancesJob),
    "check-account-health": bind<CheckAccountHealthPayload>(ctx, checkAccountHealthJob),
    "campaign-digest": bind<CampaignDigestPayload>(ctx, campaignDigestJob),
    "daily-summary": bind<DailySummaryPayload>(ctx, dailySummaryJob),
    "answer-command": bind<AnswerCommandPayload>(ctx, answerCommand),
    "export-campaign": bind<ExportCampaignPayload>(ctx, exportCampaignJob),
    "poll-conversation": bind<PollConversationPayload>(ctx, pollConversationJob),
    "send-slack-reply": bind<{ replyId: string }>(ctx, (payload, context) => sendSlackReply(context, payload.replyId)),
    "import-do-not-contact": bind<ImportDoNotContactPayload>(ctx, importDoNotContact),
    "evaluate-brakes": bind<EvaluateBrakesPayload>(ctx, evaluateBrakesJob),
    "reassign-pool-prospects": bind<ReassignPoolPayload>(ctx, reassignPoolProspectsJob),
    "deliver-webhooks": bind<DeliverWebhooksPayload>(ctx, deliverWebhooks),
    "stats-report": bind<StatsReportPayload>(ctx, statsReportJob),
    "weekly-report": bind<WeeklyReportPayload>(ctx, weeklyReportJob),
    "weekly-reports": bind<Record<string, never>>(ctx, async (_payload, context) => {
      await tickWeeklyReports(context.sql, context.clock);
    }),
  };
}
