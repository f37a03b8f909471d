// The campaign funnel: imported → queued → sent (first touch) → accepted (connector campaigns)
// → replied → interested / meeting booked (when the conversations know). Horizontal bars, each
// labelled with its count and its share of the imported prospects.
import { type Chart, COLORS, baseOption, count, percent, renderChart } from "./render.js";

export interface FunnelFigures {
  imported: number;
  queued: number;
  sent: number;
  /** Invitations accepted; null when the campaign sends no invitations. */
  accepted: number | null;
  replied: number;
  /** Null when nothing is known about labels (no conversations data). */
  interested: number | null;
  meetingBooked: number | null;
}

export function funnelStages(figures: FunnelFigures): { label: string; count: number }[] {
  const stages: { label: string; count: number | null }[] = [
    { label: "Imported", count: figures.imported },
    { label: "Queued", count: figures.queued },
    { label: "Sent (first touch)", count: figures.sent },
    { label: "Accepted", count: figures.accepted },
    { label: "Replied", count: figures.replied },
    { label: "Interested", count: figures.interested },
    { label: "Meeting booked", count: figures.meetingBooked },
  ];
  return stages.filter((stage): stage is { label: string; count: number } => stage.count !== null);
}

export function funnelChart(figures: FunnelFigures): Chart {
  const stages = funnelStages(figures);
  const base = figures.imported;
  const alt = `Funnel: ${stages
    .map((stage, i) =>
      i === 0
        ? `${stage.label} ${count(stage.count)}`
        : `${stage.label} ${count(stage.count)} (${percent(stage.count, base)})`,
    )
    .join(", ")}.`;
  // Top stage first: ECharts draws a category y axis from the bottom up unless inverted.
  return renderChart(
    {
      ...baseOption("Funnel"),
      grid: { left: 160, right: 120, top: 56, bottom: 24 },
      xAxis: { type: "value", show: false, max: Math.max(base, 1) },
      yAxis: {
        type: "category",
        inverse: true,
        data: stages.map((stage) => stage.label),
        axisTick: { show: false },
        axisLine: { show: false },
        axisLabel: { fontSize: 13, color: COLORS.text },
      },
      series: [
        {
          type: "bar",
          barWidth: "62%",
          itemStyle: { color: COLORS.primary },
          data: stages.map((stage) => stage.count),
          label: {
            show: true,
            position: "right",
            color: COLORS.text,
            formatter: (param) => {
              const value = Number(param.value);
              return param.dataIndex === 0 ? count(value) : `${count(value)}  ${percent(value, base)}`;
            },
          },
        },
      ],
    },
    alt,
  );
}
