import { describe, expect, it } from "vitest";
import { checkSendGate, describeReason, type PastSend, type StepKind } from "../../src/schedule/index.js";
import { MINUTE, officeHours, rules } from "./builders.js";

// Tuesday 24 November 2026, 10:00 in New York.
const NOW = new Date("2026-11-24T15:00:00Z");

function gate(kind: StepKind, history: PastSend[] = [], now = NOW) {
  const result = checkSendGate({
    now,
    window: officeHours({ holidayCountry: "US" }),
    account: rules(),
    history,
    kind,
  });
  return result.ok ? "ok" : `${result.retryAt.toISOString()} ${describeReason(result.reason)}`;
}
const sent = (iso: string, kind: PastSend["kind"], isFirstTouch: boolean): PastSend => ({
  at: new Date(iso),
  kind,
  isFirstTouch,
});
const sentEvery = (startIso: string, count: number, stepMinutes: number, kind: PastSend["kind"]) =>
  Array.from({ length: count }, (_, index) =>
    sent(
      new Date(new Date(startIso).getTime() + index * stepMinutes * MINUTE).toISOString(),
      kind,
      kind === "invitation",
    ),
  );

describe("checkSendGate", () => {
  it("lets any kind through inside the window with nothing sent recently", () => {
    expect(gate("first_message")).toBe("ok");
    expect(gate("invitation")).toBe("ok");
    expect(gate("follow_up")).toBe("ok");
  });

  it("holds sends outside the window until it opens, skipping the holiday", () => {
    // Wednesday 25 Nov 18:00 EST → Thanksgiving → Friday 09:00 EST.
    expect(gate("follow_up", [], new Date("2026-11-25T23:00:00Z"))).toBe(
      "2026-11-27T14:00:00.000Z outside 09:00–17:00 America/New_York",
    );
  });

  it("keeps any two sends of the account 5 minutes apart, follow-ups included (lesson 13)", () => {
    expect(gate("follow_up", [sent("2026-11-24T14:57:00Z", "message", false)])).toBe(
      "2026-11-24T15:02:00.000Z 5 min gap between sends",
    );
  });

  it("keeps first touches 30 minutes apart across kinds, but not follow-ups", () => {
    const history = [sent("2026-11-24T14:50:00Z", "invitation", true)];
    expect(gate("first_message", history)).toBe(
      "2026-11-24T15:20:00.000Z 30 min spacing between new prospects",
    );
    expect(gate("follow_up", history)).toBe("ok");
  });

  it("holds messages when today's message cap is reached, but not invitations", () => {
    const history = sentEvery("2026-11-24T14:00:00Z", 20, 1, "message");
    expect(gate("follow_up", history)).toBe("2026-11-25T14:00:00.000Z daily cap 20 reached");
    expect(gate("invitation", history)).toBe("ok");
  });

  it("holds invitations while the rolling week holds 100 of them", () => {
    // 20 a day Wed 18 – Sun 22 Nov. Tue 24 Nov's week (18–24) is full; Wed 25's (19–25) holds 80.
    const history = ["18", "19", "20", "21", "22"].flatMap((day) =>
      sentEvery(`2026-11-${day}T14:00:00Z`, 20, 1, "invitation"),
    );
    expect(gate("invitation", history)).toBe("2026-11-25T14:00:00.000Z weekly invitation cap 100 reached");
    expect(gate("first_message", history)).toBe("ok");
  });
});
