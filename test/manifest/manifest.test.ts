// manifest.yml against Slack's published manifest schema (vendored, see
// test/fixtures/slack-manifest-schema/SOURCE.md), and against what the code does: every Web API
// method it calls and every event it listens to is covered by a requested scope and subscription,
// and nothing is requested or subscribed to that nothing uses.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { BOT_SCOPES } from "../../src/slack/scopes.js";
import { JsonSchemaValidator } from "../support/json-schema.js";
import { BOLT_METHODS, EVENT_SUBSCRIPTIONS, FEATURE_SCOPES, METHOD_SCOPES } from "./slack-permissions.js";

const ROOT = join(import.meta.dirname, "../..");
const SCHEMAS = join(ROOT, "test/fixtures/slack-manifest-schema");
const REMOTE = "https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas";
const MAIN = "https://github.com/slackapi/manifest-schema/blob/main/manifest.schema.json";

interface Manifest {
  features: { slash_commands?: unknown[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[] } };
}

const readJson = (file: string) => JSON.parse(readFileSync(join(SCHEMAS, file), "utf8")) as Record<string, unknown>;
const validator = new JsonSchemaValidator({
  [MAIN]: readJson("manifest.schema.json"),
  [`${REMOTE}/manifest.schema.1.0.0.json`]: readJson("manifest.schema.1.0.0.json"),
  [`${REMOTE}/manifest.schema.2.0.0.json`]: readJson("manifest.schema.2.0.0.json"),
});
const manifestText = readFileSync(join(ROOT, "manifest.yml"), "utf8");
const manifest = load(manifestText) as Manifest;
const botScopes = new Set(manifest.oauth_config.scopes.bot);
const botEvents = new Set(manifest.settings.event_subscriptions.bot_events);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}
const code = sourceFiles(join(ROOT, "src"))
  .filter((file) => !file.includes("/unipile/sandbox/"))
  .map((file) => readFileSync(file, "utf8"))
  .join("\n");

/** Web API calls in the code: `client.chat.postMessage(`, `slack.files.uploadV2(`, `apiCall("x")`. */
function calledMethods(source: string): string[] {
  const found = new Set<string>();
  for (const match of source.matchAll(/\b(?:client|slack)\.([a-z]+)\.([a-zA-Z0-9]+(?:\.[a-zA-Z0-9]+)*)\(/g))
    found.add(`${match[1]}.${match[2]}`);
  for (const match of source.matchAll(/\.apiCall\(\s*["']([\w.]+)["']/g)) found.add(match[1]!);
  return [...found].sort();
}

/** Event types the code listens to: `app.event("x", …)`. */
function listenedEvents(source: string): string[] {
  return [...new Set([...source.matchAll(/\bapp\.event\(\s*["']([\w.]+)["']/g)].map((m) => m[1]!))].sort();
}

describe("manifest.yml", () => {
  it("validates against Slack's app manifest schema", () => {
    expect(validator.validate(MAIN, manifest)).toEqual([]);
  });

  it("is refused by that schema when it breaks a rule (the validator can fail)", () => {
    const broken = load(manifestText) as Record<string, Record<string, unknown>>;
    broken.display_information!.name = "x".repeat(36);
    broken.settings!.unknown_setting = true;
    const paths = validator.validate(MAIN, broken).map((error) => error.path);
    expect(paths).toContain("/display_information/name");
    expect(paths).toContain("/settings/unknown_setting");
  });

  it("finds the code's Web API calls (the scan is not blind)", () => {
    const methods = calledMethods(code);
    for (const known of ["chat.postMessage", "views.open", "conversations.list", "files.uploadV2"])
      expect(methods).toContain(known);
    expect(listenedEvents(code)).toContain("message");
  });

  it("requests a scope for every Web API method the code calls, and lists each method's scopes", () => {
    const unlisted = calledMethods(code).filter((name) => !(name in METHOD_SCOPES));
    expect(unlisted, "methods called but missing from test/manifest/slack-permissions.ts").toEqual([]);
    const missing = Object.entries(METHOD_SCOPES).flatMap(([name, needs]) =>
      needs.scopes.filter((scope) => !botScopes.has(scope)).map((scope) => `${name} needs ${scope}`),
    );
    expect(missing).toEqual([]);
  });

  it("subscribes to every event the code listens to, with the scopes those events need", () => {
    const events = listenedEvents(code);
    const unlisted = events.filter((name) => !(name in EVENT_SUBSCRIPTIONS));
    expect(unlisted, "events listened to but missing from test/manifest/slack-permissions.ts").toEqual([]);
    const missing = events.flatMap((name) => {
      const needs = EVENT_SUBSCRIPTIONS[name]!;
      return [
        ...needs.subscriptions.filter((s) => !botEvents.has(s)).map((s) => `${name}: subscribe to ${s}`),
        ...needs.scopes.filter((s) => !botScopes.has(s)).map((s) => `${name}: request ${s}`),
      ];
    });
    expect(missing).toEqual([]);
  });

  it("subscribes to no event nothing listens to, and requests no scope nothing needs", () => {
    const listened = listenedEvents(code).flatMap((name) => EVENT_SUBSCRIPTIONS[name]?.subscriptions ?? []);
    expect([...botEvents].filter((name) => !listened.includes(name))).toEqual([]);
    const used = new Set([
      ...calledMethods(code).flatMap((name) => METHOD_SCOPES[name]?.scopes ?? []),
      ...listenedEvents(code).flatMap((name) => EVENT_SUBSCRIPTIONS[name]?.scopes ?? []),
      ...(manifest.features.slash_commands?.length ? FEATURE_SCOPES.slash_commands!.scopes : []),
    ]);
    expect([...botScopes].filter((scope) => !used.has(scope))).toEqual([]);
  });

  it("asks an OAuth install for exactly its bot scopes", () => {
    expect([...BOT_SCOPES]).toEqual(manifest.oauth_config.scopes.bot);
  });

  it("names only Bolt's own calls as methods the code does not call itself", () => {
    const called = new Set(calledMethods(code));
    expect(Object.keys(METHOD_SCOPES).filter((name) => !called.has(name))).toEqual(BOLT_METHODS);
  });
});
