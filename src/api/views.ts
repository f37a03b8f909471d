// Database rows as the API shows them (src/api/schemas.ts): ISO times, HH:MM windows, handles.
import type { z } from "zod";
import { type Campaign as CampaignRow, handleOf } from "../campaigns/campaigns.js";
import type { CampaignProgress } from "../campaigns/progress.js";
import type { Campaign, Prospect } from "./schemas.js";

export const iso = (date: Date | null) => (date ? date.toISOString() : null);
/** The shape of every id in a path (uuid); anything else is "not found" without a query. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function campaignView(row: CampaignRow, progress?: CampaignProgress): z.output<typeof Campaign> {
  return {
    id: row.id,
    handle: handleOf(row),
    name: row.name,
    type: row.campaign_type,
    status: row.status,
    account_id: row.account_id,
    first_message: row.message_templates.connection_request,
    follow_ups: row.message_templates.follow_up_messages,
    delays: row.message_templates.follow_up_delays,
    variants: row.message_templates.variants ?? [],
    auto_optimise: row.auto_optimise,
    time_zone: row.time_zone,
    window_start: row.window_start.slice(0, 5),
    window_end: row.window_end.slice(0, 5),
    days: row.sending_days,
    holiday_country: row.holiday_country,
    slack_channel_id: row.slack_channel_id,
    slack_thread_ts: row.slack_thread_ts,
    created_at: row.created_at.toISOString(),
    launched_at: iso(row.launched_at),
    completed_at: iso(row.completed_at),
    ...(progress
      ? {
          counts: {
            prospects: progress.prospects,
            prospects_by_status: progress.prospectsByStatus,
            queued: progress.queued,
            sent: progress.sent,
            failed: progress.failed,
            replied: progress.replied,
            next_send_at: iso(progress.nextSendAt),
          },
        }
      : {}),
  };
}

export interface ProspectRow {
  id: string;
  campaign_id: string;
  first_name: string;
  last_name: string;
  linkedin_url: string;
  public_identifier: string;
  company_name: string | null;
  title: string | null;
  custom_fields: Record<string, string>;
  status: z.output<typeof Prospect>["status"];
  status_reason: string | null;
  contacted_at: Date | null;
  replied_at: Date | null;
  created_at: Date;
}

export function prospectView(row: ProspectRow): z.output<typeof Prospect> {
  return {
    id: row.id,
    campaign_id: row.campaign_id,
    first_name: row.first_name,
    last_name: row.last_name,
    linkedin_url: row.linkedin_url,
    public_identifier: row.public_identifier,
    company_name: row.company_name,
    title: row.title,
    custom: { ...row.custom_fields },
    status: row.status,
    status_reason: row.status_reason,
    contacted_at: iso(row.contacted_at),
    replied_at: iso(row.replied_at),
    created_at: row.created_at.toISOString(),
  };
}
