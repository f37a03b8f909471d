// The figures of one full stats answer, written out so the golden images have known content.
// Shared by the golden-image tests and the `charts` bench.
import type {
  FunnelFigures,
  RepliesByHourFigures,
  ReplyRateFigures,
  SendsPerDayFigures,
} from "../../src/charts/index.js";

export const funnelFigures: FunnelFigures = {
  imported: 1200,
  queued: 1150,
  sent: 980,
  accepted: 412,
  replied: 143,
  interested: 37,
  meetingBooked: 12,
};

export const replyRateFigures: ReplyRateFigures = {
  steps: [
    { step: 1, sent: 980, replied: 61 },
    { step: 2, sent: 760, replied: 52 },
    { step: 3, sent: 540, replied: 30 },
    { step: 4, sent: 0, replied: 0 },
  ],
};

export const variantFigures: ReplyRateFigures = {
  steps: replyRateFigures.steps.slice(0, 3),
  variants: [
    { step: 1, variant: "A", sent: 490, replied: 25 },
    { step: 1, variant: "B <short>", sent: 490, replied: 36 },
    { step: 2, variant: "A", sent: 380, replied: 30 },
    { step: 2, variant: "B <short>", sent: 380, replied: 22 },
    { step: 3, variant: "A", sent: 540, replied: 30 },
  ],
};

export const sendsPerDayFigures: SendsPerDayFigures = {
  account: "Jane Doe & Co",
  days: Array.from({ length: 14 }, (_, i) => {
    const date = `2026-11-${String(16 + i).padStart(2, "0")}`;
    const weekend = i % 7 === 5 || i % 7 === 6;
    const cap = weekend ? 0 : Math.min(40, 20 + i * 2);
    const sent = weekend ? 0 : Math.max(0, cap - ((i * 7) % 5));
    return { date, sent, cap };
  }),
};

export const repliesByHourFigures: RepliesByHourFigures = {
  timeZone: "Europe/Paris",
  hours: [0, 0, 0, 0, 0, 0, 1, 3, 9, 14, 18, 12, 7, 6, 11, 15, 13, 10, 8, 6, 4, 3, 2, 0],
};
