// The one place where a chart becomes a PNG. Apache ECharts draws the chart as an SVG string in
// its server-side mode (no DOM, no canvas, no browser), and resvg (a Rust SVG renderer shipped as
// a prebuilt binary in @resvg/resvg-js) turns that SVG into PNG pixels. resvg is given ONLY the
// fonts under assets/fonts (`loadSystemFonts: false`), so the output does not depend on the
// machine's fonts. Nothing here touches the network.
import { fileURLToPath } from "node:url";
import { Resvg } from "@resvg/resvg-js";
import * as echarts from "echarts";

// Figures as text, kept apart so that App Home and reports can use them without loading ECharts.
export { count, percent } from "./figures.js";

export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 400;
export const FONT_FAMILY = "DejaVu Sans";

// ECharts lays text out with its own width estimate when there is no canvas; that estimate is
// narrower than DejaVu Sans, so legends at the right edge were cut. DejaVu Sans averages about
// 0.6 em per character (0.64 bold): an estimate from the same font resvg draws with.
echarts.setPlatformAPI({
  measureText: (text: string, font?: string) => {
    const size = Number(/(\d+(?:\.\d+)?)px/.exec(font ?? "")?.[1] ?? 12);
    const perChar = /bold|[6-9]00/.test(font ?? "") ? 0.64 : 0.6;
    return { width: text.length * size * perChar };
  },
});

const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"].map((name) =>
  fileURLToPath(new URL(`../../assets/fonts/${name}`, import.meta.url)),
);

export const COLORS = {
  primary: "#3b6fd8",
  secondary: "#7aa7f0",
  accent: "#e0892b",
  cap: "#c8412f",
  text: "#1d1c1d",
  muted: "#616061",
  grid: "#dddddd",
} as const;

/** A rendered chart: the PNG and the same figures in words (for alt text and search). */
export interface Chart {
  png: Buffer;
  alt: string;
  width: number;
  height: number;
}

/** Shared look of every chart; each chart function adds its axes and series. */
export function baseOption(title: string): echarts.EChartsOption {
  return {
    animation: false,
    backgroundColor: "#ffffff",
    textStyle: { fontFamily: FONT_FAMILY, color: COLORS.text, fontSize: 13 },
    title: {
      text: title,
      left: 16,
      top: 12,
      textStyle: { fontFamily: FONT_FAMILY, fontSize: 17, fontWeight: "bold", color: COLORS.text },
    },
  };
}

export function svgFor(option: echarts.EChartsOption, width = CHART_WIDTH, height = CHART_HEIGHT): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export function pngFromSvg(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    background: "#ffffff",
    fitTo: { mode: "original" },
    font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: FONT_FAMILY },
  });
  return resvg.render().asPng();
}

export function renderChart(option: echarts.EChartsOption, alt: string): Chart {
  const svg = svgFor(option);
  return { png: pngFromSvg(svg), alt, width: CHART_WIDTH, height: CHART_HEIGHT };
}

