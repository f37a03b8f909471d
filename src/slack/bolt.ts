// Bolt's classes without Bolt's index: the index also loads the Express and AWS Lambda receivers
// (express, body-parser, router, qs…), which this app never uses, about 0.15-0.3 s of the
// production start and 5 MB. The types are the index's; the values are the same classes, loaded
// from the files the index itself loads them from (one CommonJS cache, so a test or library that
// imports the index gets these very classes).
import { createRequire } from "node:module";
import type * as Bolt from "@slack/bolt";

const require = createRequire(import.meta.url);

function boltFile<T>(file: string, name: string): T {
  const loaded = (require(`@slack/bolt/dist/${file}`) as Record<string, unknown>)[name];
  // Bolt moved or renamed a file (an upgrade): fail at start with what to fix, not at first use.
  if (loaded === undefined) throw new Error(`@slack/bolt/dist/${file} has no ${name}: update src/slack/bolt.ts for this Bolt version`);
  return loaded as T;
}

export const App = boltFile<typeof Bolt.App>("App.js", "default");
export const LogLevel = boltFile<typeof Bolt.LogLevel>("App.js", "LogLevel");
export const HTTPReceiver = boltFile<typeof Bolt.HTTPReceiver>("receivers/HTTPReceiver.js", "default");
export const SocketModeReceiver = boltFile<typeof Bolt.SocketModeReceiver>("receivers/SocketModeReceiver.js", "default");
export type App = Bolt.App;
export type LogLevel = Bolt.LogLevel;
export type HTTPReceiver = Bolt.HTTPReceiver;
export type SocketModeReceiver = Bolt.SocketModeReceiver;
