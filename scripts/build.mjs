// `npm run build`: the production app as JavaScript in dist/ (tsc with tsconfig.build.json), plus
// the files the compiled code reads by a path relative to its own: the migrations
// (src/db/migrate.ts), the chart fonts (src/charts/render.ts) and the answer thread's bootstrap
// (src/answers/thread-boot.mjs). dist/ mirrors the repository (dist/src, dist/migrations,
// dist/assets), so those relative paths hold unchanged.
// `--if-stale` (npm start's prestart): build only when dist/ is missing or older than a source,
// so `npm install && npm start` works on a fresh clone and a restart does not rebuild.
// Plain JavaScript on purpose: it must run before anything is compiled, without a loader.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");
const stamp = path.join(dist, ".built");
/** What the build reads: when any of it is newer than the stamp, dist/ is stale. */
const INPUTS = ["src", "migrations", "assets", "tsconfig.json", "tsconfig.build.json", "package-lock.json"];

function newestChange(entry) {
  if (!existsSync(entry)) return 0;
  const stats = statSync(entry);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs; // a deleted file changes its folder
  for (const name of readdirSync(entry)) newest = Math.max(newest, newestChange(path.join(entry, name)));
  return newest;
}

function isFresh() {
  if (!existsSync(stamp)) return false;
  const built = statSync(stamp).mtimeMs;
  return INPUTS.every((input) => newestChange(path.join(root, input)) <= built);
}

function build() {
  const started = Date.now();
  rmSync(dist, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const result = spawnSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json")], {
    cwd: root,
    stdio: "inherit",
  });
  if (result.status !== 0) {
    process.stderr.write("build: tsc failed; dist/ is incomplete\n");
    process.exit(result.status ?? 1);
  }
  cpSync(path.join(root, "migrations"), path.join(dist, "migrations"), { recursive: true });
  cpSync(path.join(root, "assets"), path.join(dist, "assets"), { recursive: true });
  mkdirSync(path.join(dist, "src", "answers"), { recursive: true });
  cpSync(path.join(root, "src", "answers", "thread-boot.mjs"), path.join(dist, "src", "answers", "thread-boot.mjs"));
  // Written last: an interrupted build leaves no stamp, so the next start builds again.
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
  process.stderr.write(`build: dist/ written in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

if (process.argv.includes("--if-stale") && isFresh()) process.exit(0);
build();
