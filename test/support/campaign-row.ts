// A campaign row as the database returns it, for tests of pure builders (Block Kit, edits) that
// need a whole Campaign without a database: a connector on every day, 09:00–17:00.
import type { Campaign } from "../../src/campaigns/campaigns.js";

export function campaignRow(overrides: Partial<Campaign> = {}): Campaign {
  return {
    id: "0b7d3f52-2f0e-4a57-9d0b-0d1c8e1f2a3b",
    workspace_id: "w",
    handle: 2_147_483_647,
    name: "Campaign",
    campaign_type: "connector",
    status: "draft",
    account_id: "a",
    message_templates: { connection_request: "Hi", follow_up_messages: ["a", "b", "c", "d", "e"], follow_up_delays: [3, 5, 7, 9, 11] },
    time_zone: "America/Argentina/ComodRivadavia",
    window_start: "09:00:00",
    window_end: "17:00:00",
    sending_days: [1, 2, 3, 4, 5, 6, 7],
    holiday_country: "US",
    slack_channel_id: null,
    slack_thread_ts: null,
    created_by: null,
    auto_optimise: false,
    variant_min_sample: 30,
    notify_owner_on_interested: true,
    launch_result: null,
    pause_reason: null,
    launched_at: null,
    completed_at: null,
    created_at: new Date(0),
    updated_at: new Date(0),
    ...overrides,
  };
}
