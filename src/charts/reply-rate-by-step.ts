// Reply rate per sequence step (a reply counts for the last message sent before it), and per
// variant of each step when the campaign has variants: one bar per step, or one bar per variant
// grouped by step. A step with nothing sent has no bar and says so in the text.
import { type Chart, COLORS, baseOption, count, percent, renderChart } from "./render.js";

export interface StepReplies {
  /** 1-based step number: 1 is the first touch. */
  step: number;
  sent: number;
  replied: number;
}

export interface VariantReplies extends StepReplies {
  /** The variant's name as the user wrote it (outside text: escape before it reaches Slack). */
  variant: string;
}

export interface ReplyRateFigures {
  steps: StepReplies[];
  /** Present (non-empty) when the campaign has variants. */
  variants?: VariantReplies[];
}

const VARIANT_COLORS = [COLORS.primary, COLORS.accent, "#2f9e6e", "#8a5cc7", "#c2407a", "#5b6b7f"];

const rate = (replied: number, sent: number): number | null =>
  sent > 0 ? Math.round((replied / sent) * 1000) / 10 : null;

function describe(label: string, row: StepReplies): string {
  if (row.sent === 0) return `${label}: nothing sent`;
  return `${label}: ${percent(row.replied, row.sent)} (${count(row.replied)} of ${count(row.sent)})`;
}

export function replyRateChart(figures: ReplyRateFigures): Chart {
  const steps = [...figures.steps].sort((a, b) => a.step - b.step);
  const variants = figures.variants ?? [];
  const stepLabels = steps.map((row) => `Step ${row.step}`);
  const altParts = steps.map((row) => describe(`Step ${row.step}`, row));
  let series: NonNullable<ReturnType<typeof baseOption>["series"]>;
  const labelOption = {
    show: true,
    position: "top" as const,
    color: COLORS.text,
    formatter: (param: { value: unknown }) => (param.value === null ? "" : `${param.value}%`),
  };
  if (variants.length === 0) {
    series = [
      {
        type: "bar",
        name: "All",
        barMaxWidth: 80,
        itemStyle: { color: COLORS.primary },
        data: steps.map((row) => rate(row.replied, row.sent)),
        label: labelOption,
      },
    ];
  } else {
    const names = [...new Set(variants.map((row) => row.variant))];
    series = names.map((name, i) => ({
      type: "bar" as const,
      name,
      barMaxWidth: 60,
      itemStyle: { color: VARIANT_COLORS[i % VARIANT_COLORS.length] },
      data: steps.map((row) => {
        const cell = variants.find((v) => v.variant === name && v.step === row.step);
        return cell ? rate(cell.replied, cell.sent) : null;
      }),
      label: labelOption,
    }));
    for (const row of [...variants].sort((a, b) => a.step - b.step || a.variant.localeCompare(b.variant))) {
      altParts.push(describe(`Step ${row.step} variant ${row.variant}`, row));
    }
  }
  const maxRate = Math.max(
    10,
    ...steps.map((row) => rate(row.replied, row.sent) ?? 0),
    ...variants.map((row) => rate(row.replied, row.sent) ?? 0),
  );
  return renderChart(
    {
      ...baseOption(variants.length > 0 ? "Reply rate by step and variant" : "Reply rate by step"),
      legend:
        variants.length > 0
          ? { show: true, right: 16, top: 14, textStyle: { fontSize: 13, color: COLORS.text } }
          : { show: false },
      grid: { left: 64, right: 24, top: 64, bottom: 40 },
      xAxis: { type: "category", data: stepLabels, axisTick: { show: false } },
      yAxis: {
        type: "value",
        min: 0,
        max: Math.ceil((maxRate * 1.15) / 5) * 5,
        axisLabel: { formatter: "{value}%", color: COLORS.muted },
        splitLine: { lineStyle: { color: COLORS.grid } },
      },
      series,
    },
    `Reply rate by step: ${altParts.join("; ")}.`,
  );
}
