// Importing a parsed CSV into a campaign, in one transaction: all valid rows or none. A person
// already in this campaign is a duplicate; a person active in another campaign of the workspace
// is skipped with that campaign's name (one active campaign per person, as peer tools do); a row
// lacking a value that a message needs without a fallback is invalid now, not at send time.
import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { TransactionSql } from "postgres";
import { FINISHED_PROSPECT_STATUSES } from "../db/enums.js";
import { anyRecentFirstTouch, recencyDays, recencyReason, recentFirstTouches } from "../prospects/recency.js";
import type { InvalidRow, ProspectRow } from "../prospects/csv.js";
import { normalizeFieldName } from "../prospects/field-names.js";
import { parseTemplate } from "../templates/template.js";
import { allTexts } from "../variants/index.js";
import { companyPageOf, keysOf } from "../do-not-contact/keys.js";
import { DNC_REASON, listedAmongMany } from "../do-not-contact/list.js";
import type { Campaign, MessageTemplates } from "./campaigns.js";

export interface ParsedProspects {
  rows: ProspectRow[];
  invalid: InvalidRow[];
  duplicates: Array<{ row: number; duplicateOfRow: number; linkedinUrl: string }>;
  customFields: string[];
  totalDataRows: number;
}

export interface ImportSummary {
  imported: number;
  duplicatesInFile: number;
  alreadyInCampaign: number;
  skipped: Array<{ row: number; reason: string }>;
  invalid: InvalidRow[];
  totalDataRows: number;
}

/** Fields the campaign's messages use, and whether every use has a fallback. */
export function fieldsUsed(templates: MessageTemplates): Map<string, { alwaysHasFallback: boolean }> {
  const used = new Map<string, { alwaysHasFallback: boolean }>();
  for (const text of allTexts(templates)) {
    for (const part of parseTemplate(text).parts) {
      if (part.kind !== "field") continue;
      const name = normalizeFieldName(part.name);
      const previous = used.get(name);
      const hasFallback = part.fallback !== null && part.fallback !== "";
      used.set(name, { alwaysHasFallback: (previous?.alwaysHasFallback ?? true) && hasFallback });
    }
  }
  return used;
}

// A Map, not an object literal: a placeholder called {constructor} must not find Object.prototype.
const STANDARD_VALUE = new Map<string, (row: ProspectRow) => string | null>([
  ["first_name", (row) => row.firstName],
  ["last_name", (row) => row.lastName],
  ["company_name", (row) => row.companyName],
  ["title", (row) => row.title],
]);

function fieldValue(row: ProspectRow, name: string): string | null | undefined {
  const standard = STANDARD_VALUE.get(name);
  if (standard) return standard(row);
  return Object.hasOwn(row.custom, name) ? row.custom[name] : undefined;
}

/** A file-level problem (a column the messages need is missing), or null. */
export function missingColumns(templates: MessageTemplates, customFields: string[]): string | null {
  const missing = [...fieldsUsed(templates).keys()].filter((name) => !STANDARD_VALUE.has(name) && !customFields.includes(name));
  if (missing.length === 0) return null;
  return `The campaign's messages use ${missing.map((name) => `{${name}}`).join(", ")}, but the file has no such column.`;
}

/** Rows that lack a value a message needs without a fallback. */
export function rowsMissingValues(templates: MessageTemplates, rows: ProspectRow[]): { valid: ProspectRow[]; invalid: InvalidRow[] } {
  const required = [...fieldsUsed(templates)].filter(([, use]) => !use.alwaysHasFallback).map(([name]) => name);
  const valid: ProspectRow[] = [];
  const invalid: InvalidRow[] = [];
  for (const row of rows) {
    const empty = required.find((name) => {
      const value = fieldValue(row, name);
      return !value || value.trim() === "";
    });
    if (empty) invalid.push({ row: row.row, field: empty, reason: `${empty} is empty and a message uses {${empty}} without a fallback` });
    else valid.push(row);
  }
  return { valid, invalid };
}

/** A value for COPY … (format csv, null '\N'): quoted, so that a cell reading \N stays text, not NULL. */
function csvCell(value: string | number | null): string {
  if (value === null) return "";
  return `"${String(value).replace(/"/g, '""')}"`;
}

/** The do-not-contact keys of a CSV row: its profile, its company and its company page column. */
function keysOfRow(row: ProspectRow) {
  return keysOf({
    public_identifier: row.publicIdentifier,
    provider_id: null,
    company_name: row.companyName,
    company_page: companyPageOf(row.custom),
  });
}

