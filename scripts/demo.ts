// `npm run demo`: the whole product working for a minute, with no credentials. A throwaway
// embedded PostgreSQL, the Unipile sandbox (examples/demo-scenario.json), a local fake Slack and
// a virtual clock; two campaigns created, previewed and launched over signed Slack requests; four
// weeks of campaign time, each campaign's Slack thread printed as it happens. The app's own
// logs go to .data/demo.log. Exits 0 when every event the demo is meant to show happened.
import { createWriteStream, mkdirSync } from "node:fs";
import { captureLogs, createLogger, setLogLevel } from "../src/log.js";
import { DEMO_DAYS, DEMO_START, DEMO_ZONE, runDemo } from "./demo/run.js";
import { styles } from "./demo/printer.js";

const LOG_FILE = ".data/demo.log";

async function main(): Promise<number> {
  const tty = process.stdout.isTTY === true;
  const style = styles(tty && !process.env.NO_COLOR);
  const write = (text: string) => process.stdout.write(text);

  mkdirSync(".data", { recursive: true });
  const logFile = createWriteStream(LOG_FILE, { flags: "w" });
  // The app logs JSON lines; here they go to a file (errors also to stderr) so the story stays readable.
  const sink = {
    push(line: string) {
      logFile.write(`${line}\n`);
      if (line.includes('"level":"error"')) process.stderr.write(`${line}\n`);
      return 0;
    },
  };
  captureLogs(sink as unknown as string[]);
  const level = process.env.LOG_LEVEL;
  setLogLevel(
    level === "debug" || level === "warn" || level === "error" || level === "silent" ? level : "info",
  );

  let stopAll: (() => Promise<void>) | null = null;
  let interrupted = false;
  process.once("SIGINT", () => {
    interrupted = true;
    write("\nStopping…\n");
    void (stopAll?.() ?? Promise.resolve()).finally(() => process.exit(130));
  });

  const start = DEMO_START.toLocaleString("en-US", {
    timeZone: DEMO_ZONE,
    dateStyle: "full",
    timeStyle: "short",
  });
  write(
    [
      style.bold("SAM Campaigns demo") + style.dim(" — no Slack app, LinkedIn account or database needed"),
      `  Slack      a local fake of slack.com; every command and form below is a signed request to /slack/events`,
      `  LinkedIn   the built-in Unipile sandbox, people and faults from examples/demo-scenario.json`,
      `  Database   a throwaway embedded PostgreSQL under .data/ (removed at the end)`,
      `  Time       a virtual clock from ${start} (New York), up to ${DEMO_DAYS} days`,
      "",
    ].join("\n"),
  );

  const result = await runDemo({
    write,
    color: tty && !process.env.NO_COLOR,
    tty,
    log: createLogger({ demo: true }),
    onStarted: (stop) => {
      stopAll = stop;
    },
  });
  if (interrupted) return 130;

  const checks: Array<[string, string]> = [
    ["replies", result.shown.replies],
    ["a prospect skipped as not connected", result.shown.skippedNotConnected],
    ["accepted invitations", result.shown.accepted],
    ["an invitation withdrawn after 21 days", result.shown.withdrawn],
    ["faults handled", result.shown.fault],
  ];
  write(`\n${style.bold("What this run showed")}\n`);
  for (const [label, detail] of checks) {
    write(
      detail ? `  ${style.green("✔")} ${label}: ${detail}\n` : `  ${style.yellow("✘")} ${label}: not seen\n`,
    );
  }
  const days = (result.virtualMs / 86_400_000).toFixed(1);
  write(
    `\n${days} days of campaign time in ${(result.realMs / 1000).toFixed(1)} s of real time. ` +
      `The app's log is in ${LOG_FILE}; everything else was removed.\n`,
  );
  await new Promise<void>((resolve) => logFile.end(resolve));
  return checks.every(([, detail]) => detail) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`demo failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
