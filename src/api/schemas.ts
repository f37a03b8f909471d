// The REST API's contract: every request body and every response as a zod schema. The router
// parses requests with them and the OpenAPI document (openapi.ts) is generated from them, so the
// two cannot drift apart. Names are snake_case, like the rest of the wire formats we speak.
import { z } from "zod";
import { CAMPAIGN_STATUSES, CAMPAIGN_TYPES, MAX_FOLLOW_UPS, PROSPECT_STATUSES } from "../db/enums.js";
import { WEBHOOK_EVENT_TYPES } from "../outbound-webhooks/events.js";

export const MAX_PROSPECTS_PER_REQUEST = 10_000;
export const MAX_API_BODY_BYTES = 5 * 1024 * 1024;
export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 200;

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "a time as HH:MM");

export const ProspectInput = z
  .object({
    first_name: z.string().max(200),
    last_name: z.string().max(200),
    linkedin_url: z.string().max(2000),
    company_name: z.string().max(500).optional(),
    title: z.string().max(500).optional(),
    custom: z.record(z.string().max(100), z.string().max(5000)).optional().describe("Extra columns, for {placeholders}"),
  })
  .strict();

const prospects = z.array(ProspectInput).min(1).max(MAX_PROSPECTS_PER_REQUEST);

export const CampaignCreate = z
  .object({
    name: z.string(),
    type: z.enum(CAMPAIGN_TYPES),
    account_id: z.string().describe("A LinkedIn account linked to this workspace (GET /accounts)"),
    first_message: z.string().describe("Messenger: the first message; connector: the connection-request note (at most 300 characters)"),
    follow_ups: z.array(z.string()).max(MAX_FOLLOW_UPS).default([]),
    delays: z.array(z.number().positive()).max(MAX_FOLLOW_UPS).default([3, 5, 7]).describe("Days between messages; missing delays repeat the last"),
    time_zone: z.string(),
    window_start: time.default("09:00"),
    window_end: time.default("17:00"),
    days: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5]).describe("ISO weekdays, 1 = Monday"),
    skip_holidays: z.boolean().default(true),
    holiday_country: z.string().max(2).optional().describe("Two-letter code; from the time zone when absent"),
    accept_long_note: z.boolean().default(false).describe("Keep a connector note over 200 characters (free LinkedIn accounts allow 200)"),
    variants: z
      .array(z.array(z.string()).max(3))
      .max(1 + MAX_FOLLOW_UPS)
      .optional()
      .describe("A/B/n: per message (0 = first message or note, n = follow-up n), up to 3 more texts, variants B–D; [] for none"),
    auto_optimise: z.boolean().default(false).describe("After 30 sends per variant, more prospects get the variant with more replies"),
    prospects: prospects.optional().describe("Imported with the CSV import's rules, in the same transaction"),
  })
  .strict();

export const ProspectsAdd = z.object({ prospects }).strict();

export const ImportReport = z
  .object({
    imported: z.number().int(),
    total: z.number().int().describe("Prospects in the request"),
    duplicates: z.array(z.object({ index: z.number().int(), duplicate_of_index: z.number().int() })),
    already_in_campaign: z.number().int(),
    skipped: z.array(z.object({ index: z.number().int(), reason: z.string() })),
    invalid: z.array(z.object({ index: z.number().int(), field: z.string().optional(), reason: z.string() })),
  })
  .describe("Indexes are positions in the request's prospects array, from 0");

export const CampaignCounts = z
  .object({
    prospects: z.number().int(),
    prospects_by_status: z.record(z.string(), z.number().int()),
    queued: z.number().int(),
    sent: z.number().int(),
    failed: z.number().int(),
    replied: z.number().int(),
    next_send_at: z.string().nullable(),
  });

export const Campaign = z
  .object({
    id: z.string(),
    handle: z.string().describe("The campaign's name in Slack commands, e.g. c12"),
    name: z.string(),
    type: z.enum(CAMPAIGN_TYPES),
    status: z.enum(CAMPAIGN_STATUSES),
    account_id: z.string().nullable(),
    first_message: z.string(),
    follow_ups: z.array(z.string()),
    delays: z.array(z.number()),
    variants: z.array(z.array(z.string())).describe("Per message, variants B–D (the message's text above is A)"),
    auto_optimise: z.boolean(),
    time_zone: z.string(),
    window_start: z.string(),
    window_end: z.string(),
    days: z.array(z.number().int()),
    holiday_country: z.string().nullable(),
    slack_channel_id: z.string().nullable(),
    slack_thread_ts: z.string().nullable(),
    created_at: z.string(),
    launched_at: z.string().nullable(),
    completed_at: z.string().nullable(),
    counts: CampaignCounts.optional().describe("Present on GET /campaigns/{id}"),
  });

export const CampaignCreated = z
  .object({ campaign: Campaign, warnings: z.array(z.string()), import: ImportReport.nullable() });

export const ControlResult = z.object({ campaign: Campaign, message: z.string() });

const page = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), next_cursor: z.string().nullable().describe("Pass as ?cursor= for the next page; null at the end") });

export const CampaignList = page(Campaign);

export const Prospect = z
  .object({
    id: z.string(),
    campaign_id: z.string(),
    first_name: z.string(),
    last_name: z.string(),
    linkedin_url: z.string(),
    public_identifier: z.string(),
    company_name: z.string().nullable(),
    title: z.string().nullable(),
    custom: z.record(z.string(), z.string()),
    status: z.enum(PROSPECT_STATUSES),
    status_reason: z.string().nullable(),
    contacted_at: z.string().nullable(),
    replied_at: z.string().nullable(),
    created_at: z.string(),
  });

