// The terminal side of the demo: each campaign's Slack thread printed as it happens (new
// messages in the fake Slack's #sam-campaigns, with the virtual time they appeared), Slack
// mrkdwn turned into readable text, and a progress line that is redrawn in place on a terminal
// (or printed once per virtual day when the output is a file or a pipe).
import { DateTime } from "luxon";
import type { Sql } from "postgres";
import type { FakeSlack } from "../../test/support/fake-slack.js";
import type { Activity } from "./activity.js";

export interface Style {
  bold: (text: string) => string;
  dim: (text: string) => string;
  cyan: (text: string) => string;
  yellow: (text: string) => string;
  green: (text: string) => string;
}

export function styles(color: boolean): Style {
  const wrap = (open: number, close: number) => (text: string) =>
    color ? `\x1b[${open}m${text}\x1b[${close}m` : text;
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    cyan: wrap(36, 39),
    yellow: wrap(33, 39),
    green: wrap(32, 39),
  };
}

const EMOJI: Record<string, string> = {
  warning: "⚠️",
  white_check_mark: "✅",
  heavy_check_mark: "✔️",
  x: "❌",
  hourglass: "⏳",
  hourglass_flowing_sand: "⏳",
  speech_balloon: "💬",
  handshake: "🤝",
  wave: "👋",
  rocket: "🚀",
  tada: "🎉",
  inbox_tray: "📥",
  outbox_tray: "📤",
  no_entry: "⛔",
  no_entry_sign: "🚫",
  leftwards_arrow_with_hook: "↩️",
  arrows_counterclockwise: "🔄",
  pause_button: "⏸",
  arrow_forward: "▶️",
  calendar: "📅",
  email: "✉️",
  envelope: "✉️",
  information_source: "ℹ️",
  zzz: "💤",
  snail: "🐌",
  rotating_light: "🚨",
  bar_chart: "📊",
  link: "🔗",
  busts_in_silhouette: "👥",
  bust_in_silhouette: "👤",
  mailbox_with_mail: "📬",
  page_facing_up: "📄",
  memo: "📝",
  clipboard: "📋",
  checkered_flag: "🏁",
};

