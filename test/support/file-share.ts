// The `message` event (subtype file_share) Slack sends when someone drops a file in a thread,
// with the fields Bolt and our listener read: the channel (and its type, "group" for a private
// channel's message.groups), the thread and the file.
import { DEFAULT_CHANNEL_ID, DEFAULT_USER_ID } from "./fake-slack.js";

export interface FileShareOptions {
  threadTs: string | null;
  file: { id: string; name: string; filetype?: string };
  /** The message's own ts, unique per drop. */
  ts: string;
  channel?: string;
  channelType?: "channel" | "group";
  user?: string;
}

export function fileShareEvent(options: FileShareOptions) {
  return {
    type: "message",
    subtype: "file_share",
    channel: options.channel ?? DEFAULT_CHANNEL_ID,
    channel_type: options.channelType ?? "channel",
    user: options.user ?? DEFAULT_USER_ID,
    text: "",
    ts: options.ts,
    thread_ts: options.threadTs,
    files: [{ id: options.file.id, name: options.file.name, filetype: options.file.filetype ?? "csv" }],
  };
}