export const ProspectList = page(Prospect);

export const Deleted = z.object({ deleted: z.literal(true), id: z.string() });

export const Problem = z
  .object({
    type: z.string().describe("Stable: one per kind of error"),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    field: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  });

export const Account = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(["active", "unavailable"]),
  status_reason: z.string().nullable(),
  cooldown_until: z.string().nullable(),
  time_zone: z.string(),
  caps: z.object({ daily_messages: z.number().int(), daily_invitations: z.number().int(), weekly_invitations: z.number().int() })
    .describe("As configured; a warm-up ramp or a health brake may lower them on a given day"),
  usage: z
    .object({ messages_today: z.number().int(), invitations_today: z.number().int(), invitations_last_7_days: z.number().int() })
    .describe("Sent by every campaign of the account; today is the account's local day"),
});
export const AccountList = z.object({ data: z.array(Account) });

export const MAX_DNC_PER_REQUEST = 1_000;
export const DoNotContactAdd = z
  .object({
    entries: z
      .array(z.object({ value: z.string().max(2000).describe("A LinkedIn profile URL, a company page URL, or a company name"), reason: z.string().max(500).optional() }).strict())
      .min(1)
      .max(MAX_DNC_PER_REQUEST),
  })
  .strict();
export const DoNotContactEntry = z.object({
  id: z.string(),
  kind: z.enum(["profile", "company", "company_page"]),
  entry: z.string().describe("The canonical profile or page URL, or the company name"),
  key: z.string(),
  reason: z.string().nullable(),
  source: z.string(),
  added_by: z.string().nullable(),
  added_at: z.string(),
});
export const DoNotContactList = page(DoNotContactEntry);
export const DoNotContactAdded = z.object({
  added: z.number().int().describe("New entries (already listed ones are not counted)"),
  stopped_prospects: z.number().int(),
  cancelled_messages: z.number().int(),
});

// ---- stats (src/analytics) ----
export const CampaignStats = z.object({
  campaign_id: z.string(),
  time_zone: z.string(),
  funnel: z.object({
    imported: z.number().int(),
    queued: z.number().int().describe("Prospects with a first touch queued (any status)"),
    sent: z.number().int().describe("Prospects whose first touch was sent"),
    accepted: z.number().int().nullable().describe("Invitations accepted; null for messenger campaigns"),
    replied: z.number().int(),
    interested: z.number().int(),
    meeting_booked: z.number().int(),
  }),
  steps: z
    .array(z.object({ step: z.number().int().describe("1 = first touch"), sent: z.number().int(), replied: z.number().int() }))
    .describe("Per step, replies counted for the last message sent before them"),
  time_to_reply: z.object({
    count: z.number().int(),
    median_hours: z.number().nullable(),
    buckets: z.array(z.object({ label: z.string(), count: z.number().int() })),
  }),
  replies_by_hour: z.array(z.number().int()).describe("24 counts, hour 0 first, in the campaign's time zone"),
  replies_by_weekday: z.array(z.number().int()).describe("7 counts, Monday first"),
  failures_and_skips: z.array(
    z.object({ kind: z.enum(["prospect", "message"]), status: z.enum(["skipped", "failed"]), reason: z.string(), count: z.number().int() }),
  ),
});
export type CampaignStatsBody = z.output<typeof CampaignStats>;

export const AccountStats = z.object({
  account_id: z.string(),
  name: z.string(),
  time_zone: z.string(),
  status: z.string(),
  cooldown_until: z.string().nullable(),
  days: z
    .array(
      z.object({
        date: z.string().describe("yyyy-mm-dd, the account's local day"),
        messages: z.number().int(),
        invitations: z.number().int(),
        message_cap: z.number().int(),
        invitation_cap: z.number().int(),
      }),
    )
    .describe("The last 14 days, oldest first, with each day's caps (warm-up and brakes applied)"),
  acceptance: z.object({ invitations: z.number().int(), accepted: z.number().int(), rate: z.number().nullable() }).describe("Last 30 days"),
  pending_invitations: z.number().int(),
});
export type AccountStatsBody = z.output<typeof AccountStats>;

// ---- outbound webhooks (src/outbound-webhooks) ----
export const WebhookCreate = z
  .object({
    url: z.string().max(2000).describe("https://… (plain http only to a loopback host where the deployment allows it)"),
    events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).default([]).describe("Event types to send; empty or absent: every type"),
  })
  .strict();

export const Webhook = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).nullable().describe("null: every type"),
  enabled: z.boolean(),
  failing_since: z.string().nullable().describe("First failure of the delivery at the head of the line; 24 h of failures disable the endpoint"),
  disabled_at: z.string().nullable(),
  disabled_reason: z.string().nullable(),
  created_at: z.string(),
});
export const WebhookCreated = z.object({
  webhook: Webhook,
  secret: z.string().describe("The signing secret, shown only in this answer"),
});
export const WebhookList = z.object({ data: z.array(Webhook) });
export const WebhookAttempts = z.object({
  data: z.array(
    z.object({
      event_id: z.string(),
      event_type: z.string(),
      attempted_at: z.string(),
      status_code: z.number().int().nullable().describe("null: no answer (timeout, refused connection)"),
      error: z.string().nullable(),
      duration_ms: z.number().int(),
    }),
  ),
});
export const WebhookTestQueued = z.object({ event_id: z.string() });
