// `/sam webhooks add <url> [events…]`, `list`, `remove <id>`, `test <id>`, `log <id>`: the
// workspace's outbound webhook endpoints (src/outbound-webhooks). Admins and owners only, as for
// `/sam api-keys`. Every answer is ephemeral; a new endpoint's signing secret is shown once.
import { isAdmin } from "./api-keys.js";
import { ephemeral } from "./campaign-command.js";
import type { Subcommand, SubcommandInput } from "./sam.js";
import {
  createEndpoint,
  deliveryLog,
  EndpointInputError,
  type EndpointRow,
  endpointOf,
  listEndpoints,
  queueTestEvent,
  removeEndpoint,
  WebhooksNotConfigured,
} from "../outbound-webhooks/endpoints.js";
import { WEBHOOK_EVENT_TYPES } from "../outbound-webhooks/events.js";
import { SIGNATURE_HEADER } from "../outbound-webhooks/signature.js";
import { escapeMrkdwn } from "../slack/text.js";

export const WEBHOOKS_USAGE = [
  "`/sam webhooks add <url> [events…]` — send events to an https URL (all events when none is named)",
  "`/sam webhooks list` — the workspace's endpoints",
  "`/sam webhooks remove <id>` — stop sending to an endpoint",
  "`/sam webhooks test <id>` — send a `webhook.test` event (and enable a disabled endpoint again)",
  "`/sam webhooks log <id>` — its last 20 delivery attempts",
  `Events: ${WEBHOOK_EVENT_TYPES.join(", ")}`,
]
  .join("\n")
  .replace(/</g, "&lt;")
  .replace(/>/g, "&gt;");

const LOG_LENGTH = 20;
const short = (endpoint: EndpointRow) => endpoint.id.slice(0, 8);

async function add(input: SubcommandInput, words: string[]) {
  const [url = "", ...events] = words;
  if (!url) return input.args.ack(ephemeral(`\`/sam webhooks add\` needs a URL.\n${WEBHOOKS_USAGE}`));
  try {
    const { endpoint, secret } = await input.ctx.sql.begin((tx) =>
      createEndpoint(tx, input.ctx.config, { workspaceId: input.workspaceId, url, events, createdBy: input.args.command.user_id }),
    );
    await input.args.ack(
      ephemeral(
        `Added webhook endpoint \`${short(endpoint)}\` → ${escapeMrkdwn(endpoint.url)} for ${endpoint.events ? endpoint.events.join(", ") : "every event"}.\n` +
          `Signing secret: \`${secret}\`\nCopy it now: it is shown only this once. Each delivery carries ` +
          `\`${SIGNATURE_HEADER}: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>\`; see the README.`,
      ),
    );
  } catch (error) {
    if (!(error instanceof EndpointInputError || error instanceof WebhooksNotConfigured)) throw error;
    await input.args.ack(ephemeral(`\`/sam webhooks add\`: ${escapeMrkdwn(error.message)}`));
  }
}

async function list(input: SubcommandInput) {
  const endpoints = await listEndpoints(input.ctx.sql, input.workspaceId);
  if (endpoints.length === 0) return input.args.ack(ephemeral("This workspace has no webhook endpoints. Add one with `/sam webhooks add <url>`."));
  const lines = endpoints.map((endpoint) => {
    const state = endpoint.enabled
      ? endpoint.failing_since
        ? `failing since ${endpoint.failing_since.toISOString()}`
        : "enabled"
      : `disabled ${endpoint.disabled_at?.toISOString() ?? ""}: ${escapeMrkdwn(endpoint.disabled_reason ?? "")}`;
    return `• \`${short(endpoint)}\` ${escapeMrkdwn(endpoint.url)} — ${endpoint.events ? endpoint.events.join(", ") : "every event"}; ${state}`;
  });
  await input.args.ack(ephemeral(`*Webhook endpoints* (${endpoints.length})\n${lines.join("\n")}`));
}

async function withEndpoint(input: SubcommandInput, action: string, reference: string | undefined, then: (endpoint: EndpointRow) => Promise<void>) {
  const endpoint = reference ? await endpointOf(input.ctx.sql, input.workspaceId, reference) : null;
  if (!endpoint) {
    const shown = reference ? ` \`${escapeMrkdwn(reference.slice(0, 40))}\`` : "";
    return input.args.ack(ephemeral(`\`/sam webhooks ${action}\`: no endpoint${shown} in this workspace; give an id as \`/sam webhooks list\` shows it.`));
  }
  await then(endpoint);
}

async function log(input: SubcommandInput, endpoint: EndpointRow) {
  const attempts = await deliveryLog(input.ctx.sql, endpoint.id, LOG_LENGTH);
  if (attempts.length === 0) return input.args.ack(ephemeral(`No delivery attempts yet for \`${short(endpoint)}\`.`));
  const lines = attempts.map((attempt) => {
    const result = attempt.status_code !== null ? `HTTP ${attempt.status_code}` : escapeMrkdwn(attempt.error ?? "no answer");
    return `• ${attempt.attempted_at.toISOString()} \`${attempt.event_type}\` ${attempt.event_id.slice(0, 8)} — ${result} in ${attempt.duration_ms} ms`;
  });
  await input.args.ack(ephemeral(`*Last ${attempts.length} attempts* for \`${short(endpoint)}\` (${escapeMrkdwn(endpoint.url)}), newest first\n${lines.join("\n")}`));
}

export const webhooksCommand: Subcommand = async (input) => {
  const [action = "", ...words] = input.rest.split(/\s+/).filter(Boolean);
  if (!(await isAdmin(input))) return input.args.ack(ephemeral("Only workspace admins and owners can manage webhooks."));
  switch (action.toLowerCase()) {
    case "add":
      return add(input, words);
    case "list":
      return list(input);
    case "remove":
      return withEndpoint(input, "remove", words[0], async (endpoint) => {
        await removeEndpoint(input.ctx.sql, input.workspaceId, endpoint.id);
        await input.args.ack(ephemeral(`Removed webhook endpoint \`${short(endpoint)}\` (${escapeMrkdwn(endpoint.url)}); nothing more is sent to it.`));
      });
    case "test":
      return withEndpoint(input, "test", words[0], async (endpoint) => {
        const eventId = await input.ctx.sql.begin((tx) => queueTestEvent(tx, endpoint, input.ctx.clock.now()));
        await input.args.ack(ephemeral(`Queued test event \`${eventId}\` for \`${short(endpoint)}\`; \`/sam webhooks log ${short(endpoint)}\` shows how it went.`));
      });
    case "log":
      return withEndpoint(input, "log", words[0], (endpoint) => log(input, endpoint));
    default:
      await input.args.ack(ephemeral(WEBHOOKS_USAGE));
  }
};
