// Applies SLACK_RULES to what the app sends: messages (chat.*, response_url, a command's ack),
// views (views.*, response_action) and response_action answers. A refusal carries Slack's error
// code and Slack's message format: "[ERROR] … [json-pointer:/blocks/3/text/text]".
import { type RuleId, SLACK_RULES } from "./slack-rules.js";

export interface Problem {
  rule: RuleId;
  pointer: string;
  message: string;
}

export interface Refusal {
  /** Slack's error code: invalid_blocks (messages), invalid_arguments (views), msg_too_long. */
  error: string;
  problems: Problem[];
  /** response_metadata.messages as Slack writes them. */
  messages: string[];
}

type Json = Record<string, unknown>;

const BLOCK_TYPES = new Set(["section", "header", "context", "actions", "divider", "input", "image", "rich_text", "markdown", "file", "video"]);
const ELEMENT_TYPES = new Set([
  "button", "static_select", "external_select", "users_select", "conversations_select", "channels_select",
  "multi_static_select", "multi_users_select", "multi_conversations_select", "multi_channels_select", "multi_external_select",
  "overflow", "radio_buttons", "checkboxes", "plain_text_input", "number_input", "email_text_input", "url_text_input",
  "datepicker", "timepicker", "datetimepicker", "file_input", "image", "rich_text_input",
]);

const isObject = (value: unknown): value is Json => value !== null && typeof value === "object" && !Array.isArray(value);

/** Slack counts characters as UTF-16 code units do not: an emoji is one character to Slack, two here; close enough and never lenient. */
const length = (value: string) => [...value].length;

class Walker {
  readonly problems: Problem[] = [];
  private blockIds = new Set<string>();
  private actionIds = new Set<string>();

  add(rule: RuleId, pointer: string, text: string): void {
    this.problems.push({ rule, pointer, message: `[ERROR] ${text} [json-pointer:${pointer}]` });
  }

  max(rule: RuleId, pointer: string, value: string | undefined): void {
    const limit = SLACK_RULES[rule] as { max?: number };
    if (value !== undefined && limit.max !== undefined && length(value) > limit.max) {
      this.add(rule, pointer, `must be less than ${limit.max + 1} characters`);
    }
  }

  count(rule: RuleId, pointer: string, list: unknown): void {
    const limit = SLACK_RULES[rule] as { max?: number };
    if (Array.isArray(list) && limit.max !== undefined && list.length > limit.max) {
      this.add(rule, pointer, `must provide no more than ${limit.max} items`);
    }
  }

  /** A text object; `plainOnly` where Slack accepts plain_text only; `rule` is the field's own length rule. */
  text(pointer: string, value: unknown, options: { plainOnly?: boolean; rule?: RuleId } = {}): void {
    if (!isObject(value)) {
      this.add("plainTextOnly", pointer, "must be a text object");
      return;
    }
    if (value.type !== "plain_text" && value.type !== "mrkdwn") this.add("plainTextOnly", `${pointer}/type`, "must be plain_text or mrkdwn");
    if (options.plainOnly && value.type !== "plain_text") this.add("plainTextOnly", `${pointer}/type`, "must be plain_text");
    if (typeof value.text !== "string" || value.text.length === 0) {
      this.add("textNotEmpty", `${pointer}/text`, "must be more than 0 characters");
      return;
    }
    this.max("textObjectLength", `${pointer}/text`, value.text);
    if (options.rule) this.max(options.rule, `${pointer}/text`, value.text);
  }

  blocks(pointer: string, blocks: unknown, rule: "messageBlocks" | "viewBlocks"): void {
    if (!Array.isArray(blocks)) {
      this.add("unknownType", pointer, "must be an array");
      return;
    }
    this.count(rule, pointer, blocks);
    blocks.forEach((block, i) => {
      this.block(`${pointer}/${i}`, block);
    });
  }

