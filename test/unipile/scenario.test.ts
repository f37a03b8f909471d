// Scenario files: the product guide's mixed test as a committed fixture, and loud failures for
// malformed files.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadScenarioFile, parseScenario, ScenarioError } from "../../src/unipile/sandbox/index.js";
import { API_KEY, type Harness, startHarness } from "./helpers.js";

const MIXED_8 = fileURLToPath(new URL("./fixtures/mixed-8.json", import.meta.url));

describe("fixtures/mixed-8.json", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ scenario: await loadScenarioFile(MIXED_8) });
  });
  afterAll(async () => {
    await h.close();
  });

  it("holds 8 prospects: 5 first-degree and 3 second-degree, with the names given", async () => {
    const scenario = await loadScenarioFile(MIXED_8);
    const profiles = await Promise.all(
      scenario.profiles.map((p) => h.client.getProfile(h.accountId, p.identifier)),
    );
    expect(profiles).toHaveLength(8);
    expect(profiles.filter((p) => p.networkDistance === "FIRST_DEGREE")).toHaveLength(5);
    expect(profiles.filter((p) => p.networkDistance === "SECOND_DEGREE")).toHaveLength(3);
    expect(profiles[0]).toMatchObject({
      publicIdentifier: "johnsmith123",
      firstName: "John",
      lastName: "Smith",
    });
    expect(profiles[7]).toMatchObject({
      firstName: "Mateo",
      lastName: "García",
      networkDistance: "SECOND_DEGREE",
    });
  });

  it("lists exactly the 5 connected prospects as relations", async () => {
    const relations = [];
    for await (const relation of h.client.relations(h.accountId)) relations.push(relation.publicIdentifier);
    expect(relations.sort()).toEqual([
      "amara-okafor",
      "janedoe456",
      "johnsmith123",
      "lukas-weber",
      "sofia-rossi",
    ]);
  });

  it("lets the 5 be messaged and refuses the 3 with no_connection_with_recipient", async () => {
    const scenario = await loadScenarioFile(MIXED_8);
    const outcomes = await Promise.all(
      scenario.profiles.map(async (p) => {
        const profile = await h.client.getProfile(h.accountId, p.identifier);
        return h.client
          .startChat({
            accountId: h.accountId,
            attendeeProviderId: profile.providerId,
            text: `Hi ${profile.firstName}`,
          })
          .then(
            () => "sent",
            (e: { failureClass: string }) => e.failureClass,
          );
      }),
    );
    expect(outcomes).toEqual([
      "sent",
      "sent",
      "sent",
      "sent",
      "sent",
      "recipient_not_connected",
      "recipient_not_connected",
      "recipient_not_connected",
    ]);
  });
});

describe("scenario validation", () => {
  it("names the offending field of a malformed scenario", () => {
    expect(() => parseScenario({ profiles: [{ identifier: "x", degre: "FIRST_DEGREE" }] })).toThrow(
      ScenarioError,
    );
    expect(() => parseScenario({ profiles: [{ identifier: "x", degree: "1st" }] })).toThrow(
      /profiles\.0\.degree/,
    );
    expect(() => parseScenario({ faults: { failNext: [{ route: "GET /nope", count: 1 }] } })).toThrow(
      /faults\.failNext\.0\.route/,
    );
  });

  it("fills defaults for an empty scenario", () => {
    expect(parseScenario({})).toEqual({ profiles: [], relations: [], generatedRelations: 0 });
  });

  it("reports an unreadable file with its path", async () => {
    await expect(loadScenarioFile("/nonexistent/scenario.json")).rejects.toThrow(
      /\/nonexistent\/scenario\.json/,
    );
  });

  it("applies scenario faults", async () => {
    const h = await startHarness({
      scenario: {
        accounts: [
          { id: "acct-a", name: "A" },
          { id: "acct-b", name: "B", status: "CREDENTIALS" },
        ],
        profiles: [{ identifier: "pat-1st" }],
        faults: {
          failNext: [{ route: "GET /api/v1/accounts", count: 1, status: 503 }],
          unreachable: ["pat-1st"],
        },
      },
    });
    try {
      expect(h.accountId).toBe("acct-a");
      expect((await h.client.listAccounts()).items.map((a) => [a.id, a.status])).toEqual([
        ["acct-b", "CREDENTIALS"],
        ["acct-a", "OK"],
      ]);
      expect(h.sandbox.stats.calls["GET /api/v1/accounts"]).toBe(2);
      const pat = await h.client.getProfile("acct-a", "pat-1st");
      await expect(
        h.client.startChat({ accountId: "acct-a", attendeeProviderId: pat.providerId, text: "hi" }),
      ).rejects.toMatchObject({ type: "errors/invalid_recipient", failureClass: "recipient_unreachable" });
      await expect(h.client.getProfile("acct-b", "pat-1st")).rejects.toMatchObject({
        status: 401,
        type: "errors/disconnected_account",
      });
    } finally {
      await h.close();
    }
  });
});

describe("npm run sandbox (main.ts)", () => {
  it("starts alone with env settings and prints its URL", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/unipile/sandbox/main.ts"], {
      env: {
        ...process.env,
        SANDBOX_PORT: "0",
        SANDBOX_SCENARIO: MIXED_8,
        UNIPILE_API_KEY: API_KEY,
        LOG_LEVEL: "silent",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (match) resolve(match[1]!);
        });
        child.once("exit", (code) => reject(new Error(`sandbox exited with ${code}`)));
      });
      const response = await fetch(`${url}/api/v1/users/relations?account_id=sandbox-linkedin-1`, {
        headers: { "x-api-key": API_KEY },
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { items: unknown[] }).items).toHaveLength(5);
    } finally {
      child.kill("SIGTERM");
    }
  });
});
