// The label of one inbound reply. Offline by default (four languages, no network, no key). With
// ANTHROPIC_API_KEY set, Claude classifies, and the offline classifier answers instead on any
// error (timeout, HTTP error, refusal, malformed answer): a reply is never left unlabelled.
// Safety first: when the offline classifier hears "stop"/"remove me", that is the answer and
// the LLM is not asked (an LLM that misses it must not undo it). Never throws.
import type { Config } from "../config.js";
import { log } from "../log.js";
import type { ReplyClassification } from "./labels.js";
import { classifyWithLlm } from "./llm.js";
import { classifyOffline } from "./offline.js";

const classifyLog = log.child({ module: "classify" });

export async function classifyReply(text: string, config: Config): Promise<ReplyClassification> {
  const offline = safeOffline(text);
  if (!config.ANTHROPIC_API_KEY || offline.label === "unsubscribe") return offline;
  try {
    return await classifyWithLlm(text, config);
  } catch (error) {
    classifyLog.warn("LLM classification failed; the offline classifier answered", {
      error: describe(error),
      label: offline.label,
    });
    return offline;
  }
}

function safeOffline(text: string): ReplyClassification {
  try {
    return classifyOffline(typeof text === "string" ? text : "");
  } catch {
    return { label: "other", confidence: 0, source: "offline" };
  }
}

/** What went wrong, without the request: the error's class, HTTP status and message (secrets masked by the logger). */
function describe(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const status = (error as { status?: unknown }).status;
  return { name: error.constructor.name, ...(typeof status === "number" ? { status } : {}), message: error.message };
}
