// The app and `npm run worker` as real child processes (src/main.ts through tsx, or with
// `compiled` the production start's dist/src/main.js, built by `npm run build`) on a given
// database, Unipile sandbox and fake Slack: for tests of process-level behaviour (survival, exit
// codes, the production start).
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

export interface AppProcess {
  child: ChildProcess;
  output: () => string;
  /** The HTTP base URL (app role only). */
  url: string;
  alive: () => boolean;
  kill: (signal?: NodeJS.Signals) => Promise<void>;
}

export interface AppProcessOptions {
  role: "app" | "worker";
  env: Record<string, string>;
  /** Run the compiled JavaScript in dist/ (as `npm start` does) instead of the TypeScript source. */
  compiled?: boolean;
}

export async function startAppProcess(options: AppProcessOptions): Promise<AppProcess> {
  const root = path.resolve(import.meta.dirname, "../..");
  const role = options.role === "worker" ? ["--worker"] : [];
  // node with tsx's loader, not the tsx CLI: the CLI runs the program in a child process and a
  // SIGKILL of the CLI would leave that child running, so "killed" processes went on working.
  const args = options.compiled ? ["dist/src/main.js", ...role] : ["--import", "tsx", "src/main.ts", ...role];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: "0", LOG_LEVEL: "info", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const ready = options.role === "worker" ? "worker is running" : "SAM Campaigns is running";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`${options.role} process did not start:\n${output}`)), 60_000);
    const check = setInterval(() => {
      const line = output.split("\n").find((candidate) => candidate.includes(ready));
      if (line) finish(null, (JSON.parse(line) as { url?: string }).url ?? "");
    }, 20);
    const onExit = (code: number | null) => finish(new Error(`${options.role} process exited (${code}):\n${output}`));
    child.once("exit", onExit);
    function finish(error: Error | null, value = "") {
      clearTimeout(timer);
      clearInterval(check);
      child.off("exit", onExit);
      if (error) reject(error);
      else resolve(value);
    }
  });
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    output: () => output,
    url,
    alive,
    kill: (signal = "SIGTERM") =>
      new Promise<void>((resolve) => {
        if (!alive()) return resolve();
        child.once("exit", () => resolve());
        child.kill(signal);
      }),
  };
}