export async function importIntoCampaign(
  tx: TransactionSql,
  campaign: Campaign,
  parsed: ParsedProspects,
  now: Date = new Date(),
): Promise<ImportSummary> {
  const { valid: complete, invalid: missing } = rowsMissingValues(campaign.message_templates, parsed.rows);
  // People and companies on the workspace's do-not-contact list never enter a campaign.
  const listed = await listedAmongMany(tx, campaign.workspace_id, complete.length, () => complete.map(keysOfRow));
  const valid = listed.empty ? complete : complete.filter((row) => !listed.matches(keysOfRow(row)));
  const doNotContact = listed.empty ? [] : complete.filter((row) => listed.matches(keysOfRow(row))).map((row) => ({ row: row.row, reason: DNC_REASON }));
  await tx`create temporary table import_rows (
    source_row integer not null, first_name text not null, last_name text not null, linkedin_url text not null,
    public_identifier text not null, company_name text, title text, custom_fields jsonb not null
  ) on commit drop`;
  if (valid.length > 0) {
    const copy = await tx`copy import_rows from stdin with (format csv, null '\\N')`.writable();
    const lines = (function* () {
      // Chunks of a thousand lines: one write per line was a third of the import's time.
      let chunk: string[] = [];
      for (const row of valid) {
        chunk.push(
          `${[
            row.row,
            csvCell(row.firstName),
            csvCell(row.lastName),
            csvCell(row.linkedinUrl),
            csvCell(row.publicIdentifier),
            row.companyName === null ? "\\N" : csvCell(row.companyName),
            row.title === null ? "\\N" : csvCell(row.title),
            csvCell(JSON.stringify(row.custom)),
          ].join(",")}\n`,
        );
        if (chunk.length === 1000) {
          yield chunk.join("");
          chunk = [];
        }
      }
      if (chunk.length > 0) yield chunk.join("");
    })();
    await pipeline(lines, copy as unknown as Writable);
  }
  const inCampaign = await tx<{ source_row: number }[]>`
    select i.source_row from import_rows i
    join campaign_prospects p on p.campaign_id = ${campaign.id} and p.public_identifier = i.public_identifier`;
  const elsewhere = await tx<{ source_row: number; handle: number; name: string }[]>`
    select distinct on (i.source_row) i.source_row, c.handle, c.name from import_rows i
    join campaign_prospects p on p.workspace_id = ${campaign.workspace_id} and p.public_identifier = i.public_identifier
      and p.campaign_id <> ${campaign.id} and p.status not in ${tx(FINISHED_PROSPECT_STATUSES)}
    join campaigns c on c.id = p.campaign_id
    order by i.source_row`;
  const recent = await skipRecentlyContacted(tx, campaign, now, new Set([...inCampaign, ...elsewhere].map((row) => row.source_row)));
  const inserted = await tx`
    insert into campaign_prospects (campaign_id, workspace_id, first_name, last_name, linkedin_url, public_identifier,
                                    company_name, title, custom_fields, source_row)
    select ${campaign.id}, ${campaign.workspace_id}, i.first_name, i.last_name, i.linkedin_url, i.public_identifier,
           i.company_name, i.title, i.custom_fields, i.source_row
    from import_rows i
    where not exists (select 1 from campaign_prospects p where p.campaign_id = ${campaign.id} and p.public_identifier = i.public_identifier)
      and not exists (select 1 from campaign_prospects p where p.workspace_id = ${campaign.workspace_id}
                        and p.public_identifier = i.public_identifier and p.campaign_id <> ${campaign.id}
                        and p.status not in ${tx(FINISHED_PROSPECT_STATUSES)})
    order by i.source_row`;
  return {
    imported: inserted.count,
    duplicatesInFile: parsed.duplicates.length,
    alreadyInCampaign: inCampaign.length,
    skipped: [
      ...doNotContact,
      ...elsewhere.map((row) => ({
        row: row.source_row,
        reason: `already active in campaign “${row.name}” (c${row.handle})`,
      })),
      ...recent,
    ].sort((a, b) => a.row - b.row),
    invalid: [...parsed.invalid, ...missing].sort((a, b) => a.row - b.row),
    totalDataRows: parsed.totalDataRows,
  };
}

/**
 * The recency rule (src/prospects/recency.ts): rows of people first-touched by another campaign
 * of the workspace within its period are taken out of import_rows and reported as skipped.
 * Rows already reported for another reason (`reported`) are left to it.
 */
async function skipRecentlyContacted(
  tx: TransactionSql,
  campaign: Campaign,
  now: Date,
  reported: ReadonlySet<number>,
): Promise<Array<{ row: number; reason: string }>> {
  const days = await recencyDays(tx, campaign.workspace_id);
  if (!(await anyRecentFirstTouch(tx, campaign.workspace_id, now, days))) return [];
  const rows = (await tx<{ source_row: number; public_identifier: string }[]>`select source_row, public_identifier from import_rows`)
    .filter((row) => !reported.has(row.source_row));
  const touches = await recentFirstTouches(
    tx,
    { workspaceId: campaign.workspace_id, campaignId: campaign.id, now, days },
    rows.map((row) => ({ key: String(row.source_row), publicIdentifier: row.public_identifier, providerId: null })),
  );
  if (touches.size === 0) return [];
  const skipped = [...touches].map(([key, touch]) => ({ row: Number(key), reason: recencyReason(touch, days, campaign.time_zone) }));
  await tx`delete from import_rows where source_row = any(${tx.array(skipped.map((entry) => entry.row))}::int[])`;
  return skipped;
}
