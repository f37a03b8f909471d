// Worker threads do not inherit the parent's TypeScript loader (tsx under `npm start`, Vite under
// vitest): the thread registers tsx itself, then loads its TypeScript entry.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
