// The label of one inbound reply. (Issue 14: the offline classifier for English, French, German
// and Spanish, and the optional LLM classifier with a fallback, replace this placeholder.)
import type { Config } from "../config.js";
import type { ReplyClassification } from "./labels.js";

export async function classifyReply(_text: string, _config: Config): Promise<ReplyClassification> {
  return { label: "other", confidence: 0, source: "offline" };
}
