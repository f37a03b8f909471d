// The seeded connector campaign "c1" of the analytics tests, every row inserted directly so each
// figure can be counted by hand (the events are listed in stats.test.ts). With `variants`, the
// invitations and first follow-ups carry letters: A for p1, p3, p5, p11 and B for p2, p4, p6, p12.
import type { Sql } from "postgres";

const at = (iso: string) => new Date(iso);

export interface SeedTarget {
  workspaceId: string;
  campaignId: string;
  accountId: string;
}

export async function seedStatsCampaign(sql: Sql, { workspaceId, campaignId, accountId }: SeedTarget, options: { variants?: boolean } = {}) {
  const variantOf = (i: number, step: number) =>
    options.variants && step <= 1 ? ([1, 3, 5, 11].includes(i) ? "A" : "B") : null;
  const status: Record<number, [string, string | null]> = {
    1: ["replied", null],
    2: ["replied", null],
    3: ["replied", null],
    4: ["messaging", null],
    5: ["replied", null],
    6: ["replied", null],
    7: ["failed", "invitation refused"],
    8: ["pending", null],
    9: ["skipped", "on the do-not-contact list"],
    10: ["pending", null],
    11: ["connection_request_sent", null],
    12: ["connection_request_sent", null],
  };
  const p: Record<number, string> = {};
  for (let i = 1; i <= 12; i++) {
    const [row] = await sql<{ id: string }[]>`
      insert into campaign_prospects (campaign_id, workspace_id, first_name, last_name, linkedin_url, public_identifier,
                                      status, status_reason, connection_accepted_at, replied_at)
      values (${campaignId}, ${workspaceId}, ${`P${i}`}, 'S', ${`https://www.linkedin.com/in/p${i}/`}, ${`p${i}`},
              ${status[i]![0]}, ${status[i]![1]}, ${i <= 4 ? at("2026-11-04T10:00:00Z") : null},
              ${i === 5 ? at("2026-11-02T12:40:00Z") : i === 6 ? at("2026-11-03T13:30:00Z") : null})
      returning id`;
    p[i] = row!.id;
  }
  const queue = async (
    i: number,
    type: string,
    step: number,
    state: string,
    sentAt: string | null,
    errorClass?: string,
  ) => {
    await sql`
      insert into send_queue (campaign_id, prospect_id, account_id, message_type, step, scheduled_for, status, sent_at,
                              error_class, variant)
      values (${campaignId}, ${p[i]!}, ${accountId}, ${type}, ${step}, ${at(sentAt ?? "2026-11-20T09:00:00Z")}, ${state},
              ${sentAt ? at(sentAt) : null}, ${errorClass ?? null}, ${variantOf(i, step)})`;
  };
  for (let i = 1; i <= 6; i++) {
    await queue(i, "connection_request", 0, "sent", `2026-11-02T${String(7 + i).padStart(2, "0")}:00:00Z`);
  }
  await queue(7, "connection_request", 0, "failed", null, "provider_limit");
  await queue(8, "connection_request", 0, "pending", null);
  await queue(11, "connection_request", 0, "sent", "2026-11-09T08:00:00Z");
  await queue(12, "connection_request", 0, "sent", "2026-11-09T09:00:00Z");
  for (let i = 1; i <= 4; i++)
    await queue(i, "follow_up_1", 1, "sent", `2026-11-05T${String(8 + i).padStart(2, "0")}:00:00Z`);
  await queue(5, "follow_up_1", 1, "waiting", null);
  await queue(6, "follow_up_1", 1, "waiting", null);
  await queue(1, "follow_up_2", 2, "sent", "2026-11-10T09:00:00Z");
  await queue(2, "follow_up_2", 2, "cancelled", null);
  const inbound = async (i: number, when: string, label: string | null, markedAs: string | null = null) => {
    const [message] = await sql<{ id: string }[]>`
      insert into conversation_messages (workspace_id, prospect_id, direction, origin, text, message_key, at, label, marked_as)
      values (${workspaceId}, ${p[i]!}, 'inbound', 'prospect', 'text', ${`k-${i}-${when}`}, ${at(when)}, ${label}, ${markedAs})
      returning id`;
    if (markedAs) {
      await sql`
        insert into reply_marks (workspace_id, message_id, mark, original_label, marked_by, marked_at)
        values (${workspaceId}, ${message!.id}, ${markedAs}, ${label}, 'U1', ${at(when)})`;
    }
  };
  await inbound(1, "2026-11-12T15:30:00Z", "interested", "meeting_booked");
  await inbound(2, "2026-11-05T17:00:00Z", null);
  await inbound(3, "2026-11-06T07:15:00Z", "not_interested");
  await inbound(3, "2026-11-06T09:00:00Z", "interested");
  await inbound(6, "2026-11-03T13:00:00Z", "interested", "not_interested");
  // An outbound message is not a reply.
  await sql`
    insert into conversation_messages (workspace_id, prospect_id, direction, origin, text, message_key, at)
    values (${workspaceId}, ${p[4]!}, 'outbound', 'by_hand', 'hello', 'k-out', ${at("2026-11-06T10:00:00Z")})`;
  // A health brake on the account: limit signals from Wed 11 Nov, lifted Thu 12 Nov 08:00Z.
  await sql`
    insert into account_brakes (account_id, kind, reason, started_at, until, lifted_at)
    values (${accountId}, 'limit_signals', '3 limit signals', ${at("2026-11-11T10:00:00Z")},
            ${at("2026-11-18T10:00:00Z")}, ${at("2026-11-12T08:00:00Z")})`;
}
