// Charts as PNG images: one pure function per chart (figures in, PNG and its text out).
export { type FunnelFigures, funnelChart, funnelStages } from "./funnel.js";
export type { Chart } from "./render.js";
export { type RepliesByHourFigures, repliesByHourChart } from "./replies-by-hour.js";
export {
  type ReplyRateFigures,
  replyRateChart,
  type StepReplies,
  type VariantReplies,
} from "./reply-rate-by-step.js";
export { type SendsPerDayFigures, sendsPerDayChart } from "./sends-per-day.js";
