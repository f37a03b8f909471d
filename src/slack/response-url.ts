// Answering through a response_url: the URL Slack puts in every slash command and message
// interaction, good for 5 answers within 30 minutes. It is how an answer computed after the
// acknowledgement reaches the user, in any channel, DMs included (chat.postEphemeral would need
// the bot in the channel). The URL is a capability: it is never logged.
import type { RespondArguments } from "@slack/bolt";

export type Respond = (message: RespondArguments) => Promise<unknown>;

/** respond() for a response_url kept for later (Bolt offers it only on the interaction itself). */
export function responder(responseUrl: string): Respond {
  return async (message) => {
    const response = await fetch(responseUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`Slack refused the response_url post: HTTP ${response.status}`);
  };
}
