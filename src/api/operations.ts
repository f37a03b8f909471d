// The REST API's operations, one table: path, scope, request and response schemas, and what each
// does. The router (router.ts) serves them and openapi.ts describes them from the same entries.
// Writes reuse the Slack paths: the modal's rules (campaign-form.ts) and its announcement,
// the CSV import (import.ts) and its thread report, the controls (controls.ts).
import type { TransactionSql } from "postgres";
import type { z } from "zod";
import { DateTime } from "luxon";
import { accountForWorkspace, linkedAccounts } from "../accounts/accounts.js";
import { addAndStop, type ListedEntry } from "../do-not-contact/entries.js";
import { displayOf, type EntryKind, parseTarget } from "../do-not-contact/keys.js";
import { type CampaignFormValues, checkCampaignForm, newCampaignFrom, type ValidCampaignForm } from "../campaigns/campaign-form.js";
import { checkVariantsForm, EXTRA_LETTERS } from "../campaigns/variants-form.js";
import { type Campaign as CampaignRow, campaignById, createCampaign, handleOf, nameTaken } from "../campaigns/campaigns.js";
import { applyControlIn, type Control, refusal } from "../campaigns/controls.js";
import { importIntoCampaign, missingColumns, type ParsedProspects } from "../campaigns/import.js";
import { importReport } from "../campaigns/import-report.js";
import { campaignProgress } from "../campaigns/progress.js";
import type { AppContext } from "../context.js";
import { MAX_FOLLOW_UPS, PROSPECT_STATUSES } from "../db/enums.js";
import { normalizeFieldName } from "../prospects/field-names.js";
import { cleanText } from "../safe-text.js";
import { announceCampaign, postInThread, refreshAfterCommit, refreshCampaignRoot, refreshHomes } from "../slack/notices.js";
import { findOr404 } from "./find-or-404.js";
import type { ApiKeyRow, ApiScope } from "./keys.js";
import { ApiProblem, type FieldError } from "./problem.js";
import { readProspects, reportOf } from "./prospect-input.js";
import * as S from "./schemas.js";
import { STATS_OPERATIONS } from "./stats-operations.js";
import { campaignView, type ProspectRow, prospectView, UUID } from "./views.js";
import { WEBHOOK_OPERATIONS } from "./webhook-operations.js";

export interface Call {
  tx: TransactionSql;
  ctx: AppContext;
  key: ApiKeyRow;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

export interface QueryParameter {
  name: string;
  description: string;
  schema: Record<string, unknown>;
}

export interface Operation {
  method: "GET" | "POST" | "DELETE";
  /** OpenAPI path template under /api/v1, e.g. /campaigns/{campaign_id}. */
  path: string;
  operationId: string;
  summary: string;
  scope: ApiScope;
  request?: { name: string; schema: z.ZodType };
  response: { status: 200 | 201; name: string; schema: z.ZodType };
  query?: QueryParameter[];
  /** Error statuses besides 401, 429 (every operation) and 403 (every write). */
  errors: number[];
  run: (call: Call) => Promise<unknown>;
}

/** The path's campaign in the key's workspace (locked for update when the operation changes it), else 404. */
function campaignOf(call: Call, lock = false): Promise<CampaignRow> {
  return findOr404(call.params, { param: "campaign_id", noun: "campaign" }, async (id) =>
    lock
      ? (await call.tx<CampaignRow[]>`select * from campaigns where id = ${id} and workspace_id = ${call.key.workspace_id} for update`)[0]
      : await campaignById(call.tx, call.key.workspace_id, id),
  );
}

// ---- cursors: opaque to clients (base64url of the last key seen), checked on the way in ----
const encodeCursor = (value: string) => Buffer.from(`v1:${value}`, "utf8").toString("base64url");
function decodeCursor(query: URLSearchParams, shape: RegExp): string | null {
  const cursor = query.get("cursor");
  if (cursor === null || cursor === "") return null;
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const value = text.startsWith("v1:") ? text.slice(3) : "";
  if (!shape.test(value)) throw new ApiProblem("validation", "The cursor is not one this API gave out.", { field: "cursor" });
  return value;
}
function limitOf(query: URLSearchParams): number {
  const text = query.get("limit");
  if (text === null) return S.DEFAULT_PAGE;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1 || limit > S.MAX_PAGE)
    throw new ApiProblem("validation", `limit must be a whole number from 1 to ${S.MAX_PAGE}.`, { field: "limit" });
  return limit;
}
/**
 * One page of a list: `rows` were read with `limit + 1`, the extra row only telling that more
 * follow; next_cursor is the key of the page's last row, or null at the end.
 */
