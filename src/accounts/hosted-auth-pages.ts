// The two pages Unipile's hosted wizard sends the user's browser to when it is done
// (success_redirect_url, failure_redirect_url). They only say what happened and where to go
// next: the account itself is linked by the notify_url callback, which Unipile calls on its
// own. Static text, nothing from the request is echoed, and nothing may frame or script them.
import type { IncomingMessage, ServerResponse } from "node:http";

const PAGES = {
  connected: {
    title: "LinkedIn account connected",
    lines: [
      "Your LinkedIn account is signed in through Unipile.",
      "You can close this tab and go back to Slack: a confirmation arrives there in a moment, and the account is listed in /sam accounts.",
    ],
  },
  failed: {
    title: "LinkedIn sign-in not completed",
    lines: [
      "The LinkedIn sign-in did not complete, so no account was connected.",
      "Go back to Slack and click Connect a LinkedIn account (or Reconnect) in /sam accounts to try again with a new link.",
    ],
  },
} as const;

export function hostedAuthPage(page: keyof typeof PAGES) {
  const { title, lines } = PAGES[page];
  const html = [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title} · SAM Campaigns</title>`,
    "<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5}</style>",
    `</head><body><h1>${title}</h1>`,
    ...lines.map((line) => `<p>${line}</p>`),
    "</body></html>",
  ].join("\n");
  return (_req: IncomingMessage, res: ServerResponse): void => {
    res.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      "referrer-policy": "no-referrer",
      "cache-control": "no-store",
    });
    res.end(html);
  };
}
