// The Slack user's own time zone, the best first guess for the day an account's caps count in
// (the person who links a LinkedIn account is usually its owner).
import type { AllMiddlewareArgs } from "@slack/bolt";
import type { Logger } from "../log.js";
import { canonicalTimeZone } from "./settings.js";

export const FALLBACK_TIME_ZONE = "UTC";

export async function slackUserTimeZone(
  client: AllMiddlewareArgs["client"],
  userId: string,
  log: Logger,
): Promise<string> {
  try {
    const answer = await client.users.info({ user: userId });
    return canonicalTimeZone(answer.user?.tz ?? "") ?? FALLBACK_TIME_ZONE;
  } catch (error) {
    log.warn("users.info failed; linking with the fallback time zone", {
      error: error instanceof Error ? error.message : String(error),
    });
    return FALLBACK_TIME_ZONE;
  }
}

/** What a new link's time zone means, for the person who linked it. */
export function timeZoneNote(timeZone: string): string {
  return timeZone === FALLBACK_TIME_ZONE
    ? `Its caps count per day in ${timeZone}; change the time zone in Settings if its owner lives elsewhere.`
    : `Its caps count per day in ${timeZone} (your Slack time zone); change it in Settings if needed.`;
}