function pageOf<Row, Item>(rows: Row[], limit: number, view: (row: Row) => Item, keyOf: (row: Row) => string) {
  const page = rows.slice(0, limit);
  return { data: page.map((row) => view(row)), next_cursor: rows.length > limit ? encodeCursor(keyOf(page.at(-1)!)) : null };
}
const PAGING: QueryParameter[] = [
  { name: "limit", description: `Items per page, 1 to ${S.MAX_PAGE} (default ${S.DEFAULT_PAGE})`, schema: { type: "integer", minimum: 1, maximum: S.MAX_PAGE } },
  { name: "cursor", description: "next_cursor of the previous page", schema: { type: "string" } },
];

// ---- campaigns ----
/** The modal's block ids, as the API names its fields. */
function apiField(block: string): string {
  const followUp = /^follow_up_(\d+)$/.exec(block);
  if (followUp) return `follow_ups[${Number(followUp[1]) - 1}]`;
  return { account: "account_id" }[block] ?? block;
}

/** Imports parsed prospects and reports in the thread, as an uploaded CSV does. */
async function importProspects(call: Call, campaign: CampaignRow, parsed: ParsedProspects) {
  const missing = missingColumns(campaign.message_templates, parsed.customFields);
  if (missing) throw new ApiProblem("validation", missing, { field: "prospects" });
  const summary = await importIntoCampaign(call.tx, campaign, parsed, call.ctx.clock.now());
  const source = `an API request (key ${call.key.prefix}…)`;
  const report = importReport(source, summary);
  await postInThread(call.tx, call.ctx, campaign, report.text);
  if (report.errorCsv) {
    await postInThread(call.tx, call.ctx, campaign, `Rows of ${source} not imported`, {
      file: { filename: `${handleOf(campaign)}-import-errors.csv`, content: report.errorCsv },
    });
  }
  await refreshCampaignRoot(call.tx, call.ctx, campaign.id);
  await refreshHomes(call.tx, call.ctx, campaign.workspace_id);
  return reportOf(summary, parsed);
}

/** The form rules' errors (campaign-form.ts, variants-form.ts) as one 422: every field, the first named. */
function formProblem(errors: FieldError[]): ApiProblem {
  return new ApiProblem("validation", errors.map((error) => `${error.field}: ${error.message}`).join(" "), { field: errors[0]!.field, errors });
}

/** The request's variants, checked with the Variants step's rules; errors name `variants[step][i]`. */
function apiVariants(input: z.output<typeof S.CampaignCreate>, valid: ValidCampaignForm, knownFields: string[]): { variants?: string[][] } {
  if (!input.variants || input.variants.every((texts) => texts.length === 0)) return {};
  const steps = 1 + valid.templates.follow_up_messages.length;
  if (input.variants.length > steps) {
    throw new ApiProblem("validation", `variants: the campaign has ${steps} message(s), so at most ${steps} lists of variants.`, { field: "variants" });
  }
  const typed = input.variants.map((texts) => EXTRA_LETTERS.map((_, i) => cleanText(texts[i] ?? "").trim()));
  const check = checkVariantsForm(typed, { knownFields, campaignType: valid.type });
  if (!check.ok) {
    const errors: FieldError[] = Object.entries(check.errors).map(([block, message]) => {
      const [, step, letter] = /^variant_(\d+)_([B-D])$/.exec(block)!;
      return { field: `variants[${step}][${EXTRA_LETTERS.indexOf(letter as never)}]`, message };
    });
    throw formProblem(errors);
  }
  return { variants: check.variants };
}

