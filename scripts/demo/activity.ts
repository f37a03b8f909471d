// What the engine did between two looks, read from the database: each message and invitation
// sent, each invitation accepted or withdrawn, and each send that failed and will be retried. The
// campaign threads report these in batches (digests, daily summaries); the demo shows each one
// as it happens, marked apart from the Slack messages.
import type { Sql } from "postgres";

export interface Activity {
  at: Date;
  handle: string;
  text: string;
  kind: "sent" | "accepted" | "withdrawn" | "retry" | "recovered" | "failed";
  /** For a retry: when the engine tries again. */
  nextTry?: Date;
}

const STEP_LABEL: Record<string, string> = {
  connection_request: "invitation",
  direct_message_1: "first message",
};

export function stepLabel(messageType: string): string {
  if (STEP_LABEL[messageType]) return STEP_LABEL[messageType];
  const follow = /^(?:direct_message|follow_up)_(\d)$/.exec(messageType);
  if (!follow) return messageType;
  const n = Number(follow[1]) - (messageType.startsWith("direct_message") ? 1 : 0);
  return `follow-up ${n}`;
}

export class ActivityFeed {
  private seen = new Set<string>();

  constructor(private readonly sql: Sql) {}

  /** Activity not reported yet, oldest first. */
  async fresh(now: Date): Promise<Activity[]> {
    const out: Activity[] = [];
    const add = (key: string, activity: Activity) => {
      if (this.seen.has(key)) return;
      this.seen.add(key);
      out.push(activity);
    };
    const sends = await this.sql<
      {
        id: string;
        handle: number;
        message_type: string;
        status: string;
        attempts: number;
        sent_at: Date | null;
        scheduled_for: Date;
        error_message: string | null;
        error_class: string | null;
        name: string;
        cooldown_until: Date | null;
      }[]
    >`
      select q.id, c.handle, q.message_type, q.status, q.attempts, q.sent_at, q.scheduled_for, q.error_message, q.error_class,
             p.first_name || ' ' || p.last_name as name, a.cooldown_until
      from send_queue q join campaigns c on c.id = q.campaign_id join campaign_prospects p on p.id = q.prospect_id
      join workspace_accounts a on a.id = q.account_id
      where q.status in ('sent', 'failed') or (q.status = 'pending' and q.error_class is not null)`;
    for (const row of sends) {
      const handle = `c${row.handle}`;
      const what = stepLabel(row.message_type);
      if (row.status === "pending") {
        const reason =
          row.error_class === "account_rate_limited"
            ? "LinkedIn limit (429)"
            : (row.error_message ?? row.error_class ?? "error");
        add(`${row.id}:retry:${row.attempts}:${row.error_class}`, {
          at: now,
          handle,
          kind: "retry",
          // After a LinkedIn limit the whole account waits for its cooldown, whatever the row says.
          nextTry:
            row.error_class === "account_rate_limited" && row.cooldown_until
              ? row.cooldown_until
              : row.scheduled_for,
          text: `${what} to ${row.name} not sent: ${shorten(reason)}`,
        });
        continue;
      }
      if (row.status === "failed") {
        add(`${row.id}:failed`, {
          at: now,
          handle,
          kind: "failed",
          text: `${what} to ${row.name} failed for good: ${shorten(row.error_message ?? row.error_class ?? "error")}`,
        });
        continue;
      }
      add(`${row.id}:sent`, {
        at: row.sent_at!,
        handle,
        kind: row.attempts > 1 ? "recovered" : "sent",
        text: `${what} sent to ${row.name}${row.attempts > 1 ? ` (attempt ${row.attempts})` : ""}`,
      });
    }
    const people = await this.sql<
      { id: string; handle: number; name: string; connection_accepted_at: Date | null; status: string }[]
    >`
      select p.id, c.handle, p.first_name || ' ' || p.last_name as name, p.connection_accepted_at, p.status
      from campaign_prospects p join campaigns c on c.id = p.campaign_id
      where p.connection_accepted_at is not null or p.status = 'not_accepted'`;
    for (const row of people) {
      if (row.connection_accepted_at) {
        add(`${row.id}:accepted`, {
          at: row.connection_accepted_at,
          handle: `c${row.handle}`,
          kind: "accepted",
          text: `${row.name} accepted the invitation`,
        });
      }
      if (row.status === "not_accepted") {
        add(`${row.id}:withdrawn`, {
          at: now,
          handle: `c${row.handle}`,
          kind: "withdrawn",
          text: `invitation to ${row.name} withdrawn: not accepted in 21 days`,
        });
      }
    }
    return out.sort((a, b) => a.at.getTime() - b.at.getTime());
  }
}

function shorten(text: string): string {
  const clean = text
    .replace(/^errors\//, "")
    .replace(/: Sandbox fault: Injected by the sandbox's failNext fault\.$/, " (503)");
  return clean.length > 80 ? `${clean.slice(0, 79)}…` : clean;
}
