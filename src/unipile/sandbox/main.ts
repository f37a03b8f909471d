// `npm run sandbox`: the Unipile sandbox on its own, for running the app (or curl) against it.
// Env: SANDBOX_PORT (default 13111), SANDBOX_SCENARIO (path to a scenario JSON), UNIPILE_API_KEY
// (the only key accepted; any non-empty key when unset). Time follows CLOCK_START/CLOCK_SPEED.
import { startSandbox } from "./index.js";
import { loadScenarioFile } from "./scenario.js";

const port = Number(process.env.SANDBOX_PORT ?? 13_111);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`SANDBOX_PORT must be a port number, got ${process.env.SANDBOX_PORT}`);
  process.exit(1);
}

try {
  const scenarioPath = process.env.SANDBOX_SCENARIO?.trim();
  const scenario = scenarioPath ? await loadScenarioFile(scenarioPath) : undefined;
  const sandbox = await startSandbox({ port, apiKey: process.env.UNIPILE_API_KEY || undefined, scenario });
  console.log(`Unipile sandbox listening on ${sandbox.url}`);
  console.log(
    `Point the app at it: UNIPILE_DSN=${sandbox.url} UNIPILE_API_KEY=<any key${process.env.UNIPILE_API_KEY ? ", the configured one" : ""}>`,
  );
  console.log(
    `Default account: ${sandbox.world.defaultAccountId}${scenarioPath ? `; scenario ${scenarioPath}` : ""}`,
  );
  const stop = async () => {
    await sandbox.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
