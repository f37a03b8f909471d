// The sandbox's stand-in for Unipile's hosted wizard page (account.unipile.com/…): what the user's
// browser opens from a hosted-auth link. GET shows a form that pretends to log in to LinkedIn
// (any login; nothing is checked) with a second button to make the sign-in fail; POST finishes
// it (hosted-auth.ts) and answers 303 to the link's success or failure URL. No API key: a
// browser opens it, and the link's token is the only credential, as with Unipile.
import type { IncomingMessage, ServerResponse } from "node:http";
import { type HostedAuth, type HostedLink, WIZARD_PATH } from "./hosted-auth.js";

const MAX_FORM_BYTES = 16_384;

export function servesWizard(req: IncomingMessage): boolean {
  return (req.url ?? "").startsWith(WIZARD_PATH);
}

export async function serveWizard(hosted: HostedAuth, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const token = new URL(req.url ?? "/", "http://sandbox").pathname.slice(WIZARD_PATH.length);
  if (req.method === "GET") {
    const link = hosted.link(token);
    const refusal = hosted.unusable(link);
    if (refusal || !link) return page(res, refusal?.status ?? 404, "Unipile sandbox", refusal?.message ?? "Unknown link.");
    return form(res, hosted, link);
  }
  if (req.method !== "POST") return page(res, 405, "Unipile sandbox", "Use GET or POST.");
  const fields = new URLSearchParams((await readForm(req)) ?? "");
  const result = await hosted.finish(token, { outcome: fields.get("outcome") ?? "", login: fields.get("login") ?? "" });
  if (result.kind === "redirect") {
    res.writeHead(303, { location: result.location, "cache-control": "no-store" });
    res.end();
    return;
  }
  page(res, result.status, "Unipile sandbox", result.message);
}

function form(res: ServerResponse, hosted: HostedAuth, link: HostedLink): void {
  const target = hosted.reconnectTarget(link);
  const heading = target ? `Reconnect ${escapeHtml(target.name)}` : "Connect a LinkedIn account";
  const login = target
    ? `<p>Signing in again as <b>${escapeHtml(target.publicIdentifier)}</b>.</p>`
    : '<p><label>LinkedIn e-mail or public profile id<br><input name="login" autocomplete="username" required></label></p>' +
      '<p><label>Password (not checked)<br><input name="password" type="password" autocomplete="current-password"></label></p>';
  const body =
    `<form method="post">${login}` +
    '<p><button name="outcome" value="success">Sign in</button> ' +
    '<button name="outcome" value="failure" formnovalidate>Make the sign-in fail</button></p></form>';
  page(res, 200, heading, "This is the Unipile sandbox: no real LinkedIn account is touched.", body);
}

function page(res: ServerResponse, status: number, title: string, message: string, extra = ""): void {
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>` +
    `<body><h1>${title}</h1><p>${escapeHtml(message)}</p>${extra}</body></html>`;
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(html);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function readForm(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_FORM_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve(size <= MAX_FORM_BYTES ? Buffer.concat(chunks).toString("utf8") : null));
    req.on("error", () => resolve(null));
  });
}