async function createCampaignOperation(call: Call) {
  const input = call.body as z.output<typeof S.CampaignCreate>;
  const workspaceId = call.key.workspace_id;
  const parsed = input.prospects ? readProspects(input.prospects) : null;
  const form: CampaignFormValues = {
    name: cleanText(input.name).trim(),
    type: input.type,
    account: input.account_id,
    firstMessage: cleanText(input.first_message).trim(),
    followUps: Array.from({ length: MAX_FOLLOW_UPS }, (_, i) => cleanText(input.follow_ups[i] ?? "").trim()),
    delays: input.delays.join(", "),
    timeZone: cleanText(input.time_zone).trim(),
    windowStart: input.window_start,
    windowEnd: input.window_end,
    days: input.days,
    skipHolidays: input.skip_holidays,
    holidayCountry: cleanText(input.holiday_country ?? "").trim().toUpperCase(),
    fileIds: [],
    variantsOptions: input.auto_optimise ? ["auto_optimise"] : [],
  };
  const knownFields = (parsed?.customFields ?? []).map(normalizeFieldName);
  const check = checkCampaignForm(form, {
    knownFields,
    nameTaken: form.name ? await nameTaken(call.tx, workspaceId, form.name) : false,
    noteWarningAccepted: input.accept_long_note,
  });
  if (!check.ok) {
    const errors: FieldError[] = Object.entries(check.errors).map(([block, message]) => ({ field: apiField(block), message }));
    throw formProblem(errors);
  }
  if (check.warnings.length > 0) {
    throw new ApiProblem("validation", `${check.warnings.join(" ").replace("Submit again to keep it.", "Send accept_long_note: true to keep it.")}`, {
      field: "first_message",
    });
  }
  const account = await accountForWorkspace(call.tx, workspaceId, input.account_id);
  if (!account) {
    throw new ApiProblem("validation", "No LinkedIn account with this id is linked to this workspace (see GET /api/v1/accounts).", { field: "account_id" });
  }
  const valid = { ...check.value, templates: { ...check.value.templates, ...apiVariants(input, check.value, knownFields) } };
  const campaign = await createCampaign(
    call.tx,
    newCampaignFrom(valid, { workspaceId, accountId: account.id, createdBy: call.key.created_by }),
  );
  // The same announcement as the modal's: the root message in SAM_CHANNEL, through the outbox.
  await announceCampaign(call.tx, call.ctx, campaign);
  const report = parsed ? await importProspects(call, campaign, parsed) : null;
  await refreshAfterCommit(call.tx, call.ctx, { campaignIds: [], workspaceIds: [workspaceId] });
  const [fresh] = await call.tx<CampaignRow[]>`select * from campaigns where id = ${campaign.id}`;
  return { status: 201, body: { campaign: campaignView(fresh!), warnings: [], import: report } };
}

const NEXT_STATUS: Record<Exclude<Control, "retry">, CampaignRow["status"]> = {
  launch: "launching",
  pause: "paused",
  resume: "active",
  cancel: "cancelled",
};

function controlOperation(control: Exclude<Control, "retry">): Operation {
  return {
    method: "POST",
    path: `/campaigns/{campaign_id}/${control}`,
    operationId: `${control}Campaign`,
    summary: `${control[0]!.toUpperCase()}${control.slice(1)} a campaign (as /sam ${control} does)`,
    scope: "write",
    response: { status: 200, name: "ControlResult", schema: S.ControlResult },
    errors: [404, 409],
    run: async (call) => {
      const campaign = await campaignOf(call, true);
      const refused = refusal(control, campaign);
      if (refused) throw new ApiProblem("conflict", refused.replace(/\*/g, ""), { field: "status" });
      const message = (await applyControlIn(call.tx, call.ctx, campaign, control, call.key.created_by)) ?? "";
      const [after] = await call.tx<CampaignRow[]>`select * from campaigns where id = ${campaign.id}`;
      if (after!.status !== NEXT_STATUS[control]) throw new ApiProblem("conflict", message.replace(/\*/g, ""), { field: "status" });
      return { status: 200, body: { campaign: campaignView(after!), message: message.replace(/\*/g, "") } };
    },
  };
}

