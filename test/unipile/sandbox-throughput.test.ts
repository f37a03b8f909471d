// A guard against the sandbox becoming slow: the send benchmark needs ≥200 sends/s through it at
// zero latency. Measured in CPU time per send (client and sandbox together, in this process),
// which stays meaningful when the machine is busy with other work.
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Harness, startHarness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

it("sends 600 messages with at most 2 ms of CPU each (room for well over 200 sends/s)", async () => {
  const recipients: string[] = [];
  for (let i = 0; i < 20; i++)
    recipients.push((await h.client.getProfile(h.accountId, `bulk-${i}-1st`)).providerId);
  const send = (i: number) =>
    h.client.startChat({
      accountId: h.accountId,
      attendeeProviderId: recipients[i % recipients.length]!,
      text: `m${i}`,
    });
  await Promise.all(Array.from({ length: 100 }, (_, i) => send(i))); // warm-up

  const total = 600;
  let next = 0;
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < total) await send(next++);
    }),
  );
  const used = process.cpuUsage(cpu);
  expect((used.user + used.system) / total).toBeLessThan(2_000);
  expect(h.sandbox.stats.deliveries).toHaveLength(700);
});
