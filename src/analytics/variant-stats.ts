// The per-variant table of `/sam stats` (issue 16, "Metrics per variant and step"): for each step
// whose rows were given variants, each variant's sent, accepted (connection notes), replied and
// interested (when replies were classified), with rates over its sends, and the step's verdict
// from src/variants (the probability each variant has the best reply rate, or "too small to
// say"), which always names what was compared. The counts come from campaignStats (SQL); this
// file only arranges them, so it is tested with hand-computed values.
import {
  formatRate,
  type Rate,
  type StepVerdict,
  type VariantLetter,
  type VariantStepRates,
  VARIANT_LETTERS,
  variantRates,
  verdict,
} from "../variants/index.js";
import type { CampaignStats } from "./campaign-stats.js";

export interface VariantStepTable {
  /** 1-based, as in CampaignStats.steps. */
  step: number;
  /** Our words for the step: "the connection note", "the first message", "follow-up 2". */
  label: string;
  rows: VariantStepRates[];
  /** Null when only one variant has been sent so far (nothing to compare yet). */
  verdict: StepVerdict | null;
}

export function stepLabel(step: number, campaignType: string): string {
  if (step > 1) return `follow-up ${step - 1}`;
  return campaignType === "connector" ? "the connection note" : "the first message";
}

function isLetter(value: string): value is VariantLetter {
  return (VARIANT_LETTERS as readonly string[]).includes(value);
}

/** One table per step with variants, in step order; empty when the campaign has none. */
export function variantTables(
  stats: Pick<CampaignStats, "variantSteps" | "repliesLabelled">,
  campaignType: string,
): VariantStepTable[] {
  const steps = [...new Set(stats.variantSteps.map((row) => row.step))].sort((a, b) => a - b);
  return steps.map((step) => {
    const figures = stats.variantSteps
      .filter((row) => row.step === step && isLetter(row.variant))
      .sort((a, b) => a.variant.localeCompare(b.variant));
    const counts = figures.map((row) => ({
      letter: row.variant as VariantLetter,
      sent: row.sent,
      replied: row.replied,
      ...(row.accepted === null ? {} : { accepted: row.accepted }),
      ...(stats.repliesLabelled ? { interested: row.interested } : {}),
    }));
    const label = stepLabel(step, campaignType);
    if (counts.length < 2) {
      // The split is balanced at launch, so a lone letter means the others have not gone out yet.
      const rows = counts.map((row) => ({
        letter: row.letter,
        sent: row.sent,
        replied: { count: row.replied, rate: row.sent === 0 ? null : row.replied / row.sent },
        ...(row.accepted === undefined ? {} : { accepted: rateOf(row.accepted, row.sent) }),
        ...(row.interested === undefined ? {} : { interested: rateOf(row.interested, row.sent) }),
      }));
      return { step, label, rows, verdict: null };
    }
    const outcomes = counts.map((row) => ({ letter: row.letter, sends: row.sent, replies: row.replied }));
    return { step, label, rows: variantRates(counts), verdict: verdict({ stepLabel: label, outcomes }) };
  });
}

function rateOf(count: number, sent: number): Rate {
  return { count, rate: sent === 0 ? null : count / sent };
}

function cell(rate: Rate | undefined): string {
  return rate === undefined ? "" : `${rate.count} (${formatRate(rate.rate)})`;
}

/**
 * The tables as mrkdwn: a monospaced block per step (our own letters and numbers only), then the
 * verdict in words. Every line is our text; nothing from outside reaches it.
 */
export function variantTablesText(tables: readonly VariantStepTable[]): string {
  const parts: string[] = [];
  for (const table of tables) {
    const hasAccepted = table.rows.some((row) => row.accepted !== undefined);
    const hasInterested = table.rows.some((row) => row.interested !== undefined);
    const header = ["Variant", "Sent", ...(hasAccepted ? ["Accepted"] : []), "Replied", ...(hasInterested ? ["Interested"] : [])];
    const lines = table.rows.map((row) => [
      row.letter,
      String(row.sent),
      ...(hasAccepted ? [cell(row.accepted)] : []),
      cell(row.replied),
      ...(hasInterested ? [cell(row.interested)] : []),
    ]);
    const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i]!.length)));
    const format = (line: string[]) => line.map((value, i) => value.padEnd(widths[i]!)).join("  ").trimEnd();
    parts.push(`*Variants of step ${table.step}* (${table.label})`);
    parts.push(`\`\`\`${[format(header), ...lines.map(format)].join("\n")}\`\`\``);
    if (table.verdict === null) {
      parts.push(`Only variant ${table.rows.map((row) => row.letter).join(", ")} has been sent so far: nothing to compare yet.`);
    } else if (table.verdict.kind === "too-small") {
      parts.push(`${table.verdict.reason} ${table.verdict.compared}`);
    } else {
      parts.push(`${table.verdict.summary} ${table.verdict.compared}`);
    }
  }
  return parts.join("\n");
}
