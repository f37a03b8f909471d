// What a person does in Slack, played over signed HTTP requests to the app: `/sam` commands,
// connecting a LinkedIn account (the button, then the sign-in page in a browser) and the
// New-campaign modal (opened by `/sam new`, filled in, a CSV attached, submitted).
import { ACCOUNT_ACTIONS } from "../../src/accounts/account-list.js";
import { signInThroughWizard } from "../../test/support/wizard.js";
import type { DemoWorld } from "./world.js";

export interface CampaignForm {
  name: string;
  type: "messenger" | "connector";
  firstMessage: string;
  followUps: string[];
  /** As typed in the form: "3, 5". */
  delays: string;
  timeZone: string;
  windowStart: string;
  windowEnd: string;
  /** ISO weekdays, 1 = Monday. */
  days: number[];
  skipHolidays: boolean;
  holidayCountry: string;
  csv?: { name: string; content: string | Buffer };
}

/** Polls until the check returns something (not false/null/undefined). */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  what: string,
  timeoutMs = 15_000,
): Promise<Exclude<T, false | null | undefined>> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value !== false && value !== null && value !== undefined)
      return value as Exclude<T, false | null | undefined>;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A slash command; returns the text Slack would show the user (the ephemeral acknowledgement). */
export async function command(world: DemoWorld, text: string): Promise<string> {
  const response = await world.driver.command(text, { userId: world.userId });
  if (response.status !== 200) throw new Error(`/sam ${text} answered HTTP ${response.status}`);
  const json = response.json as { text?: string } | undefined;
  return json?.text ?? response.body;
}

/**
 * A slash command whose answer follows its acknowledgement (preview, status, list): the text
 * that reaches the command's response_url, as Slack would show it once it arrives.
 */
export async function commandAnswer(world: DemoWorld, text: string): Promise<string> {
  const responseUrl = world.slack.responseUrl("commands");
  const response = await world.driver.command(text, { userId: world.userId, responseUrl });
  if (response.status !== 200) throw new Error(`/sam ${text} answered HTTP ${response.status}`);
  const answer = await waitFor(() => world.slack.responses.find((posted) => posted.url === responseUrl), `the answer to /sam ${text}`);
  return (answer.body as { text: string }).text;
}

/**
 * `/sam accounts` → *Connect a LinkedIn account*, then the link opened and the sign-in sent as
 * `login` (the sandbox's page stands in for Unipile's hosted wizard). Returns the confirmation
 * the user then gets in Slack.
 */
export async function connectLinkedInAccount(world: DemoWorld, login: string): Promise<string> {
  const responseUrl = world.slack.responseUrl("actions");
  await world.driver.blockAction({ action_id: ACCOUNT_ACTIONS.connect, value: "create" }, { userId: world.userId, responseUrl });
  const answer = (await waitFor(() => world.slack.responses.find((posted) => posted.url === responseUrl), "the sign-in link"))
    .body as { text: string; blocks?: Array<{ elements?: Array<{ action_id: string; url?: string }> }> };
  const url = answer.blocks?.flatMap((block) => block.elements ?? []).find((element) => element.action_id === ACCOUNT_ACTIONS.openLink)?.url;
  if (!url) throw new Error(`no sign-in link: ${answer.text}`);
  const visit = await signInThroughWizard(url, { login, outcome: "success" });
  if (visit.answer.status !== 303) throw new Error(`the sign-in page answered HTTP ${visit.answer.status}`);
  const confirmation = await waitFor(
    () => world.slack.callsTo("chat.postEphemeral").find((call) => call.ok && String(call.args.text).includes("Connected")),
    "the confirmation of the connected account",
  );
  return String(confirmation.args.text);
}

function state(form: CampaignForm, account: string, fileId: string | undefined) {
  const text = (value: string | undefined) => ({ value: { type: "plain_text_input", value: value ?? null } });
  return {
    values: {
      name: text(form.name),
      type: { value: { type: "radio_buttons", selected_option: { value: form.type } } },
      account: {
        value: {
          type: "static_select",
          selected_option: { value: account, text: { type: "plain_text", text: "account" } },
        },
      },
      first_message: text(form.firstMessage),
      ...Object.fromEntries([1, 2, 3, 4, 5].map((n) => [`follow_up_${n}`, text(form.followUps[n - 1])])),
      delays: text(form.delays),
      time_zone: text(form.timeZone),
      window_start: { value: { type: "timepicker", selected_time: form.windowStart } },
      window_end: { value: { type: "timepicker", selected_time: form.windowEnd } },
      days: {
        value: { type: "checkboxes", selected_options: form.days.map((day) => ({ value: String(day) })) },
      },
      holidays: {
        value: { type: "checkboxes", selected_options: form.skipHolidays ? [{ value: "skip" }] : [] },
      },
      holiday_country: text(form.holidayCountry),
      csv: { value: { type: "file_input", files: fileId ? [{ id: fileId }] : [] } },
    },
  };
}

interface OpenedBlock {
  block_id?: string;
  element?: { options?: Array<{ value: string; text: { text: string } }> };
}

/**
 * `/sam new`, then the modal submitted as a person would fill it in (the first LinkedIn account
 * offered, the CSV uploaded into the file field). Accepts the long-note warning if shown.
 * Returns the name of the account chosen.
 */
export async function createCampaign(world: DemoWorld, form: CampaignForm): Promise<string> {
  const opened = world.slack.callsTo("views.open").length;
  await command(world, "new");
  await waitFor(() => world.slack.callsTo("views.open")[opened], "the New-campaign modal");
  const view = world.slack.views().at(-1)!;
  const account = (view.blocks as OpenedBlock[]).find((block) => block.block_id === "account")?.element
    ?.options?.[0];
  if (!account) throw new Error("the New-campaign modal offers no LinkedIn account");
  const accountName = account.text.text.replace(/ \(link on create\)$/, "");
  const fileId = form.csv
    ? world.slack.addFile({ name: form.csv.name, content: form.csv.content, user: world.userId }).id
    : undefined;
  let metadata = view.private_metadata;
  for (let attempt = 0; attempt < 2; attempt++) {
    const response = await world.driver.viewSubmission(
      {
        id: view.id,
        callback_id: "new_campaign",
        private_metadata: metadata,
        state: state(form, account.value, fileId),
      },
      { userId: world.userId },
    );
    if (response.status !== 200)
      throw new Error(`the New-campaign submission answered HTTP ${response.status}`);
    const json = response.json as
      | { response_action?: string; errors?: Record<string, string>; view?: { private_metadata: string } }
      | undefined;
    if (!json) return accountName;
    if (json.response_action === "errors") {
      throw new Error(`the New-campaign form was refused: ${JSON.stringify(json.errors)}`);
    }
    if (json.response_action === "update" && json.view) {
      metadata = json.view.private_metadata; // the note warning: submit again to accept it
      continue;
    }
    return accountName;
  }
  throw new Error("the New-campaign form was not accepted");
}