  private block(pointer: string, block: unknown): void {
    if (!isObject(block) || typeof block.type !== "string" || !BLOCK_TYPES.has(block.type)) {
      this.add("unknownType", `${pointer}/type`, "unsupported block type");
      return;
    }
    // action_id is unique within its block (Slack's rule), block_id within the message or view.
    this.actionIds = new Set<string>();
    if (block.block_id !== undefined) {
      const id = String(block.block_id);
      this.max("blockId", `${pointer}/block_id`, id);
      if (this.blockIds.has(id)) this.add("blockIdUnique", `${pointer}/block_id`, `duplicate block_id "${id}"`);
      this.blockIds.add(id);
    }
    switch (block.type) {
      case "section":
        if (block.text === undefined && block.fields === undefined) this.add("sectionNeedsText", pointer, "must provide text or fields");
        if (block.text !== undefined) this.text(`${pointer}/text`, block.text, { rule: "sectionText" });
        if (block.fields !== undefined) {
          this.count("sectionFields", `${pointer}/fields`, block.fields);
          (Array.isArray(block.fields) ? block.fields : []).forEach((field, i) => {
            this.text(`${pointer}/fields/${i}`, field, { rule: "sectionFieldText" });
          });
        }
        if (block.accessory !== undefined) this.element(`${pointer}/accessory`, block.accessory);
        return;
      case "header":
        this.text(`${pointer}/text`, block.text, { plainOnly: true, rule: "headerText" });
        return;
      case "context": {
        this.count("contextElements", `${pointer}/elements`, block.elements);
        const elements = Array.isArray(block.elements) ? block.elements : [];
        elements.forEach((element, i) => {
          if (!(isObject(element) && element.type === "image")) this.text(`${pointer}/elements/${i}`, element);
        });
        return;
      }
      case "actions": {
        this.count("actionsElements", `${pointer}/elements`, block.elements);
        const elements = Array.isArray(block.elements) ? block.elements : [];
        elements.forEach((element, i) => {
      this.element(`${pointer}/elements/${i}`, element);
    });
        return;
      }
      case "input":
        this.text(`${pointer}/label`, block.label, { plainOnly: true, rule: "inputLabel" });
        if (block.hint !== undefined) this.text(`${pointer}/hint`, block.hint, { plainOnly: true, rule: "inputHint" });
        if (block.element === undefined) this.add("inputElement", `${pointer}/element`, "missing required field: element");
        else this.element(`${pointer}/element`, block.element);
        return;
      default:
        return;
    }
  }

  private element(pointer: string, element: unknown): void {
    if (!isObject(element) || typeof element.type !== "string" || !ELEMENT_TYPES.has(element.type)) {
      this.add("unknownType", `${pointer}/type`, "unsupported element type");
      return;
    }
    if (element.action_id !== undefined) {
      const id = String(element.action_id);
      this.max("actionId", `${pointer}/action_id`, id);
      if (this.actionIds.has(id)) this.add("actionIdUnique", `${pointer}/action_id`, `duplicate action_id "${id}" in this block`);
      this.actionIds.add(id);
    }
    if (element.placeholder !== undefined) {
      this.text(`${pointer}/placeholder`, element.placeholder, { plainOnly: true, rule: "placeholder" });
    }
    switch (element.type) {
      case "button":
        this.text(`${pointer}/text`, element.text, { plainOnly: true, rule: "buttonText" });
        if (element.value !== undefined) this.max("buttonValue", `${pointer}/value`, String(element.value));
        if (element.url !== undefined) this.max("buttonUrl", `${pointer}/url`, String(element.url));
        return;
      case "static_select":
      case "multi_static_select":
      case "overflow":
        this.options(pointer, element, "selectOptions", true);
        return;
      case "radio_buttons":
        this.options(pointer, element, "radioOptions", false);
        return;
      case "checkboxes":
        this.options(pointer, element, "checkboxOptions", false);
        return;
      case "plain_text_input":
        if (typeof element.max_length === "number" && element.max_length > (SLACK_RULES.textInputMaxLength.max ?? 0)) {
          this.add("textInputMaxLength", `${pointer}/max_length`, `must be no more than ${SLACK_RULES.textInputMaxLength.max}`);
        }
        return;
      default:
        return;
    }
  }

  private options(pointer: string, element: Json, rule: RuleId, plainOnly: boolean): void {
    this.count(rule, `${pointer}/options`, element.options);
    const options = Array.isArray(element.options) ? element.options : [];
    options.forEach((option, i) => {
      this.option(`${pointer}/options/${i}`, option, plainOnly);
    });
    const listed = new Set(options.map((option) => JSON.stringify(isObject(option) ? option.value : option)));
    const initial = [
      ...(element.initial_option !== undefined ? [["initial_option", element.initial_option] as const] : []),
      ...(Array.isArray(element.initial_options)
        ? element.initial_options.map((option, i) => [`initial_options/${i}`, option] as const)
        : []),
    ];
    for (const [key, option] of initial) {
      this.option(`${pointer}/${key}`, option, plainOnly);
      if (!listed.has(JSON.stringify(isObject(option) ? option.value : option))) {
        this.add("initialOptionListed", `${pointer}/${key}`, "must match one of the provided options");
      }
    }
  }

  private option(pointer: string, option: unknown, plainOnly: boolean): void {
    if (!isObject(option)) {
      this.add("unknownType", pointer, "must be an option object");
      return;
    }
    this.text(`${pointer}/text`, option.text, { plainOnly, rule: "optionText" });
    if (typeof option.value !== "string" || option.value === "") this.add("textNotEmpty", `${pointer}/value`, "must be more than 0 characters");
    else this.max("optionValue", `${pointer}/value`, option.value);
    if (option.description !== undefined) {
      this.text(`${pointer}/description`, option.description, { plainOnly: true, rule: "optionDescription" });
    }
  }

