// The settings form's checks and the list's layout, without Slack or a database.
import { describe, expect, it } from "vitest";
import { accountListMessage } from "../../src/accounts/account-list.js";
import type { LinkedAccount } from "../../src/accounts/accounts.js";
import type { AccountEntry } from "../../src/accounts/overview.js";
import { canonicalTimeZone, checkSettings, NUMERIC_FIELDS } from "../../src/accounts/settings.js";

const VALID = {
  daily_message_cap: "20",
  daily_invitation_cap: "20",
  weekly_invitation_cap: "100",
  daily_profile_view_budget: "80",
  min_gap_minutes: "30",
  jitter_percent: "50",
  follow_up_min_gap_minutes: "5",
  time_zone: "Europe/Paris",
};

describe("checkSettings", () => {
  it("turns valid text into settings, jitter as a fraction", () => {
    expect(checkSettings({ ...VALID, jitter_percent: "0", daily_message_cap: " 150 " })).toEqual({
      ok: true,
      settings: {
        time_zone: "Europe/Paris",
        daily_message_cap: 150,
        daily_invitation_cap: 20,
        weekly_invitation_cap: 100,
        daily_profile_view_budget: 80,
        min_gap_minutes: 30,
        jitter_fraction: 0,
        follow_up_min_gap_minutes: 5,
      },
    });
  });

  it("accepts each bound and refuses one past it", () => {
    for (const field of NUMERIC_FIELDS) {
      for (const edge of [field.min, field.max]) {
        // Weekly 200 and daily 1 keep the "weekly ≥ daily" check out of the way, unless under test.
        const values = {
          ...VALID,
          [field.key]: String(edge),
          weekly_invitation_cap: "200",
          daily_invitation_cap: "1",
        };
        if (field.key === "weekly_invitation_cap" || field.key === "daily_invitation_cap")
          values[field.key] = String(edge);
        expect(checkSettings(values).ok, `${field.key} = ${edge}`).toBe(true);
      }
      for (const outside of [field.min - 1, field.max + 1]) {
        const check = checkSettings({ ...VALID, [field.key]: String(outside) });
        expect(check.ok ? {} : check.errors, `${field.key} = ${outside}`).toHaveProperty(field.key);
      }
    }
  });

  it("stays inside the table's CHECK constraints", () => {
    const tableMax: Record<string, number> = {
      daily_message_cap: 500,
      daily_invitation_cap: 200,
      weekly_invitation_cap: 500,
      daily_profile_view_budget: 1000,
      min_gap_minutes: 1440,
      jitter_percent: 100,
      follow_up_min_gap_minutes: 1440,
    };
    for (const field of NUMERIC_FIELDS) {
      expect(field.min).toBeGreaterThanOrEqual(0);
      expect(field.max).toBeLessThanOrEqual(tableMax[field.key]!);
    }
  });

  it("refuses a missing form value rather than reading it as zero", () => {
    const check = checkSettings({ ...VALID, min_gap_minutes: undefined, time_zone: null });
    expect(check.ok ? {} : check.errors).toEqual({
      min_gap_minutes: expect.any(String),
      time_zone: expect.any(String),
    });
  });
});

describe("canonicalTimeZone", () => {
  it("spells known zones the IANA way and refuses the rest", () => {
    expect(canonicalTimeZone(" europe/paris ")).toBe("Europe/Paris");
    expect(canonicalTimeZone("UTC")).toBe("UTC");
    expect(canonicalTimeZone("Europe/Atlantis")).toBeNull();
    expect(canonicalTimeZone("+02:00")).toBeNull();
    expect(canonicalTimeZone("")).toBeNull();
  });
});

describe("accountListMessage", () => {
  const entry = (i: number, extra: Partial<AccountEntry> = {}): AccountEntry => ({
    unipileAccountId: `acc-${i}`,
    name: `Account <${i}>`,
    unipileStatus: "OK",
    linked: null,
    linkedElsewhere: false,
    missingFromUnipile: false,
    ...extra,
  });

  it("never exceeds Slack's 50 blocks, and says how many it left out", () => {
    const entries = Array.from({ length: 40 }, (_, i) => entry(i));
    const message = accountListMessage({ entries, unipileProblem: null }, "A notice");
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(message.blocks.at(-1))).toMatch(/and 26 more/);
  });

  it("escapes names and offers no button for an account taken elsewhere", () => {
    const message = accountListMessage({
      entries: [entry(1, { linkedElsewhere: true })],
      unipileProblem: null,
    });
    expect(JSON.stringify(message.blocks)).toContain("Account &lt;1&gt;");
    expect(message.blocks.some((block) => block.type === "actions")).toBe(false);
  });

  it("offers Settings and Unlink (with a confirmation) for a linked account", () => {
    const linked = { id: "row-1", name: "Mine", time_zone: "UTC", jitter_fraction: 0.5 } as LinkedAccount;
    const message = accountListMessage({ entries: [entry(1, { linked })], unipileProblem: null });
    const actions = message.blocks.find((block) => block.type === "actions") as unknown as {
      elements: Array<Record<string, unknown>>;
    };
    expect(
      actions.elements.map((button) => [button.action_id, button.value, Boolean(button.confirm)]),
    ).toEqual([
      ["accounts.settings", "row-1", false],
      ["accounts.unlink", "row-1", true],
    ]);
  });
});