/** Slack mrkdwn → terminal text: *bold*, links, mentions and :emoji: codes. */
export function mrkdwnToText(text: string, style: Style, users: Record<string, string> = {}): string {
  return text
    .replace(/<@([UW][A-Z0-9]+)>/g, (_, id: string) => `@${users[id] ?? id}`)
    .replace(/<#[CG][A-Z0-9]+\|([^>]+)>/g, "#$1")
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, "$2")
    .replace(/<(https?:[^>]+)>/g, "$1")
    .replace(/:([a-z0-9_+-]+):/g, (all, name: string) => EMOJI[name] ?? all)
    .replace(
      /(^|[\s(“"'])\*([^*\n]+)\*(?=$|[\s).,:;!?”"'])/g,
      (_, before: string, inner: string) => `${before}${style.bold(inner)}`,
    )
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

export interface CampaignLabel {
  handle: string;
  name: string;
}

export interface Progress {
  sent: number;
  replied: number;
  failed: number;
  invitations: number;
  accepted: number;
  withdrawn: number;
  skipped: number;
}

export async function progressOf(sql: Sql): Promise<Progress> {
  const [row] = await sql<Progress[]>`
    select
      (select count(*)::int from send_queue where status = 'sent') as sent,
      (select count(*)::int from campaign_prospects where status = 'replied') as replied,
      (select count(*)::int from send_queue where status = 'failed') as failed,
      (select count(*)::int from send_queue where status = 'sent' and message_type = 'connection_request') as invitations,
      (select count(*)::int from campaign_prospects where connection_accepted_at is not null) as accepted,
      (select count(*)::int from campaign_prospects where status = 'not_accepted') as withdrawn,
      (select count(*)::int from campaign_prospects where status = 'skipped') as skipped`;
  return row!;
}

export class ThreadPrinter {
  private seenMessages = new Set<string>();
  private seenUploads = new Set<string>();
  private progressShown = "";
  private lastDay = "";
  private campaigns = new Map<string, CampaignLabel>();

  constructor(
    private readonly slack: FakeSlack,
    private readonly sql: Sql,
    private readonly write: (text: string) => void,
    private readonly style: Style,
    private readonly options: { timeZone: string; tty: boolean; users: Record<string, string> },
  ) {}

  time(at: Date): string {
    return DateTime.fromJSDate(at).setZone(this.options.timeZone).toFormat("ccc d LLL HH:mm");
  }

  /** A line of the demo's own narration (not from Slack). */
  say(text: string): void {
    this.clearProgress();
    this.write(`${text}\n`);
    this.redrawProgress();
  }

  /** Prints every Slack message and file that appeared since the last call. */
  async flush(now: Date): Promise<void> {
    const fresh = this.slack
      .messages()
      .filter((message) => !this.seenMessages.has(`${message.channel}:${message.ts}`));
    const uploads = this.slack.uploads.filter(
      (upload) => upload.completed && upload.thread_ts && !this.seenUploads.has(upload.file_id),
    );
    if (fresh.length === 0 && uploads.length === 0) return;
    await this.loadCampaigns();
    const lines: string[] = [];
    for (const message of fresh) {
      this.seenMessages.add(`${message.channel}:${message.ts}`);
      const text = mrkdwnToText(message.text ?? "", this.style, this.options.users);
      if (!message.thread_ts) {
        const label = this.campaigns.get(message.ts);
        if (!label && !message.blocks) {
          // Not a campaign's root (those have blocks): a notice of its own (an account connected).
          lines.push(`   ${this.style.cyan("#sam-campaigns")} │ ${this.style.dim(this.time(now))} │ ${text}`);
          continue;
        }
        const title = label ? `${label.handle} · ${label.name}` : text;
        lines.push("", this.style.bold(this.style.cyan(`━━ #sam-campaigns · ${title} ━━`)));
        lines.push(this.style.dim(`   ${this.time(now)}  ${text}`));
        continue;
      }
      lines.push(this.entry(message.thread_ts, now, text));
    }
    for (const upload of uploads) {
      this.seenUploads.add(upload.file_id);
      const comment = upload.initial_comment
        ? `${mrkdwnToText(upload.initial_comment, this.style, this.options.users)} `
        : "";
      lines.push(this.entry(upload.thread_ts!, now, `${comment}📎 ${upload.filename}`));
    }
    this.say(lines.join("\n"));
  }

  /** The engine's own activity (from the database), marked ┆ apart from Slack's │. */
  activity(list: Activity[]): void {
    if (list.length === 0) return;
    const s = this.style;
    const lines = list.map((item) => {
      const text =
        item.kind === "retry"
          ? s.yellow(
              `⚡ ${item.text}; the engine tries again ${item.nextTry ? this.time(item.nextTry) : "later"}`,
            )
          : item.kind === "recovered"
            ? s.green(`✔ ${item.text}`)
            : item.kind === "accepted"
              ? s.green(`🤝 ${item.text}`)
              : item.kind === "failed"
                ? s.yellow(`✘ ${item.text}`)
                : item.kind === "withdrawn"
                  ? s.yellow(`↩ ${item.text}`)
                  : s.dim(`→ ${item.text}`);
      return `   ${s.dim(item.handle.padEnd(3))} ${s.dim("┆")} ${s.dim(this.time(item.at))} ${s.dim("┆")} ${text}`;
    });
    this.say(lines.join("\n"));
  }

  private entry(threadTs: string, now: Date, text: string): string {
    const label = this.campaigns.get(threadTs);
    const tag = this.style.cyan(label?.handle.padEnd(3) ?? "   ");
    const stamp = this.style.dim(this.time(now));
    const [first, ...rest] = text.split("\n");
    const indent = " ".repeat(3 + 1 + 3 + 16 + 3);
    return [`   ${tag} │ ${stamp} │ ${first}`, ...rest.map((line) => `${indent}${line}`)].join("\n");
  }

  private async loadCampaigns(): Promise<void> {
    const rows = await this.sql<{ handle: number; name: string; slack_thread_ts: string | null }[]>`
      select handle, name, slack_thread_ts from campaigns where slack_thread_ts is not null`;
    for (const row of rows)
      this.campaigns.set(row.slack_thread_ts!, { handle: `c${row.handle}`, name: row.name });
  }

  /** The progress line: redrawn in place on a terminal, one line per virtual day otherwise. */
  async progress(now: Date, day: number, days: number): Promise<void> {
    const p = await progressOf(this.sql);
    const date = DateTime.fromJSDate(now).setZone(this.options.timeZone).toFormat("ccc d LLL HH:mm");
    const line =
      `⏱  ${date} · day ${day}/${days} · sent ${p.sent} · replied ${p.replied} · failed ${p.failed} · ` +
      `invitations ${p.invitations} (accepted ${p.accepted}, withdrawn ${p.withdrawn}) · skipped ${p.skipped}`;
    if (this.options.tty) {
      this.progressShown = line;
      this.redrawProgress();
      return;
    }
    const dayKey = date.slice(0, 10);
    if (dayKey !== this.lastDay) {
      this.lastDay = dayKey;
      this.write(`${this.style.dim(line)}\n`);
    }
  }

  /** Leaves the progress line as the last line printed. */
  endProgress(): void {
    if (this.options.tty && this.progressShown) {
      this.write("\n");
      this.progressShown = "";
    }
  }

  private clearProgress(): void {
    if (this.options.tty && this.progressShown) this.write("\r\x1b[2K");
  }

  private redrawProgress(): void {
    if (!this.options.tty || !this.progressShown) return;
    // Never wider than the terminal, or the carriage return would not reach the line's start.
    const width = Math.max(20, (process.stdout.columns || 120) - 1);
    const shown =
      this.progressShown.length > width ? `${this.progressShown.slice(0, width - 1)}…` : this.progressShown;
    this.write(`\r\x1b[2K${this.style.yellow(shown)}`);
  }
}
