// Recognises a Slack request that was already handled: a signed request replayed within its
// 5-minute window, or an Events API callback redelivered by Slack (x-slack-retry-num). The
// identity is the one Slack gives: event_id for events, trigger_id for slash commands and
// interactions, and for anything else the request's own signature (the same signature means the
// very same timestamp and body). Identities live in PostgreSQL so that every app process sees them.
import { createHash } from "node:crypto";
import type { Sql } from "postgres";

/** Replays are possible for 5 minutes; Slack's event retries come within about as long. */
const RETENTION = "1 hour";
const PURGE_EVERY_MS = 60_000;

type Body = Record<string, unknown>;

const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);

function teamOf(body: Body): string {
  const team = body.team as Body | null | undefined;
  return text(body.team_id) ?? text(team && typeof team === "object" ? team.id : null) ?? "-";
}

/** A short, stable key; ids longer than a normal Slack id are hashed rather than stored whole. */
function key(kind: string, team: string, id: string): string {
  const full = `${kind}:${team}:${id}`;
  return full.length <= 200 ? full : `${kind}:sha256:${createHash("sha256").update(full).digest("hex")}`;
}

export function requestIdentity(body: Body, signature: string): string {
  const team = teamOf(body);
  const eventId = body.type === "event_callback" ? text(body.event_id) : null;
  if (eventId) return key("event", team, eventId);
  const triggerId = text(body.trigger_id);
  if (triggerId) return key("trigger", team, triggerId);
  return key("signature", team, createHash("sha256").update(signature).digest("hex"));
}

export function replayRegistry(sql: Sql) {
  let lastPurge = 0;
  return {
    /** True the first time an identity is seen, false for a replay or redelivery. */
    async firstTime(identity: string): Promise<boolean> {
      if (Date.now() - lastPurge > PURGE_EVERY_MS) {
        lastPurge = Date.now();
        await sql`delete from slack_request_ids where received_at < now() - ${RETENTION}::interval`;
      }
      const rows = await sql`
        insert into slack_request_ids (identity) values (${identity})
        on conflict (identity) do nothing
        returning identity`;
      return rows.length === 1;
    },
  };
}
