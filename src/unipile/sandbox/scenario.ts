// Scenario files: a JSON description of the sandbox's starting world (accounts, named people,
// relations, invitations already pending) and of faults to switch on, validated with zod so a
// typo in a hand-written file fails loudly instead of being ignored.
import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { Faults } from "./faults.js";
import { hoursToMs, inventedPerson } from "./persona.js";
import { ROUTE_KEYS } from "./routes.js";
import type { World } from "./world.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const routeOrAll = z.enum([...ROUTE_KEYS, "*"]);

const accountSpec = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1).optional(),
  publicIdentifier: z.string().min(1).optional(),
  providerId: z.string().min(1).optional(),
  status: z.enum(["OK", "CREDENTIALS"]).optional(),
});

const profileSpec = z.strictObject({
  identifier: z.string().min(1),
  firstName: z.string().min(1).optional(),
  lastName: z.string().min(1).optional(),
  headline: z.string().optional(),
  degree: z.enum(["FIRST_DEGREE", "SECOND_DEGREE", "THIRD_DEGREE", "OUT_OF_NETWORK"]).optional(),
  /** Hours from invitation to acceptance; null: never accepts. */
  acceptAfterHours: z.number().min(0).nullable().optional(),
  /** Hours from each of our messages to the reply; null: never replies. */
  replyAfterHours: z.number().min(0).nullable().optional(),
  replyText: z.string().min(1).optional(),
  unreachable: z.boolean().optional(),
  notFound: z.boolean().optional(),
  /** The first account invited this person a day before the sandbox started. */
  pendingInvitation: z.boolean().optional(),
});

const faultsSpec = z.strictObject({
  latencyMs: z.number().int().min(0).optional(),
  invitationsPerDay: z.number().int().min(0).optional(),
  messagesPerDay: z.number().int().min(0).optional(),
  disconnectedAccounts: z.array(z.string().min(1)).optional(),
  unreachable: z.array(z.string().min(1)).optional(),
  failNext: z
    .array(
      z.strictObject({
        route: routeOrAll,
        count: z.number().int().min(1),
        status: z.union([z.literal(500), z.literal(503), z.literal(504)]).default(503),
      }),
    )
    .optional(),
  timeoutAfterReceive: z
    .array(
      z.strictObject({
        route: routeOrAll,
        count: z.number().int().min(1).default(1),
        mode: z.enum(["hang", "reset"]).default("reset"),
      }),
    )
    .optional(),
});

export const scenarioSchema = z.strictObject({
  description: z.string().optional(),
  seed: z.number().int().optional(),
  /** The first account is the default one; without this list, the demo account. */
  accounts: z.array(accountSpec).min(1).optional(),
  profiles: z.array(profileSpec).default([]),
  /** Public identifiers already connected to the first account (listed by GET /users/relations). */
  relations: z.array(z.string().min(1)).default([]),
  /** This many invented connections of the first account, for pagination and load tests. */
  generatedRelations: z.number().int().min(0).max(100_000).default(0),
  webhooks: z.strictObject({ newRelationDelayMinutes: z.number().min(0).optional() }).optional(),
  faults: faultsSpec.optional(),
});

/** A scenario as written in a file (defaults not yet filled in). */
export type Scenario = z.input<typeof scenarioSchema>;
export type ParsedScenario = z.output<typeof scenarioSchema>;

export class ScenarioError extends Error {}

export function parseScenario(value: unknown, source = "scenario"): ParsedScenario {
  const parsed = scenarioSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new ScenarioError(`Invalid ${source} at ${issue.path.join(".") || "(root)"}: ${issue.message}`);
}

export async function loadScenarioFile(path: string): Promise<ParsedScenario> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, "utf8"));
  } catch (err) {
    throw new ScenarioError(
      `Cannot read scenario ${path}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  return parseScenario(value, `scenario ${path}`);
}

/** Builds the starting world: people first, so relations and invitations see their overrides. */
export function applyScenario(world: World, faults: Faults, scenario: ParsedScenario, seed: number): void {
  const start = world.now().getTime();
  for (const account of scenario.accounts ?? [{}]) world.addAccount(account);
  const accountId = world.defaultAccountId;

  for (const profile of scenario.profiles) {
    world.defineProfile(profile.identifier, {
      firstName: profile.firstName,
      lastName: profile.lastName,
      headline: profile.headline,
      degree: profile.degree,
      acceptAfterMs: hoursToMs(profile.acceptAfterHours),
      replyAfterMs: hoursToMs(profile.replyAfterHours),
      replyText: profile.replyText,
      unreachable: profile.unreachable,
      notFound: profile.notFound,
    });
  }

  for (let i = 0; i < scenario.generatedRelations; i++) {
    const person = inventedPerson(seed, i);
    world.defineProfile(person.identifier, { firstName: person.firstName, lastName: person.lastName });
    world.connect(
      accountId,
      person.identifier,
      new Date(start - 30 * DAY - (scenario.generatedRelations - i) * HOUR),
    );
  }
  scenario.relations.forEach((identifier, i) => {
    world.connect(accountId, identifier, new Date(start - (scenario.relations.length - i) * DAY));
  });
  for (const profile of scenario.profiles) {
    if (profile.pendingInvitation)
      world.seedPendingInvitation(accountId, profile.identifier, new Date(start - DAY));
  }

  applyFaults(faults, scenario.faults);
}

function applyFaults(faults: Faults, spec: ParsedScenario["faults"]): void {
  if (!spec) return;
  if (spec.latencyMs) faults.latency(spec.latencyMs);
  if (spec.invitationsPerDay !== undefined || spec.messagesPerDay !== undefined) {
    faults.dailyLimit({ invitationsPerDay: spec.invitationsPerDay, messagesPerDay: spec.messagesPerDay });
  }
  for (const accountId of spec.disconnectedAccounts ?? []) faults.disconnect(accountId);
  for (const identifier of spec.unreachable ?? []) faults.unreachable(identifier);
  for (const burst of spec.failNext ?? []) faults.failNext(burst.route, burst.count, burst.status);
  for (const lost of spec.timeoutAfterReceive ?? []) {
    faults.timeoutAfterReceive(lost.route, { count: lost.count, mode: lost.mode });
  }
}