  /** Block ids of input blocks, for checking response_action errors. */
  static inputBlockIds(blocks: unknown): Set<string> {
    const ids = new Set<string>();
    for (const block of Array.isArray(blocks) ? blocks : []) {
      if (isObject(block) && block.type === "input" && typeof block.block_id === "string") ids.add(block.block_id);
    }
    return ids;
  }
}

function refusal(error: string, problems: Problem[]): Refusal | undefined {
  return problems.length === 0 ? undefined : { error, problems, messages: problems.map((p) => p.message) };
}

/**
 * A message as chat.postMessage, chat.update, chat.postEphemeral, a response_url or a command's
 * ack receive it. `editing` (chat.update) allows leaving text out: the message keeps its own.
 */
export function checkMessage(args: Json, options: { editing?: boolean } = {}): Refusal | undefined {
  const text = typeof args.text === "string" ? args.text : undefined;
  if (text !== undefined && length(text) > (SLACK_RULES.messageText.max ?? 0)) {
    const walker = new Walker();
    walker.add("messageText", "/text", `must be less than ${(SLACK_RULES.messageText.max ?? 0) + 1} characters`);
    return refusal("msg_too_long", walker.problems);
  }
  if (args.blocks === undefined) return undefined;
  const walker = new Walker();
  walker.blocks("/blocks", args.blocks, "messageBlocks");
  const blocks = Array.isArray(args.blocks) ? args.blocks : [];
  if (blocks.length > 0 && (text === undefined || text.trim() === "") && !options.editing) {
    walker.add("textFallback", "/text", "missing required field: text (the fallback when blocks are sent)");
  }
  return refusal("invalid_blocks", walker.problems);
}

/** A view as views.open/push/update/publish or a response_action "update"/"push" receive it. */
export function checkView(view: unknown, pointer = "/view"): Refusal | undefined {
  const walker = new Walker();
  if (!isObject(view) || (view.type !== "modal" && view.type !== "home")) {
    walker.add("unknownType", `${pointer}/type`, "must be modal or home");
    return refusal("invalid_arguments", walker.problems);
  }
  if (view.type === "modal") {
    walker.text(`${pointer}/title`, view.title, { plainOnly: true, rule: "viewTitle" });
    if (view.submit !== undefined && view.submit !== null) {
      walker.text(`${pointer}/submit`, view.submit, { plainOnly: true, rule: "viewSubmit" });
    } else if (Array.isArray(view.blocks) && view.blocks.some((block) => isObject(block) && block.type === "input")) {
      walker.add("viewSubmitWithInputs", `${pointer}/submit`, "missing required field: submit (the view has input blocks)");
    }
    if (view.close !== undefined && view.close !== null) walker.text(`${pointer}/close`, view.close, { plainOnly: true, rule: "viewClose" });
  }
  if (view.private_metadata !== undefined) walker.max("privateMetadata", `${pointer}/private_metadata`, String(view.private_metadata));
  if (view.callback_id !== undefined) walker.max("callbackId", `${pointer}/callback_id`, String(view.callback_id));
  walker.blocks(`${pointer}/blocks`, view.blocks, "viewBlocks");
  return refusal("invalid_arguments", walker.problems);
}

/** The app's answer to a view_submission, checked against the view that was submitted. */
export function checkResponseAction(answer: unknown, submitted: { blocks?: unknown }): Refusal | undefined {
  if (!isObject(answer) || answer.response_action === undefined) return undefined;
  switch (answer.response_action) {
    case "errors": {
      const walker = new Walker();
      const inputs = Walker.inputBlockIds(submitted.blocks);
      const errors = isObject(answer.errors) ? answer.errors : {};
      if (Object.keys(errors).length === 0) walker.add("errorsKeyedByBlock", "/errors", "must name at least one block");
      for (const [blockId, message] of Object.entries(errors)) {
        if (!inputs.has(blockId)) walker.add("errorsKeyedByBlock", `/errors/${blockId}`, `no input block with block_id "${blockId}" in the view`);
        if (typeof message !== "string" || message === "") walker.add("textNotEmpty", `/errors/${blockId}`, "must be more than 0 characters");
      }
      return refusal("invalid_arguments", walker.problems);
    }
    case "update":
    case "push":
      return checkView(answer.view, "/view");
    case "clear":
      return undefined;
    default: {
      const walker = new Walker();
      walker.add("unknownType", "/response_action", "must be errors, update, push or clear");
      return refusal("invalid_arguments", walker.problems);
    }
  }
}
