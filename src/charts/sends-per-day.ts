// Messages sent per day by one LinkedIn account, with its daily cap as a line (the cap can change
// from day to day: warm-up, the user's own limits).
import { type Chart, COLORS, baseOption, count, renderChart } from "./render.js";

export interface SendsPerDayFigures {
  /** The account's name (outside text: escape before it reaches Slack). */
  account: string;
  /** One row per day, oldest first, ISO dates (yyyy-mm-dd) in the account's time zone. */
  days: { date: string; sent: number; cap: number }[];
}

const shortDate = (iso: string): string => {
  const [, month, day] = iso.split("-");
  return `${Number(day)}/${Number(month)}`;
};

export function sendsPerDayChart(figures: SendsPerDayFigures): Chart {
  const days = [...figures.days].sort((a, b) => a.date.localeCompare(b.date));
  const total = days.reduce((sum, day) => sum + day.sent, 0);
  const atCap = days.filter((day) => day.cap > 0 && day.sent >= day.cap).length;
  const alt =
    days.length === 0
      ? `Sends per day for ${figures.account}: no days.`
      : `Sends per day for ${figures.account}, ${days[0]!.date} to ${days.at(-1)!.date}: ${count(total)} sent` +
        ` (${atCap} of ${days.length} days at the cap). ` +
        `${days.map((day) => `${day.date} ${count(day.sent)} of ${count(day.cap)}`).join(", ")}.`;
  const highest = Math.max(1, ...days.map((day) => Math.max(day.sent, day.cap)));
  return renderChart(
    {
      ...baseOption(`Sends per day — ${figures.account}`),
      legend: {
        show: true,
        right: 16,
        top: 14,
        data: ["Sent", "Daily cap"],
        textStyle: { fontSize: 13, color: COLORS.text },
      },
      grid: { left: 56, right: 24, top: 64, bottom: 40 },
      xAxis: {
        type: "category",
        data: days.map((day) => shortDate(day.date)),
        axisTick: { show: false },
        axisLabel: { color: COLORS.muted, interval: days.length > 16 ? Math.ceil(days.length / 16) - 1 : 0 },
      },
      yAxis: {
        type: "value",
        min: 0,
        max: highest < 5 ? 5 : undefined,
        minInterval: 1,
        axisLabel: { color: COLORS.muted },
        splitLine: { lineStyle: { color: COLORS.grid } },
      },
      series: [
        {
          type: "bar",
          name: "Sent",
          barMaxWidth: 40,
          itemStyle: { color: COLORS.primary },
          data: days.map((day) => day.sent),
        },
        {
          type: "line",
          name: "Daily cap",
          step: "middle",
          symbol: "none",
          lineStyle: { color: COLORS.cap, width: 2, type: "dashed" },
          itemStyle: { color: COLORS.cap },
          data: days.map((day) => day.cap),
        },
      ],
    },
    alt,
  );
}
