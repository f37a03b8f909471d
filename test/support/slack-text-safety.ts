// What a test can ask of everything the app sent to Slack: that no outside text slipped into
// mrkdwn unescaped (a mention, a special mention, a disguised link, an entity of its own) and that
// no text exceeds the limit Slack enforces for its field. Reads the fake Slack's recorded calls
// (chat.*, views.*, files.*, response_url posts) and any command acks a test collected, so it
// checks what Slack would have received, not what the code meant to send.
import type { FakeSlack } from "./fake-slack.js";

/** One payload as Slack received it, and where it came from (for the failure message). */
export interface SentPayload {
  where: string;
  /** "message": top-level `text` is mrkdwn (chat.*, response_url, command acks); "view": a modal or Home. */
  kind: "message" | "view" | "file";
  body: Record<string, unknown>;
}

// Slack's limits, each with its source. Block Kit reference: https://docs.slack.dev/reference/block-kit
// (blocks/*, block-elements/*, composition-objects/*); @slack/types JSDoc (node_modules/@slack/types/dist).
const LIMITS = {
  messageText: 40_000, // chat.postMessage: "The text field is truncated at 40,000 characters" (msg_too_long) — docs.slack.dev/reference/methods/chat.postMessage
  messageBlocks: 50, // "Up to 50 blocks in each message" — docs.slack.dev/reference/block-kit/blocks
  viewBlocks: 100, // "up to 100 blocks in modals or Home tabs" — docs.slack.dev/reference/block-kit/blocks
  headerText: 150, // header block: "Maximum length for the text in this field is 150 characters" — @slack/types HeaderBlock
  sectionText: 3_000, // section block text: "Minimum length 1, maximum 3000" — @slack/types SectionBlock
  sectionFields: 10, // section fields: "Maximum number of items is 10" — @slack/types SectionBlock
  sectionField: 2_000, // "Maximum length for the text in each item is 2000 characters" — @slack/types SectionBlock
  contextElements: 10, // context block: "Maximum number of items is 10" — @slack/types ContextBlock
  buttonText: 75, // button text: "Maximum length for the text in this field is 75 characters" — @slack/types Button
  buttonValue: 2_000, // button value: "Maximum length ... 2000 characters" — @slack/types Button
  optionText: 75, // option text: "Maximum length for the text in this field is 75 characters" — @slack/types Option
  optionDescription: 75, // option description: "Maximum length ... 75 characters" — @slack/types Option
  optionValue: 150, // option value: "Maximum length ... 150 characters" — @slack/types Option
  selectOptions: 100, // static_select options: "Maximum number of options is 100" — @slack/types StaticSelect
  choiceOptions: 10, // radio_buttons / checkboxes: "maximum of 10 options" — @slack/types RadioButtons, Checkboxes
  inputLabel: 2_000, // input block label: "Maximum length ... 2000 characters" — @slack/types InputBlock
  inputHint: 2_000, // input block hint: "Maximum length ... 2000 characters" — @slack/types InputBlock
  placeholder: 150, // placeholder: "Maximum length ... 150 characters" — @slack/types Placeholderable
  viewTitle: 24, // modal title/submit/close: "Max length of 24 characters" — docs.slack.dev/reference/views/modal-views
  privateMetadata: 3_000, // "Max length of 3000 characters" — docs.slack.dev/reference/views/modal-views
  id: 255, // action_id / block_id: "Maximum length ... 255 characters" — @slack/types Actionable, Block
  confirmTitle: 100, // confirmation dialog title: "Maximum length ... 100 characters" — @slack/types Confirmation
  confirmText: 300, // confirmation dialog text: "Maximum length ... 300 characters" — @slack/types Confirmation
  confirmButton: 30, // confirm / deny: "Maximum length ... 30 characters" — @slack/types Confirmation
} as const;

