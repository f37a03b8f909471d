// Downloading a file someone shared with the app (a CSV of prospects). The bot token goes only
// to Slack's own file URL; an HTML answer means Slack sent its sign-in page instead of the file.
import type { WebClient } from "@slack/web-api";
import { request } from "undici";

export class SlackFileRefusal extends Error {}

export interface SlackFileInfo {
  id: string;
  name: string;
  size: number;
  mimetype: string;
  filetype: string;
  url: string;
}

/** Slack's answers that no retry will change: the file is gone or not ours to read. */
const GONE: Record<string, string> = {
  file_not_found: "Slack cannot find that file (it may have been deleted). Upload it again.",
  file_deleted: "That file was deleted from Slack. Upload it again.",
  access_denied: "The app may not read that file. Share it in the campaign's thread, or upload it again.",
};

export async function slackFileInfo(slack: WebClient, fileId: string): Promise<SlackFileInfo> {
  const { file } = await slack.files.info({ file: fileId }).catch((error: { data?: { error?: string } }) => {
    const gone = GONE[error.data?.error ?? ""];
    throw gone ? new SlackFileRefusal(gone) : error;
  });
  const url = file?.url_private_download ?? file?.url_private;
  if (!file || !url) throw new SlackFileRefusal("Slack did not give a download link for that file.");
  return {
    id: fileId,
    name: file.name ?? fileId,
    size: file.size ?? 0,
    mimetype: file.mimetype ?? "",
    filetype: file.filetype ?? "",
    url,
  };
}

/** The file's bytes as a stream; `firstBytes` asks for only the start (for a quick header read). */
export async function downloadSlackFile(
  token: string,
  info: SlackFileInfo,
  options: { firstBytes?: number; timeoutMs?: number } = {},
): Promise<AsyncIterable<Buffer>> {
  const response = await request(info.url, {
    headers: {
      authorization: `Bearer ${token}`,
      ...(options.firstBytes ? { range: `bytes=0-${options.firstBytes - 1}` } : {}),
    },
    headersTimeout: options.timeoutMs ?? 30_000,
    bodyTimeout: options.timeoutMs ?? 60_000,
  });
  const type = String(response.headers["content-type"] ?? "");
  if (response.statusCode >= 400) {
    await response.body.dump();
    throw new SlackFileRefusal(`Slack answered ${response.statusCode} when downloading ${info.name}.`);
  }
  if (type.startsWith("text/html")) {
    await response.body.dump();
    throw new SlackFileRefusal(
      `Slack sent a sign-in page instead of ${info.name}: the app needs the files:read scope (reinstall it from manifest.yml).`,
    );
  }
  return response.body as AsyncIterable<Buffer>;
}
