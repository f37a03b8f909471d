// The pages a person's browser sees while installing the app into a workspace (OAuth mode): the
// Add to Slack page at /slack/install, and at /slack/oauth_redirect what happened and what to do
// next. Text from outside (the workspace's name, Slack's error code) is escaped for HTML here.

export interface Page {
  status: number;
  html: string;
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5}
a.button{display:inline-block;padding:.6rem 1.2rem;background:#4a154b;color:#fff;border-radius:6px;text-decoration:none}
code{background:#f4f4f4;padding:0 .3rem}</style></head><body>${body}</body></html>`;
}

/** GET /slack/install: what the app does and the Add to Slack link (Slack's authorize URL with the signed state). */
export function installPage(authorizeUrl: string): string {
  return page(
    "Add SAM Campaigns to Slack",
    `<h1>SAM Campaigns</h1><p>LinkedIn outreach campaigns run from Slack: create them with <code>/sam new</code>, follow each in its own thread.</p>
<p><a class="button" href="${escapeHtml(authorizeUrl)}">Add to Slack</a></p>`,
  );
}

/** After the install: the next steps in that workspace. */
export function installedPage(workspaceName: string | undefined, channel: string): Page {
  const where = workspaceName ? ` in ${escapeHtml(workspaceName)}` : "";
  const name = escapeHtml(channel);
  return {
    status: 200,
    html: page(
      "SAM Campaigns is installed",
      `<h1>SAM Campaigns is installed${where}</h1><ol>
<li>Create the channel <code>#${name}</code> if it does not exist, and invite the app to it: <code>/invite @SAM Campaigns</code> in the channel.</li>
<li>Type <code>/sam help</code> in Slack to see the commands, then <code>/sam accounts</code> to link a LinkedIn account and <code>/sam new</code> for a first campaign.</li>
</ol>`,
    ),
  };
}

/** The install did not complete: why, in words, and how to start again. */
export function installFailedPage(status: number, reason: string): Page {
  return {
    status,
    html: page(
      "SAM Campaigns was not installed",
      `<h1>SAM Campaigns was not installed</h1><p>${escapeHtml(reason)}</p><p><a href="/slack/install">Start the install again</a>.</p>`,
    ),
  };
}
