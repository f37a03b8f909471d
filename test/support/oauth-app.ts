// The whole app in OAuth mode for an integration test: no bot token in the environment; the fake
// Slack knows the app's client id, secret and redirect URL, and each workspace gets its token by
// installing the app (slack-install.ts). PUBLIC_URL is the app's own loopback URL, so the install
// sends Slack a redirect_uri and the fake checks it against the configured one.
import { createServer } from "node:net";
import { startTestApp, type TestApp, type TestAppOptions } from "./app.js";

export const CLIENT_ID = "1111111111.2222222222";
export const CLIENT_SECRET = "client-secret-0123456789abcdef";
export const STATE_SECRET = "state-secret-0123456789abcdef";
export const SECRETS_KEY = "5a".repeat(32);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startOAuthTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const t = await startTestApp({
    ...options,
    env: {
      SLACK_BOT_TOKEN: "",
      SLACK_CLIENT_ID: CLIENT_ID,
      SLACK_CLIENT_SECRET: CLIENT_SECRET,
      SLACK_STATE_SECRET: STATE_SECRET,
      SECRETS_KEY,
      PORT: String(port),
      PUBLIC_URL: url,
      ...options.env,
    },
  });
  t.slack.configureOAuthApp({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUrls: [`${url}/slack/oauth_redirect`] });
  return t;
}
