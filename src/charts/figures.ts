// How a chart and its text alternative write figures. No chart library here: App Home and the
// report text use these, and importing ECharts and resvg costs every process that starts the app.

/** A share as a whole percentage with one decimal when below 10% ("4.2%", "37%"); "–" without a base. */
export function percent(part: number, whole: number): string {
  if (whole <= 0) return "–";
  const value = (part / whole) * 100;
  if (value > 0 && value < 10) return `${value.toFixed(1)}%`;
  return `${Math.round(value)}%`;
}

/** Numbers as people write them in English: 12,345. */
export function count(n: number): string {
  return n.toLocaleString("en-US");
}
