// `/sam api-keys create read|write [label]`, `list`, `revoke <prefix>`: the workspace's REST API
// keys (src/api). Workspace admins and owners only, as Slack's users.info reports them
// (is_admin / is_owner). Every answer is ephemeral; a created key is shown once, in that answer,
// and is stored only as its hash.
import { API_SCOPES, type ApiScope, createApiKey, listApiKeys, revokeApiKey } from "../api/keys.js";
import { escapeMrkdwn, plainText } from "../slack/text.js";
import { ephemeral } from "./campaign-command.js";
import type { Subcommand, SubcommandInput } from "./sam.js";

export const API_KEYS_USAGE = [
  "`/sam api-keys create read|write [label]` — a new key for the REST API (shown once)",
  "`/sam api-keys list` — the workspace's keys, by prefix",
  "`/sam api-keys revoke <prefix>` — stop a key from working",
]
  .join("\n")
  .replace(/</g, "&lt;")
  .replace(/>/g, "&gt;");

/** Whether the command's user is a workspace admin or owner (Slack's users.info); also for `/sam webhooks`. */
export async function isAdmin({ args }: SubcommandInput): Promise<boolean> {
  try {
    const answer = await args.client.users.info({ user: args.command.user_id });
    return answer.user?.is_admin === true || answer.user?.is_owner === true;
  } catch {
    return false;
  }
}

async function create(input: SubcommandInput, words: string[]) {
  const [scopeWord = "", ...labelWords] = words;
  const scope = scopeWord.toLowerCase() as ApiScope;
  if (!API_SCOPES.includes(scope)) {
    await input.args.ack(ephemeral(`\`/sam api-keys create\` needs a scope, \`read\` or \`write\`.\n${API_KEYS_USAGE}`));
    return;
  }
  const label = plainText(labelWords.join(" "), 80);
  const { key, row } = await createApiKey(input.ctx.sql, {
    workspaceId: input.workspaceId,
    scope,
    label,
    createdBy: input.args.command.user_id,
  });
  await input.args.ack(
    ephemeral(
      `New *${scope}* API key${label ? ` “${escapeMrkdwn(label)}”` : ""} (prefix \`${row.prefix}\`):\n\`${key}\`\n` +
        "Copy it now: it is shown only this once and stored only as a hash. " +
        "Send it as `Authorization: Bearer <key>`; revoke it with `/sam api-keys revoke " + row.prefix + "`.",
    ),
  );
}

async function list(input: SubcommandInput) {
  const keys = await listApiKeys(input.ctx.sql, input.workspaceId);
  if (keys.length === 0) {
    await input.args.ack(ephemeral("This workspace has no API keys. Create one with `/sam api-keys create read|write [label]`."));
    return;
  }
  const lines = keys.map((key) => {
    const state = key.revoked_at ? `revoked ${key.revoked_at.toISOString().slice(0, 10)}` : "live";
    const used = key.last_used_at ? `last used ${key.last_used_at.toISOString()}` : "never used";
    return `• \`${key.prefix}…\` ${key.scope}${key.label ? ` “${escapeMrkdwn(key.label)}”` : ""} — ${state}, ${used}, created by <@${key.created_by}>`;
  });
  await input.args.ack(ephemeral(`*API keys* (${keys.length})\n${lines.join("\n")}`));
}

async function revoke(input: SubcommandInput, words: string[]) {
  const prefix = (words[0] ?? "").replace(/…$/, "");
  if (!/^sam_[A-Za-z0-9_-]{8}$/.test(prefix)) {
    await input.args.ack(ephemeral(`\`/sam api-keys revoke\` needs a key's prefix as \`/sam api-keys list\` shows it (e.g. \`sam_AbCd1234\`).`));
    return;
  }
  const done = await revokeApiKey(input.ctx.sql, input.workspaceId, prefix, input.args.command.user_id);
  await input.args.ack(
    ephemeral(done ? `Revoked the API key \`${prefix}\`; it no longer works.` : `No live API key with prefix \`${prefix}\` in this workspace.`),
  );
}

export const apiKeysCommand: Subcommand = async (input) => {
  const [action = "", ...words] = input.rest.split(/\s+/).filter(Boolean);
  if (!(await isAdmin(input))) {
    await input.args.ack(ephemeral("Only workspace admins and owners can manage API keys."));
    return;
  }
  switch (action.toLowerCase()) {
    case "create":
      return create(input, words);
    case "list":
      return list(input);
    case "revoke":
      return revoke(input, words);
    default:
      await input.args.ack(ephemeral(API_KEYS_USAGE));
  }
};
