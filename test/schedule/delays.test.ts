import { describe, expect, it } from "vitest";
import { parseDelayList, resolveFollowUpDelays } from "../../src/schedule/index.js";

describe("resolveFollowUpDelays: one delay per follow-up", () => {
  it("uses the delays as given when they match", () => {
    expect(resolveFollowUpDelays([3, 5], 2)).toEqual({ delays: [3, 5], notes: [] });
  });

  it("ignores extra delays and says which (the spec's own example: [3, 5, 7] for two follow-ups)", () => {
    expect(resolveFollowUpDelays([3, 5, 7], 2)).toEqual({
      delays: [3, 5],
      notes: ["3 delays given for 2 follow-ups: the last (7 days) is ignored"],
    });
    expect(resolveFollowUpDelays([3, 5, 7, 1], 2)).toEqual({
      delays: [3, 5],
      notes: ["4 delays given for 2 follow-ups: the last 2 (7, 1 days) are ignored"],
    });
    expect(resolveFollowUpDelays([4], 0)).toEqual({
      delays: [],
      notes: ["1 delay given for no follow-ups: it is ignored"],
    });
  });

  it("repeats the last delay for missing ones", () => {
    expect(resolveFollowUpDelays([2, 5], 4)).toEqual({
      delays: [2, 5, 5, 5],
      notes: ["2 delays given for 4 follow-ups: the last (5 days) is repeated for follow-ups 3–4"],
    });
    expect(resolveFollowUpDelays([1], 2)).toEqual({
      delays: [1, 1],
      notes: ["1 delay given for 2 follow-ups: the last (1 day) is repeated for follow-up 2"],
    });
  });

  it("falls back to the default when no delay is given", () => {
    expect(resolveFollowUpDelays([], 3)).toEqual({
      delays: [3, 3, 3],
      notes: ["no delays given: each follow-up waits 3 days (the default)"],
    });
    expect(resolveFollowUpDelays([], 2, 4).delays).toEqual([4, 4]);
    expect(resolveFollowUpDelays([], 0)).toEqual({ delays: [], notes: [] });
  });

  it("refuses nonsense", () => {
    expect(() => resolveFollowUpDelays([0], 1)).toThrow(RangeError);
    expect(() => resolveFollowUpDelays([Number.NaN], 1)).toThrow(RangeError);
    expect(() => resolveFollowUpDelays([3], -1)).toThrow(RangeError);
  });
});

describe("parseDelayList", () => {
  it("reads whole and fractional days separated by commas, semicolons or spaces", () => {
    expect(parseDelayList("3, 5, 7")).toEqual([3, 5, 7]);
    expect(parseDelayList("0.5;1 2")).toEqual([0.5, 1, 2]);
    expect(parseDelayList("  ")).toEqual([]);
  });

  it("accepts 0.04 day (about an hour) as the shortest delay and 365 as the longest", () => {
    expect(parseDelayList("0.04, 365")).toEqual([0.04, 365]);
  });

  it.each([
    ["3, five", '"five" is not a number of days (use digits, e.g. 3 or 0.5)'],
    ["-2", '"-2" is not a number of days (use digits, e.g. 3 or 0.5)'],
    ["3d", '"3d" is not a number of days (use digits, e.g. 3 or 0.5)'],
    ["0", "0 is too short: a delay must be at least 0.04 day (about 1 hour)"],
    ["0.01", "0.01 is too short: a delay must be at least 0.04 day (about 1 hour)"],
    ["400", "400 is too long: a delay can be at most 365 days"],
  ])("%j → %s", (text, message) => {
    expect(parseDelayList(text)).toBe(message);
  });
});