/** Everything the fake Slack received that carries text, plus command acks (their HTTP answers). */
export function sentToSlack(fake: FakeSlack, acks: Array<{ where: string; json?: unknown }> = []): SentPayload[] {
  const sent: SentPayload[] = [];
  for (const call of fake.calls) {
    const args = call.args;
    if (call.method === "response_url") {
      const body = args.body;
      if (body && typeof body === "object") sent.push({ where: "response_url", kind: "message", body: body as Record<string, unknown> });
    } else if (call.method.startsWith("chat.")) {
      sent.push({ where: call.method, kind: "message", body: args });
    } else if (call.method.startsWith("views.")) {
      const view = args.view;
      if (view && typeof view === "object") sent.push({ where: call.method, kind: "view", body: view as Record<string, unknown> });
    } else if (call.method.startsWith("files.")) {
      sent.push({ where: call.method, kind: "file", body: args });
    }
  }
  for (const ack of acks) {
    if (ack.json && typeof ack.json === "object") sent.push({ where: ack.where, kind: "message", body: ack.json as Record<string, unknown> });
  }
  return sent;
}

const length = (text: string) => [...text].length;

/**
 * Problems in mrkdwn: a `<` that opens anything but a mention of one of `ourMentions` (the only
 * control sequence the app writes itself), an `&` that is not one of Slack's three entities, a
 * bare special mention. Outside text escaped by escapeMrkdwn never yields any of these.
 */
function mrkdwnProblems(text: string, ourMentions: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const match of text.matchAll(/<([^>]*)>?/g)) {
    const inner = match[1] ?? "";
    const mention = /^@([A-Z0-9]+)$/.exec(inner);
    if (!mention || !ourMentions.has(mention[1]!)) problems.push(`unescaped control sequence ${JSON.stringify(match[0].slice(0, 40))}`);
  }
  for (const match of text.matchAll(/&(?!amp;|lt;|gt;)/g)) {
    problems.push(`unescaped "&" at ${JSON.stringify(text.slice(match.index, match.index + 12))}`);
  }
  // An escaped `&amp;` typed by the user reads `&amp;amp;`; the raw one would render as "&".
  if (text.includes("R&amp;D")) problems.push('outside "&amp;" sent unescaped');
  for (const match of text.matchAll(/@(channel|here|everyone)\b/gi)) problems.push(`bare special mention ${match[0]}`);
  return problems;
}

/**
 * plain_text is shown as it is: `&lt;`, `&gt;` or `&amp;amp;` there is mrkdwn escaping the user
 * would see (outside text may hold a literal `&amp;`, so that one alone is no sign).
 */
function plainProblems(text: string): string[] {
  return /&(lt|gt|amp;amp);/.test(text) ? [`escaped for mrkdwn in plain_text ${JSON.stringify(text.slice(0, 40))}`] : [];
}

class Checker {
  readonly problems: string[] = [];
  constructor(private readonly ourMentions: ReadonlySet<string>) {}

  private report(path: string, problem: string) {
    this.problems.push(`${path}: ${problem}`);
  }

  limit(path: string, value: unknown, max: number) {
    if (typeof value === "string" && length(value) > max) this.report(path, `${length(value)} characters, over Slack's ${max}`);
  }

  count(path: string, value: unknown, max: number) {
    if (Array.isArray(value) && value.length > max) this.report(path, `${value.length} items, over Slack's ${max}`);
  }

  mrkdwn(path: string, text: unknown) {
    if (typeof text === "string") for (const problem of mrkdwnProblems(text, this.ourMentions)) this.report(path, problem);
  }

  /** A text object of either type, within `max` characters. */
  textObject(path: string, value: unknown, max: number) {
    if (!value || typeof value !== "object") return;
    const object = value as { type?: string; text?: unknown };
    this.limit(`${path}.text`, object.text, max);
    if (object.type === "mrkdwn") this.mrkdwn(`${path}.text`, object.text);
    else if (typeof object.text === "string") for (const problem of plainProblems(object.text)) this.report(`${path}.text`, problem);
  }