// ---- prospects ----
const PROSPECT_COLUMNS = `id, campaign_id, first_name, last_name, linkedin_url, public_identifier, company_name, title,
  custom_fields, status, status_reason, contacted_at, replied_at, created_at`;

/** The path's prospect in that campaign (locked for update when the operation changes it), else 404. */
function prospectOf(call: Call, campaign: CampaignRow, lock = false): Promise<ProspectRow> {
  return findOr404(call.params, { param: "prospect_id", noun: "prospect", within: "campaign" }, async (id) => {
    const [row] = await call.tx<ProspectRow[]>`select ${call.tx.unsafe(PROSPECT_COLUMNS)} from campaign_prospects
      where id = ${id} and campaign_id = ${campaign.id} ${lock ? call.tx`for update` : call.tx``}`;
    return row;
  });
}

export const OPERATIONS: Operation[] = [
  {
    method: "GET",
    path: "/campaigns",
    operationId: "listCampaigns",
    summary: "The workspace's campaigns, newest first",
    scope: "read",
    query: PAGING,
    response: { status: 200, name: "CampaignList", schema: S.CampaignList },
    errors: [422],
    run: async (call) => {
      const limit = limitOf(call.query);
      const after = decodeCursor(call.query, /^\d+$/);
      const rows = await call.tx<CampaignRow[]>`
        select * from campaigns where workspace_id = ${call.key.workspace_id}
          ${after === null ? call.tx`` : call.tx`and handle < ${Number(after)}`}
        order by handle desc limit ${limit + 1}`;
      return { status: 200, body: pageOf(rows, limit, (row) => campaignView(row), (row) => String(row.handle)) };
    },
  },
  {
    method: "POST",
    path: "/campaigns",
    operationId: "createCampaign",
    summary: "Create a campaign, optionally with prospects; the same rules as the New-campaign form",
    scope: "write",
    request: { name: "CampaignCreate", schema: S.CampaignCreate },
    response: { status: 201, name: "CampaignCreated", schema: S.CampaignCreated },
    errors: [400, 409, 413, 415, 422],
    run: createCampaignOperation,
  },
  {
    method: "GET",
    path: "/campaigns/{campaign_id}",
    operationId: "getCampaign",
    summary: "A campaign with its counts (those of /sam status)",
    scope: "read",
    response: { status: 200, name: "Campaign", schema: S.Campaign },
    errors: [404],
    run: async (call) => {
      const campaign = await campaignOf(call);
      const progress = await campaignProgress(call.tx, campaign.id, call.ctx.clock.now());
      return { status: 200, body: campaignView(campaign, progress) };
    },
  },
  controlOperation("launch"),
  controlOperation("pause"),
  controlOperation("resume"),
  controlOperation("cancel"),
  {
    method: "POST",
    path: "/campaigns/{campaign_id}/prospects",
    operationId: "addProspects",
    summary: `Add up to ${S.MAX_PROSPECTS_PER_REQUEST.toLocaleString("en-US")} prospects, with the CSV import's rules and report`,
    scope: "write",
    request: { name: "ProspectsAdd", schema: S.ProspectsAdd },
    response: { status: 200, name: "ImportReport", schema: S.ImportReport },
    errors: [400, 404, 409, 413, 415, 422],
    run: async (call) => {
      const campaign = await campaignOf(call, true);
      if (campaign.status === "cancelled" || campaign.status === "completed") {
        throw new ApiProblem("conflict", `Prospects cannot be added to a ${campaign.status} campaign.`, { field: "status" });
      }
      const parsed = readProspects((call.body as z.output<typeof S.ProspectsAdd>).prospects);
      return { status: 200, body: await importProspects(call, campaign, parsed) };
    },
  },
  {
    method: "GET",
    path: "/campaigns/{campaign_id}/prospects",
    operationId: "listProspects",
    summary: "A campaign's prospects with their status",
    scope: "read",
    query: [...PAGING, { name: "status", description: "Only prospects in this status", schema: { type: "string", enum: [...PROSPECT_STATUSES] } }],
    response: { status: 200, name: "ProspectList", schema: S.ProspectList },
    errors: [404, 422],
    run: async (call) => {
      const campaign = await campaignOf(call);
      const limit = limitOf(call.query);
      const after = decodeCursor(call.query, UUID);
      const status = call.query.get("status");
      if (status !== null && !(PROSPECT_STATUSES as readonly string[]).includes(status)) {
        throw new ApiProblem("validation", `status must be one of ${PROSPECT_STATUSES.join(", ")}.`, { field: "status" });
      }
      const rows = await call.tx<ProspectRow[]>`
        select ${call.tx.unsafe(PROSPECT_COLUMNS)} from campaign_prospects where campaign_id = ${campaign.id}
          ${status === null ? call.tx`` : call.tx`and status = ${status}`}
          ${after === null ? call.tx`` : call.tx`and id > ${after}`}
        order by id limit ${limit + 1}`;
      return { status: 200, body: pageOf(rows, limit, prospectView, (row) => row.id) };
    },
  },
  {
    method: "GET",
    path: "/campaigns/{campaign_id}/prospects/{prospect_id}",
    operationId: "getProspect",
    summary: "One prospect",
    scope: "read",
    response: { status: 200, name: "Prospect", schema: S.Prospect },
    errors: [404],
    run: async (call) => ({ status: 200, body: prospectView(await prospectOf(call, await campaignOf(call))) }),
  },
  {
    method: "DELETE",
    path: "/campaigns/{campaign_id}/prospects/{prospect_id}",
    operationId: "removeProspect",
    summary: "Remove a prospect nothing has been sent to yet",
    scope: "write",
    response: { status: 200, name: "Deleted", schema: S.Deleted },
    errors: [404, 409],
    run: async (call) => {
      const campaign = await campaignOf(call, true);
      const prospect = await prospectOf(call, campaign, true);
      const [touched] = await call.tx`
        select 1 from send_queue where prospect_id = ${prospect.id} and status in ('sending', 'sent') limit 1`;
      if (prospect.contacted_at || touched) {
        throw new ApiProblem("conflict", "This prospect has already been contacted; it can no longer be removed.", { field: "prospect_id" });
      }
      await call.tx`delete from campaign_prospects where id = ${prospect.id}`;
      await refreshCampaignRoot(call.tx, call.ctx, campaign.id);
      return { status: 200, body: { deleted: true, id: prospect.id } };
    },
  },
  {
    method: "GET",
    path: "/accounts",
    operationId: "listAccounts",
    summary: "The workspace's linked LinkedIn accounts with their caps and today's usage",
    scope: "read",
    response: { status: 200, name: "AccountList", schema: S.AccountList },
    errors: [],
    run: async (call) => {
      const accounts = await linkedAccounts(call.tx, call.key.workspace_id);
      const now = call.ctx.clock.now();
      const data = [];
      for (const account of accounts) {
        const dayStart = DateTime.fromJSDate(now).setZone(account.time_zone).startOf("day").toJSDate();
        const weekStart = new Date(now.getTime() - 7 * 86_400_000);
        const [usage] = await call.tx<{ messages: number; invitations: number; week: number }[]>`
          select count(*) filter (where message_type <> 'connection_request' and sent_at >= ${dayStart})::int as messages,
                 count(*) filter (where message_type = 'connection_request' and sent_at >= ${dayStart})::int as invitations,
                 count(*) filter (where message_type = 'connection_request' and sent_at >= ${weekStart})::int as week
          from send_queue where account_id = ${account.id} and status = 'sent' and sent_at >= ${weekStart < dayStart ? weekStart : dayStart}`;
        data.push({
          id: account.id,
          name: account.name,
          status: account.status,
          status_reason: account.status_reason,
          cooldown_until: account.cooldown_until ? account.cooldown_until.toISOString() : null,
          time_zone: account.time_zone,
          caps: {
            daily_messages: account.daily_message_cap,
            daily_invitations: account.daily_invitation_cap,
            weekly_invitations: account.weekly_invitation_cap,
          },
          usage: { messages_today: usage!.messages, invitations_today: usage!.invitations, invitations_last_7_days: usage!.week },
        });
      }
      return { status: 200, body: { data } };
    },
  },
  {
    method: "GET",
    path: "/do-not-contact",
    operationId: "listDoNotContact",
    summary: "The workspace's do-not-contact list, oldest first",
    scope: "read",
    query: PAGING,
    response: { status: 200, name: "DoNotContactList", schema: S.DoNotContactList },
    errors: [422],
    run: async (call) => {
      const limit = limitOf(call.query);
      const after = decodeCursor(call.query, /^\d+$/);
      const rows = await call.tx<Array<ListedEntry & { id: string }>>`
        select id::text as id, kind, key, original, reason, added_by, added_at, source from do_not_contact
        where workspace_id = ${call.key.workspace_id} ${after === null ? call.tx`` : call.tx`and id > ${after}`}
        order by id limit ${limit + 1}`;
      const entryView = (row: (typeof rows)[number]) => ({
        id: row.id,
        kind: row.kind,
        entry: displayOf(row),
        key: row.key,
        reason: row.reason,
        source: row.source,
        added_by: row.added_by,
        added_at: row.added_at.toISOString(),
      });
      return { status: 200, body: pageOf(rows, limit, entryView, (row) => row.id) };
    },
  },
  {
    method: "POST",
    path: "/do-not-contact",
    operationId: "addDoNotContact",
    summary: "Add people, company pages or companies; whom they name is stopped in every campaign at once (as /sam dnc add)",
    scope: "write",
    request: { name: "DoNotContactAdd", schema: S.DoNotContactAdd },
    response: { status: 200, name: "DoNotContactAdded", schema: S.DoNotContactAdded },
    errors: [400, 413, 415, 422],
    run: async (call) => {
      const { entries } = call.body as z.output<typeof S.DoNotContactAdd>;
      const errors: FieldError[] = [];
      const parsed = entries.map((entry, i) => {
        const target = parseTarget(cleanText(entry.value));
        if (!target.ok) errors.push({ field: `entries[${i}].value`, message: target.reason });
        return target;
      });
      if (errors.length > 0) {
        throw new ApiProblem("validation", errors.slice(0, 5).map((e) => `${e.field}: ${e.message}`).join("; "), { field: errors[0]!.field, errors: errors.slice(0, 50) });
      }
      let added = 0;
      let prospects = 0;
      let rows = 0;
      // One reason per entry: entries are added in groups of the same reason.
      const byReason = new Map<string | null, Array<{ kind: EntryKind; key: string; original: string }>>();
      parsed.forEach((target, i) => {
        if (!target.ok) return;
        const reason = entries[i]!.reason ? cleanText(entries[i]!.reason!) : null;
        byReason.set(reason, [...(byReason.get(reason) ?? []), { kind: target.kind, key: target.key, original: target.display }]);
      });
      for (const [reason, group] of byReason) {
        const result = await addAndStop(call.tx, call.ctx, call.key.workspace_id, group, { reason, addedBy: call.key.created_by, source: "api" });
        added += result.added;
        prospects += result.cancelled.prospects;
        rows += result.cancelled.rows;
      }
      return { status: 200, body: { added, stopped_prospects: prospects, cancelled_messages: rows } };
    },
  },
  {
    method: "DELETE",
    path: "/do-not-contact/{entry_id}",
    operationId: "removeDoNotContact",
    summary: "Take an entry off the list",
    scope: "write",
    response: { status: 200, name: "Deleted", schema: S.Deleted },
    errors: [404],
    run: async (call) => {
      // Entries have bigint ids; the answer echoes the id as sent.
      await findOr404(call.params, { param: "entry_id", noun: "do-not-contact entry", shape: /^\d{1,18}$/ }, async (id) => {
        const [removed] = await call.tx`delete from do_not_contact where id = ${id} and workspace_id = ${call.key.workspace_id} returning id`;
        return removed;
      });
      return { status: 200, body: { deleted: true, id: call.params.entry_id } };
    },
  },
  ...STATS_OPERATIONS,
  ...WEBHOOK_OPERATIONS,
];
