// Every setting the app reads from the environment, validated once. The names are the public
// contract documented in README.md's configuration table.
import { z } from "zod";

const isoDate = z
  .string()
  .refine((value) => !Number.isNaN(new Date(value).getTime()), "must be an ISO 8601 date-time");

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));

const schema = z.object({
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
      .optional(),
  ),
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.pipe(z.string().startsWith("xapp-", "must be an app-level token (xapp-…)").optional()),
  SLACK_API_URL: optionalText.pipe(z.url().optional()),
  /** OAuth installs into any number of workspaces (HTTP mode): the app's Client ID and Secret. */
  SLACK_CLIENT_ID: optionalText,
  SLACK_CLIENT_SECRET: optionalText,
  /** Signs the install's `state` (it expires after 10 minutes). */
  SLACK_STATE_SECRET: optionalText.pipe(z.string().min(16, "must be at least 16 characters").optional()),
  SAM_CHANNEL: z
    .string()
    .default("sam-campaigns")
    .transform((value) => value.replace(/^#/, "")),
  UNIPILE_DSN: optionalText,
  UNIPILE_API_KEY: optionalText,
  UNIPILE_WEBHOOK_SECRET: optionalText,
  /** The app's public base URL (https://…); when set, the Unipile webhook is registered at start. */
  PUBLIC_URL: optionalText.pipe(z.url().optional()),
  /**
   * The key that protects secrets the app keeps or hands out: Slack tokens at rest (AES-256-GCM)
   * and signed references (HMAC). 32 random bytes, as 64 hex characters or base64
   * (`openssl rand -base64 32`). Required for OAuth installs and for connecting LinkedIn accounts.
   */
  SECRETS_KEY: optionalText.pipe(
    z
      .string()
      .refine((value) => secretKeyBytes(value)?.length === 32, "must be 32 bytes, as 64 hex characters or base64 (openssl rand -base64 32)")
      .optional(),
  ),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  WORKER: z.enum(["on", "off"]).default("on"),
  CLOCK_SPEED: z.coerce.number().min(0).max(10_000_000).default(1),
  CLOCK_START: optionalText.pipe(isoDate.optional()),
  /** Connector invitations still pending after this many days are withdrawn. */
  INVITATION_WITHDRAW_DAYS: z.coerce.number().min(1).max(90).default(21),
  /** How long a LinkedIn account rests after LinkedIn signals a limit (429 and the like). */
  ACCOUNT_COOLDOWN_HOURS: z.coerce.number().min(1).max(24 * 14).default(24),
  /** Health brake (issue 15, src/accounts/health-brake.ts): acceptance below this, over… */
  BRAKE_MIN_ACCEPTANCE: z.coerce.number().min(0).max(1).default(0.2),
  /** …at least this many of the account's last 100 invitations of 30 days, halves its invitation cap. */
  BRAKE_MIN_INVITATIONS: z.coerce.number().int().min(1).max(100).default(50),
  /** More pending invitations than this stop its invitations and withdraw the oldest. */
  BRAKE_MAX_PENDING: z.coerce.number().int().min(1).max(5000).default(500),
  /** Only invitations pending longer than this are withdrawn by that brake… */
  BRAKE_WITHDRAW_AFTER_DAYS: z.coerce.number().min(1).max(90).default(14),
  /** …at most this many a day, oldest first. */
  BRAKE_WITHDRAWALS_PER_DAY: z.coerce.number().int().min(1).max(200).default(10),
  /** This many LinkedIn limit signals (429s, provider limit errors) in 7 days halve every cap for 7 days. */
  BRAKE_LIMIT_SIGNALS: z.coerce.number().int().min(1).max(100).default(2),
  /** Minimum real time between two messages to one Slack channel (Slack allows about one a second). */
  SLACK_PACING_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  /** A worker process whose heartbeat is silent this long (real time) is dead; its jobs run again. */
  WORKER_DEAD_AFTER_SECONDS: z.coerce.number().min(1).max(3600).default(120),
  /** Outbound webhooks (src/outbound-webhooks): endpoints must be https; "on" also accepts http to localhost/127.0.0.1/[::1] (tests, local receivers). */
  WEBHOOKS_ALLOW_LOOPBACK_HTTP: z.enum(["on", "off"]).default("off"),
  /** Real milliseconds an outbound webhook delivery may take before it counts as failed and is retried. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /** Optional: replies are classified by Claude through the official SDK; without it, offline. */
  ANTHROPIC_API_KEY: optionalText,
  /** Where the Anthropic SDK sends its requests (tests point it at a local fake). */
  ANTHROPIC_BASE_URL: optionalText.pipe(z.url().optional()),
  ANTHROPIC_MODEL: z.string().trim().min(1).default("claude-haiku-4-5"),
  /** The whole LLM classification (retries included) gives up after this long and the offline classifier answers. */
  CLASSIFY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(8000),
});

/** The 32 key bytes of `SECRETS_KEY`, read as hex (64 characters) or base64; undefined if neither. */
export function secretKeyBytes(value: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, "hex");
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return undefined;
  const bytes = Buffer.from(value, "base64");
  return bytes.length > 0 ? bytes : undefined;
}

