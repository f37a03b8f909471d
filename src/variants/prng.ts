// Seeded randomness for the variants: a split, or a Thompson draw, must be reproducible from the
// campaign's stored facts alone, so every stream is derived from a string seed, never Math.random.
//
// Hash: FNV-1a 32-bit (Fowler, Noll, Vo; http://www.isthe.com/chongo/tech/comp/fnv/) over the
// UTF-16 code units, followed by MurmurHash3's fmix32 finaliser (Appleby, MurmurHash3.cpp) so that
// seeds differing in one character give unrelated states.
// Generator: mulberry32 (Tommy Ettinger, 2017, public domain; the version in
// https://gist.github.com/tommyettinger/46a874533244883189143505d203312c): 32-bit state, period
// 2^32, passes gjrand and PractRand to 2^32 bytes. Plenty for shuffling a campaign's prospects
// and for a few thousand Beta draws; no cryptographic claim is made.

export type Random = () => number;

/** 32-bit hash of a string (FNV-1a, then the fmix32 avalanche). */
export function hashSeed(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32: uniform numbers in [0, 1) with 32 bits of resolution. */
export function mulberry32(state: number): Random {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A generator for one named stream, e.g. `randomFor("campaign-id:step-2")`. */
export function randomFor(seed: string): Random {
  return mulberry32(hashSeed(seed));
}

/** An integer in [0, n). The bias of flooring a 32-bit fraction is below n / 2^32: negligible here. */
export function randomIndex(random: Random, n: number): number {
  return Math.floor(random() * n);
}

/** Fisher–Yates (Knuth, TAOCP vol. 2, Algorithm P), in place; returns the array. */
export function shuffleInPlace<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomIndex(random, i + 1);
    const held = items[i]!;
    items[i] = items[j]!;
    items[j] = held;
  }
  return items;
}