  /** Any object in a block tree: the fields Slack limits, wherever they occur. */
  walk(path: string, value: unknown): void {
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        this.walk(`${path}[${i}]`, item);
      });
      return;
    }
    if (!value || typeof value !== "object") return;
    const node = value as Record<string, unknown>;
    this.limit(`${path}.block_id`, node.block_id, LIMITS.id);
    this.limit(`${path}.action_id`, node.action_id, LIMITS.id);
    switch (node.type) {
      case "header":
        this.textObject(`${path}.text`, node.text, LIMITS.headerText);
        break;
      case "section":
        this.textObject(`${path}.text`, node.text, LIMITS.sectionText);
        this.count(`${path}.fields`, node.fields, LIMITS.sectionFields);
        if (Array.isArray(node.fields)) {
          node.fields.forEach((field, i) => {
            this.textObject(`${path}.fields[${i}]`, field, LIMITS.sectionField);
          });
        }
        if (node.accessory) this.walk(`${path}.accessory`, node.accessory);
        return;
      case "context":
        this.count(`${path}.elements`, node.elements, LIMITS.contextElements);
        if (Array.isArray(node.elements)) {
          node.elements.forEach((element, i) => {
            this.textObject(`${path}.elements[${i}]`, element, LIMITS.sectionText);
          });
        }
        return;
      case "button":
        this.textObject(`${path}.text`, node.text, LIMITS.buttonText);
        this.limit(`${path}.value`, node.value, LIMITS.buttonValue);
        break;
      case "input":
        this.textObject(`${path}.label`, node.label, LIMITS.inputLabel);
        this.textObject(`${path}.hint`, node.hint, LIMITS.inputHint);
        break;
      case "static_select":
      case "multi_static_select":
        this.count(`${path}.options`, node.options, LIMITS.selectOptions);
        break;
      case "radio_buttons":
      case "checkboxes":
        this.count(`${path}.options`, node.options, LIMITS.choiceOptions);
        break;
      case "mrkdwn":
      case "plain_text":
        this.textObject(path, node, LIMITS.sectionText);
        return;
    }
    if (node.placeholder) this.textObject(`${path}.placeholder`, node.placeholder, LIMITS.placeholder);
    if (node.confirm && typeof node.confirm === "object") {
      const confirm = node.confirm as Record<string, unknown>;
      this.textObject(`${path}.confirm.title`, confirm.title, LIMITS.confirmTitle);
      this.textObject(`${path}.confirm.text`, confirm.text, LIMITS.confirmText);
      this.textObject(`${path}.confirm.confirm`, confirm.confirm, LIMITS.confirmButton);
      this.textObject(`${path}.confirm.deny`, confirm.deny, LIMITS.confirmButton);
    }
    for (const key of ["options", "initial_options"]) {
      const options = node[key];
      if (!Array.isArray(options)) continue;
      options.forEach((option: Record<string, unknown>, i) => {
        this.textObject(`${path}.${key}[${i}].text`, option.text, LIMITS.optionText);
        this.textObject(`${path}.${key}[${i}].description`, option.description, LIMITS.optionDescription);
        this.limit(`${path}.${key}[${i}].value`, option.value, LIMITS.optionValue);
      });
    }
    if (node.initial_option) this.walk(`${path}.initial_option`, { options: [node.initial_option] });
    for (const key of ["element", "elements", "accessory"]) if (node[key]) this.walk(`${path}.${key}`, node[key]);
  }
}

/**
 * Every problem found in what was sent, as "where.path: problem" lines; empty when all is well.
 * `ourMentions`: user ids the app itself may mention (`<@U…>` of the person who acted).
 */
export function unsafeSlackText(sent: SentPayload[], ourMentions: Iterable<string> = []): string[] {
  const checker = new Checker(new Set(ourMentions));
  sent.forEach((payload, n) => {
    const at = `#${n} ${payload.where}`;
    const body = payload.body;
    if (payload.kind === "message") {
      checker.limit(`${at}.text`, body.text, LIMITS.messageText);
      checker.mrkdwn(`${at}.text`, body.text);
      checker.count(`${at}.blocks`, body.blocks, LIMITS.messageBlocks);
      checker.walk(`${at}.blocks`, body.blocks);
    } else if (payload.kind === "file") {
      checker.limit(`${at}.initial_comment`, body.initial_comment, LIMITS.messageText);
      checker.mrkdwn(`${at}.initial_comment`, body.initial_comment);
    } else {
      checker.count(`${at}.blocks`, body.blocks, LIMITS.viewBlocks);
      checker.walk(`${at}.blocks`, body.blocks);
      for (const key of ["title", "submit", "close"]) checker.textObject(`${at}.${key}`, body[key], LIMITS.viewTitle);
      checker.limit(`${at}.private_metadata`, body.private_metadata, LIMITS.privateMetadata);
    }
  });
  return checker.problems;
}