export type Config = z.infer<typeof schema> & { unipileBaseUrl: string | undefined };

export class ConfigError extends Error {}

/** A Unipile DSN is `host:port` (https) or a full URL; the client appends /api/v1 itself. */
export function unipileBaseUrl(dsn: string | undefined): string | undefined {
  if (!dsn) return undefined;
  const url = /^https?:\/\//.test(dsn) ? dsn : `https://${dsn}`;
  return url.replace(/\/+$/, "").replace(/\/api\/v1$/, "");
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? "environment");
    throw new ConfigError(`Invalid ${variable}: ${issue.message}`);
  }
  const config = parsed.data;
  if (config.UNIPILE_DSN) {
    try {
      new URL(unipileBaseUrl(config.UNIPILE_DSN)!);
    } catch {
      throw new ConfigError("Invalid UNIPILE_DSN: expected host:port or an http(s):// URL");
    }
    if (!config.UNIPILE_API_KEY) throw new ConfigError("Invalid UNIPILE_API_KEY: required when UNIPILE_DSN is set");
  }
  checkOAuthInstalls(config);
  return { ...config, unipileBaseUrl: unipileBaseUrl(config.UNIPILE_DSN) };
}

/**
 * OAuth installs: with any of SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET set, all three
 * are needed, over HTTP (SLACK_SIGNING_SECRET, no SLACK_APP_TOKEN), with SECRETS_KEY to keep the
 * tokens encrypted, and no SLACK_BOT_TOKEN: each workspace's token comes from its install.
 */
function checkOAuthInstalls(config: z.infer<typeof schema>): void {
  const names = ["SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET"] as const;
  if (names.every((name) => !config[name])) return;
  for (const name of names) {
    if (!config[name]) throw new ConfigError(`Invalid ${name}: required for OAuth installs (with ${names.filter((n) => n !== name).join(" and ")})`);
  }
  if (!config.SLACK_SIGNING_SECRET) throw new ConfigError("Invalid SLACK_SIGNING_SECRET: required for OAuth installs (they are served over HTTP)");
  if (!config.SECRETS_KEY) throw new ConfigError("Invalid SECRETS_KEY: required for OAuth installs (the workspaces' bot tokens are kept encrypted with it)");
  if (config.SLACK_APP_TOKEN) throw new ConfigError("Invalid SLACK_APP_TOKEN: leave it unset with SLACK_CLIENT_ID (OAuth installs run in HTTP mode)");
  if (config.SLACK_BOT_TOKEN) {
    throw new ConfigError("Invalid SLACK_BOT_TOKEN: leave it unset with SLACK_CLIENT_ID (each workspace's token comes from its install)");
  }
}

/** OAuth: any number of workspaces, each with the token of its install; otherwise the one SLACK_BOT_TOKEN. */
export function slackMode(config: Config): "oauth" | "socket" | "http" | "off" {
  if (config.SLACK_CLIENT_ID) return "oauth";
  if (!config.SLACK_BOT_TOKEN) return "off";
  if (config.SLACK_APP_TOKEN) return "socket";
  return config.SLACK_SIGNING_SECRET ? "http" : "off";
}
