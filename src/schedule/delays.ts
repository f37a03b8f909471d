// Follow-up delays: follow-up N goes `delays[N-1]` days after message N-1 was really sent
// (lesson 9: SAM counted every delay from queue time). Days are elapsed time, 24 h each.

// Fractions are allowed (0.5 = 12 h) for same-day nudges and for testing; below about an hour
// a "follow-up" would read as a double send, so 0.04 day (57.6 min) is the floor.
export const MIN_DELAY_DAYS = 0.04;
// Nobody means a follow-up a year later; a bigger number is a typo.
export const MAX_DELAY_DAYS = 365;
export const DEFAULT_DELAY_DAYS = 3;

/** "3, 5, 7" (commas, semicolons or spaces) → [3, 5, 7]; otherwise a message saying what is wrong. */
export function parseDelayList(text: string): number[] | string {
  const tokens = text.split(/[\s,;]+/).filter((token) => token !== "");
  const delays: number[] = [];
  for (const token of tokens) {
    if (!/^\d+(\.\d+)?$/.test(token)) return `"${token}" is not a number of days (use digits, e.g. 3 or 0.5)`;
    const days = Number(token);
    if (days < MIN_DELAY_DAYS) {
      return `${token} is too short: a delay must be at least ${MIN_DELAY_DAYS} day (about 1 hour)`;
    }
    if (days > MAX_DELAY_DAYS) return `${token} is too long: a delay can be at most ${MAX_DELAY_DAYS} days`;
    delays.push(days);
  }
  return delays;
}

/** Exactly one delay per follow-up: extra delays are dropped, missing ones repeat the last given. */
export function resolveFollowUpDelays(
  delays: readonly number[],
  followUpCount: number,
  defaultDays = DEFAULT_DELAY_DAYS,
): { delays: number[]; notes: string[] } {
  const bad = [...delays, defaultDays].find((days) => !Number.isFinite(days) || days < MIN_DELAY_DAYS);
  if (bad !== undefined) {
    throw new RangeError(`invalid follow-up delay ${bad}: at least ${MIN_DELAY_DAYS} day`);
  }
  if (!Number.isInteger(followUpCount) || followUpCount < 0) {
    throw new RangeError(`invalid follow-up count ${followUpCount}`);
  }

  const given = `${countOf(delays.length, "delay")} given for ${countOf(followUpCount, "follow-up")}`;
  if (delays.length > followUpCount) {
    const ignored = delays.slice(followUpCount);
    const which = ignored.length === 1 ? "the last" : `the last ${ignored.length}`;
    const verb = ignored.length === 1 ? "is" : "are";
    const note =
      followUpCount === 0
        ? `${given}: ${delays.length === 1 ? "it is" : "all are"} ignored`
        : `${given}: ${which} (${daysText(ignored)}) ${verb} ignored`;
    return { delays: delays.slice(0, followUpCount), notes: [note] };
  }
  if (delays.length === followUpCount) return { delays: [...delays], notes: [] };

  const last = delays.at(-1);
  if (last === undefined) {
    const note = `no delays given: each follow-up waits ${daysText([defaultDays])} (the default)`;
    return { delays: Array.from({ length: followUpCount }, () => defaultDays), notes: [note] };
  }
  const firstRepeated = delays.length + 1;
  const which =
    firstRepeated === followUpCount
      ? `follow-up ${followUpCount}`
      : `follow-ups ${firstRepeated}–${followUpCount}`;
  return {
    delays: [...delays, ...Array.from({ length: followUpCount - delays.length }, () => last)],
    notes: [`${given}: the last (${daysText([last])}) is repeated for ${which}`],
  };
}

function countOf(count: number, noun: string): string {
  if (count === 0) return `no ${noun}s`;
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function daysText(days: readonly number[]): string {
  return `${days.join(", ")} ${days.length === 1 && days[0] === 1 ? "day" : "days"}`;
}
