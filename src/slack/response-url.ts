// Answering through a response_url: the URL Slack puts in every slash command and message
// interaction, good for 5 answers within 30 minutes. It is how an answer computed after the
// acknowledgement reaches the user, in any channel, DMs included (chat.postEphemeral would need
// the bot in the channel). The URL is a capability: it is never logged.
import type { RespondArguments } from "@slack/bolt";
import { request } from "undici";

export type Respond = (message: RespondArguments) => Promise<unknown>;

/** respond() for a response_url kept for later (Bolt offers it only on the interaction itself). */
export function responder(responseUrl: string): Respond {
  return async (message) => {
    // undici's request rather than fetch: a burst of answers is posted from the event loop that
    // acknowledges Slack, and fetch's Request, Response and streams cost it more CPU per post.
    const response = await request(responseUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(message),
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
    await response.body.dump();
    if (response.statusCode < 200 || response.statusCode > 299) {
      throw new Error(`Slack refused the response_url post: HTTP ${response.statusCode}`);
    }
  };
}
