// What a launch (or its preview) says when its plan does not fit within the horizon
// (src/schedule/horizon.ts): the account's pace, how many prospects, about how long they would
// take, and what to do about it.
import type { PlanBeyondHorizonError } from "../schedule/index.js";
import type { AccountRow } from "./rules.js";

const count = (n: number, one: string, many: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

function paceOf(account: AccountRow, campaignType: "messenger" | "connector"): string {
  const messages = count(account.daily_message_cap, "message", "messages");
  if (campaignType === "messenger") return `${messages} a day`;
  const invitations = count(account.daily_invitation_cap, "invitation", "invitations");
  return `${invitations} a day and ${account.weekly_invitation_cap.toLocaleString("en-US")} a week, ${messages} a day`;
}

function duration(error: PlanBeyondHorizonError): string {
  const years = error.yearsNeeded;
  const horizonYears = error.horizonDays / 365;
  if (years === null || years <= horizonYears * 1.05) return `more than ${horizonYears === 1 ? "a year" : `${horizonYears} years`}`;
  const rounded = years < 10 ? Math.round(years * 10) / 10 : Math.round(years);
  return `about ${rounded} years`;
}

/** "at this account's pace (20 messages a day) these 100,000 prospects need about 40 years of sending" */
export function planTooLongReason(
  error: PlanBeyondHorizonError,
  context: { account: AccountRow; campaignType: "messenger" | "connector"; prospects: number; sharesAccount: boolean },
): string {
  const who = `these ${count(context.prospects, "prospect", "prospects")}${context.sharesAccount ? ", with what the account has queued already," : ""}`;
  return `at this account's pace (${paceOf(context.account, context.campaignType)}) ${who} need ${duration(error)} of sending`;
}

/** What to do, and the rule behind the refusal. */
export function planTooLongAdvice(error: PlanBeyondHorizonError): string {
  const limit = error.horizonDays === 365 ? "a year" : `${error.horizonDays} days`;
  return `A launch has to reach every prospect within ${limit}: launch a smaller list or raise the account's caps in \`/sam accounts\`.`;
}
