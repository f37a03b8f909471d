// charts: rendering the four charts of a full stats answer (funnel, reply rate by step and
// variant, sends per day with the cap line, replies by hour) from figures to PNG buffers. The first
// answer (cold: ECharts and resvg warm up, fonts are read) and the median and worst of 20 more.
import { cpus, loadavg } from "node:os";
import { funnelChart, repliesByHourChart, replyRateChart, sendsPerDayChart } from "../../src/charts/index.js";
import {
  funnelFigures,
  repliesByHourFigures,
  sendsPerDayFigures,
  variantFigures,
} from "../../test/charts/sample-figures.js";
import { round } from "../support.js";

const TARGET_MS = 1000;
const RUNS = 20;

function renderAnswer(): number {
  const started = performance.now();
  const bytes = [
    funnelChart(funnelFigures),
    replyRateChart(variantFigures),
    sendsPerDayChart(sendsPerDayFigures),
    repliesByHourChart(repliesByHourFigures),
  ].reduce((sum, chart) => sum + chart.png.length, 0);
  if (bytes === 0) throw new Error("charts rendered no bytes");
  return performance.now() - started;
}

export async function charts(): Promise<Record<string, unknown>> {
  const loadBefore = loadavg()[0]!;
  const cold = renderAnswer();
  const warm = Array.from({ length: RUNS }, renderAnswer).sort((a, b) => a - b);
  const median = warm[Math.floor(RUNS / 2)]!;
  const worst = Math.max(cold, warm.at(-1)!);
  return {
    charts_per_answer: 4,
    first_answer_ms: round(cold, 1),
    median_answer_ms: round(median, 1),
    worst_answer_ms: round(worst, 1),
    runs: RUNS + 1,
    load_average_1m: { before: round(loadBefore, 2), after: round(loadavg()[0]!, 2), cores: cpus().length },
    target: `<= ${TARGET_MS} ms for 4 charts (worst answer, cold included)`,
    met: worst <= TARGET_MS,
  };
}
