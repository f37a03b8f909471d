// How much text a `/sam` subcommand accepts after its name. Every argument is a campaign
// reference (a handle like c12, or a name of at most 80 characters), or two of them around
// " from "; anything longer is a mistake, and would only make the lookup work harder.
import { MAX_NAME_LENGTH } from "../campaigns/campaign-form.js";

export const MAX_ARGUMENT_CHARS = 200;
export const MAX_DNC_ARGUMENT_CHARS = 1000;
/** `/sam webhooks add <url> [events…]`: a URL of up to 2,000 characters and the event names. */
export const MAX_WEBHOOKS_ARGUMENT_CHARS = 2500;
/** A subcommand name longer than this is not echoed in full. */
const MAX_ECHOED_NAME = 30;

/** The answer for an argument over the limit, naming the command and the limit; null when it fits. */
export function argumentTooLong(subcommand: string, rest: string): string | null {
  // `/sam dnc add <url>`: a LinkedIn URL with its tracking parameters runs longer than a name.
  if (subcommand === "dnc") {
    if (rest.length <= MAX_DNC_ARGUMENT_CHARS) return null;
    return (
      `\`/sam dnc\` takes at most ${MAX_DNC_ARGUMENT_CHARS} characters after its name ` +
      `(a LinkedIn URL or a company name); this one has ${rest.length.toLocaleString("en-US")}. Nothing was done.`
    );
  }
  if (subcommand === "webhooks") {
    if (rest.length <= MAX_WEBHOOKS_ARGUMENT_CHARS) return null;
    return `\`/sam webhooks\` takes at most ${MAX_WEBHOOKS_ARGUMENT_CHARS} characters after its name; this one has ${rest.length.toLocaleString("en-US")}. Nothing was done.`;
  }
  if (rest.length <= MAX_ARGUMENT_CHARS) return null;
  return (
    `\`/sam ${subcommand}\` takes at most ${MAX_ARGUMENT_CHARS} characters after its name ` +
    `(a campaign handle like c12, or a name of up to ${MAX_NAME_LENGTH} characters); ` +
    `this one has ${rest.length.toLocaleString("en-US")}. Nothing was done.`
  );
}

/** A subcommand name as it can be echoed back: short, and free of Slack formatting. */
export function echoedName(name: string): string {
  const plain = name.replace(/[`\0]/g, "");
  return plain.length > MAX_ECHOED_NAME ? `${plain.slice(0, MAX_ECHOED_NAME)}…` : plain;
}
