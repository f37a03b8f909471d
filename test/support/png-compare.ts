// Comparing rendered PNGs with golden images (the chart tests and `/sam stats`'s uploads).
import type { PNG } from "pngjs";

// A pixel "differs" when any channel is off by more than CHANNEL_TOLERANCE (anti-aliasing noise
// between resvg builds); at most MAX_DIFFERING_SHARE of the pixels may differ. Changing one bar's
// height by a few pixels or one label moves far more than that (test/charts/charts.test.ts checks that).
export const CHANNEL_TOLERANCE = 16;
export const MAX_DIFFERING_SHARE = 0.001;

export function differingShare(a: PNG, b: PNG): number {
  if (a.width !== b.width || a.height !== b.height) return 1;
  let differing = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    for (let c = 0; c < 4; c++) {
      if (Math.abs(a.data[i + c]! - b.data[i + c]!) > CHANNEL_TOLERANCE) {
        differing++;
        break;
      }
    }
  }
  return differing / (a.width * a.height);
}

/** Distinct colours and the share of pixels that are not the white background. */
export function inkOf(png: PNG): { colours: number; inkShare: number } {
  const colours = new Set<number>();
  let ink = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
    colours.add((r << 16) | (g << 8) | b);
    if (r < 240 || g < 240 || b < 240) ink++;
  }
  return { colours: colours.size, inkShare: ink / (png.width * png.height) };
}

