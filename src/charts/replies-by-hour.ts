// Replies by hour of day, in the campaign's time zone: when people answer.
import { type Chart, COLORS, baseOption, count, renderChart } from "./render.js";

export interface RepliesByHourFigures {
  /** 24 counts, index = hour of day (0–23) in `timeZone`. */
  hours: number[];
  /** IANA name, e.g. Europe/Paris (ours, from the campaign's settings). */
  timeZone: string;
}

export function repliesByHourChart(figures: RepliesByHourFigures): Chart {
  if (figures.hours.length !== 24 || figures.hours.some((n) => !Number.isInteger(n) || n < 0)) {
    throw new Error(`replies by hour needs 24 whole counts, got ${figures.hours.length}`);
  }
  const total = figures.hours.reduce((sum, n) => sum + n, 0);
  const busiest = Math.max(...figures.hours);
  const peaks = figures.hours.flatMap((n, hour) => (n === busiest && n > 0 ? [`${hour}:00`] : []));
  const nonZero = figures.hours.flatMap((n, hour) => (n > 0 ? [`${hour}:00 ${count(n)}`] : []));
  const alt =
    total === 0
      ? `Replies by hour of day (${figures.timeZone}): no replies yet.`
      : `Replies by hour of day (${figures.timeZone}): ${count(total)} replies, most at ${peaks.join(" and ")} ` +
        `(${count(busiest)}). ${nonZero.join(", ")}.`;
  return renderChart(
    {
      ...baseOption(`Replies by hour of day (${figures.timeZone})`),
      grid: { left: 56, right: 24, top: 64, bottom: 40 },
      xAxis: {
        type: "category",
        data: figures.hours.map((_, hour) => String(hour)),
        axisTick: { show: false },
        axisLabel: { color: COLORS.muted },
      },
      yAxis: {
        type: "value",
        min: 0,
        minInterval: 1,
        axisLabel: { color: COLORS.muted },
        splitLine: { lineStyle: { color: COLORS.grid } },
      },
      series: [{ type: "bar", barWidth: "70%", itemStyle: { color: COLORS.secondary }, data: figures.hours }],
    },
    alt,
  );
}
