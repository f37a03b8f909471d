// The seeded streams and the Gamma/Beta sampler the variants rely on: reproducible, uniform
// enough, and with the moments the distributions must have.
import { describe, expect, it } from "vitest";
import { betaDraw, gammaDraw, standardNormal } from "../../src/variants/gamma.js";
import { hashSeed, mulberry32, randomFor, shuffleInPlace } from "../../src/variants/prng.js";

const moments = (values: number[]) => {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
  return { mean, variance };
};

describe("seeded streams", () => {
  it("repeat for the same seed and differ for seeds one character apart", () => {
    const take = (seed: string) => Array.from({ length: 5 }, randomFor(seed));
    expect(take("campaign-1:step-0")).toEqual(take("campaign-1:step-0"));
    expect(take("campaign-1:step-0")).not.toEqual(take("campaign-1:step-1"));
    expect(hashSeed("a")).not.toBe(hashSeed("b"));
    expect(hashSeed("")).toBe(hashSeed(""));
  });

  it("are uniform on [0, 1): chi-square over 20 bins of 100,000 draws", () => {
    const random = mulberry32(12345);
    const bins = new Array<number>(20).fill(0);
    let [low, high] = [1, 0];
    for (let i = 0; i < 100_000; i++) {
      const u = random();
      [low, high] = [Math.min(low, u), Math.max(high, u)];
      bins[Math.floor(u * 20)]! += 1;
    }
    expect(low).toBeGreaterThanOrEqual(0);
    expect(high).toBeLessThan(1);
    const expected = 5000;
    const chi = bins.reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
    expect(chi).toBeLessThan(43.82); // 99.9 % point of chi-square with 19 degrees of freedom
  });

  it("shuffle every position to every place about equally often", () => {
    // 4 items, 24,000 shuffles: each item lands in each place ~6,000 times.
    const random = randomFor("shuffle-check");
    const counts = Array.from({ length: 4 }, () => [0, 0, 0, 0]);
    for (let i = 0; i < 24_000; i++) {
      shuffleInPlace([0, 1, 2, 3], random).forEach((item, place) => {
        counts[item]![place]! += 1;
      });
    }
    for (const row of counts) for (const count of row) expect(Math.abs(count - 6000)).toBeLessThan(350);
  });
});

describe("Gamma and Beta draws (Marsaglia–Tsang)", () => {
  it("have the Gamma(shape) mean and variance (both equal to shape), below and above shape 1", () => {
    for (const shape of [0.3, 1, 2.5, 31, 400]) {
      const random = randomFor(`gamma-${shape}`);
      const { mean, variance } = moments(Array.from({ length: 40_000 }, () => gammaDraw(shape, random)));
      // Five standard errors: the mean's is √(shape/n); the sample variance's, relative, is
      // √((2 + excess kurtosis)/n), and a Gamma's excess kurtosis is 6/shape.
      expect(Math.abs(mean - shape)).toBeLessThan(5 * Math.sqrt(shape / 40_000));
      expect(Math.abs(variance / shape - 1)).toBeLessThan(5 * Math.sqrt((2 + 6 / shape) / 40_000));
    }
  });

  it("have the Beta(a, b) mean and variance", () => {
    const [a, b] = [31, 271];
    const random = randomFor("beta-moments");
    const { mean, variance } = moments(Array.from({ length: 40_000 }, () => betaDraw(a, b, random)));
    const exactMean = a / (a + b);
    const exactVariance = (a * b) / ((a + b) ** 2 * (a + b + 1));
    expect(Math.abs(mean - exactMean)).toBeLessThan(5 * Math.sqrt(exactVariance / 40_000));
    expect(Math.abs(variance / exactVariance - 1)).toBeLessThan(0.04);
  });

  it("draw standard normals with mean 0 and variance 1", () => {
    const random = randomFor("normal");
    const { mean, variance } = moments(Array.from({ length: 40_000 }, () => standardNormal(random)));
    expect(Math.abs(mean)).toBeLessThan(0.025);
    expect(Math.abs(variance - 1)).toBeLessThan(0.04);
  });

  it("refuse a shape that is not positive", () => {
    expect(() => gammaDraw(0, Math.random)).toThrow("Gamma shape must be positive; got 0.");
  });
});
