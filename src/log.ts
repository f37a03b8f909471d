// Structured JSON logs, one object per line. Secrets never leave this module: values registered
// with addSecret() are masked wherever they appear, and fields whose names look like credentials
// are masked whatever they hold.

type Level = "debug" | "info" | "warn" | "error" | "silent";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };
const SECRET_FIELD = /(token|secret|password|api[-_]?key|authorization|cookie|signature)/i;
const MASK = "[redacted]";
/** An API key (src/api/keys.ts) or a webhook signing secret (src/outbound-webhooks) wherever it appears in a string, registered or not. */
const API_KEY = /(?:sam|whsec)_[A-Za-z0-9_-]{20,}/g;

const secrets = new Set<string>();
let threshold: Level = (process.env.LOG_LEVEL as Level) in ORDER ? (process.env.LOG_LEVEL as Level) : "info";
let sink: (line: string) => void = (line) => process.stdout.write(`${line}\n`);

export function addSecret(value: string | undefined): void {
  if (value && value.length >= 4) secrets.add(value);
}

export function setLogLevel(level: Level): void {
  threshold = level;
}

/** Tests capture log lines here. Returns a function restoring the previous sink. */
export function captureLogs(into: string[]): () => void {
  const previous = sink;
  sink = (line) => into.push(line);
  return () => {
    sink = previous;
  };
}

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === "string") {
    let out = value;
    for (const secret of secrets) out = out.split(secret).join(MASK);
    return out.replace(API_KEY, MASK);
  }
  if (value instanceof Error) {
    return redact({ ...value, name: value.name, message: value.message, stack: value.stack }, depth);
  }
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_FIELD.test(key) && item !== undefined && item !== null ? MASK : redact(item, depth + 1);
  }
  return out;
}

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export function createLogger(base: Record<string, unknown> = {}): Logger {
  const write = (level: Level, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < ORDER[threshold]) return;
    const entry = redact({ time: new Date().toISOString(), level, msg, ...base, ...fields });
    sink(JSON.stringify(entry));
  };
  return {
    debug: (msg, fields) => write("debug", msg, fields),
    info: (msg, fields) => write("info", msg, fields),
    warn: (msg, fields) => write("warn", msg, fields),
    error: (msg, fields) => write("error", msg, fields),
    child: (fields) => createLogger({ ...base, ...fields }),
  };
}

export const log = createLogger();
