// Worker threads do not inherit the parent's TypeScript loader (tsx under `npm run dev`, Vite
// under vitest): for a TypeScript entry the thread registers tsx itself, then loads the entry.
// The compiled app (`npm start`, dist/) hands over a JavaScript entry and loads no loader.
import { workerData } from "node:worker_threads";

if (workerData.entry.endsWith(".ts")) {
  const { register } = await import("tsx/esm/api");
  register();
}
await import(workerData.entry);
