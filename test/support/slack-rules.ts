// What Slack refuses, as the fake Slack enforces it. Every rule is one row of SLACK_RULES with
// the page it comes from, so a limit can be checked against Slack's own words. The walkers below
// only apply the table; they never carry a number of their own.
//
// Sources: the Block Kit reference at docs.slack.dev (looked up 2026-11-29) and the JSDoc of
// @slack/types 3.2.0 (node_modules/@slack/types/dist/block-kit/*.d.ts, views.d.ts). Where the two
// disagree, the docs.slack.dev reference wins (the option `value`: docs 150, JSDoc 75).

const BK = "https://docs.slack.dev/reference/block-kit";
const TYPES = "@slack/types 3.2.0 JSDoc";

export interface SlackRule {
  /** What Slack refuses, in words. */
  what: string;
  /** The limit, for length and count rules. */
  max?: number;
  source: string;
}

export const SLACK_RULES = {
  messageBlocks: {
    what: "blocks in a message",
    max: 50,
    source: "https://docs.slack.dev/reference/methods/chat.postMessage (blocks: up to 50 blocks); Block Kit JSON schema maxItems 50",
  },
  viewBlocks: {
    what: "blocks in a modal or Home tab",
    max: 100,
    source: "https://docs.slack.dev/reference/views/modal-views and /home-tab-views (Max of 100 blocks); views.d.ts BaseView.blocks",
  },
  messageText: {
    what: "characters in a message's top-level text (msg_too_long)",
    max: 40_000,
    source: "https://docs.slack.dev/reference/methods/chat.postMessage (text truncated at 40,000 characters; error msg_too_long)",
  },
  textFallback: {
    what: "a message that sends blocks also sends a top-level text (the notification fallback)",
    source: "https://docs.slack.dev/reference/methods/chat.postMessage (text: used as fallback when blocks are sent; required for notifications and screen readers)",
  },
  textNotEmpty: {
    what: "a text object's text has at least 1 character",
    source: `${BK}/composition-objects/text-object (text: minimum length 1); ${TYPES} composition-objects.d.ts`,
  },
  textObjectLength: {
    what: "characters in any text object",
    max: 3000,
    source: `${BK}/composition-objects/text-object (maximum length 3000); ${TYPES} composition-objects.d.ts`,
  },
  plainTextOnly: {
    what: "plain_text where only plain_text is allowed (header, labels, hints, placeholders, buttons, select options, option descriptions, view title/submit/close)",
    source: `${BK}/blocks/header-block, /blocks/input-block, /block-elements/button-element, /composition-objects/option-object, https://docs.slack.dev/reference/views/modal-views`,
  },
  sectionText: {
    what: "characters in a section's text",
    max: 3000,
    source: `${BK}/blocks/section-block (text: maximum length 3000); ${TYPES} blocks.d.ts SectionBlock.text`,
  },
  sectionNeedsText: {
    what: "a section has text or fields",
    source: `${BK}/blocks/section-block (text is not required if fields are provided)`,
  },
  sectionFields: {
    what: "fields in a section",
    max: 10,
    source: `${BK}/blocks/section-block (fields: maximum number of items is 10); ${TYPES} blocks.d.ts SectionBlock.fields`,
  },
  sectionFieldText: {
    what: "characters in each section field",
    max: 2000,
    source: `${BK}/blocks/section-block (fields: maximum length for each item is 2000); ${TYPES} blocks.d.ts`,
  },
  headerText: {
    what: "characters in a header",
    max: 150,
    source: `${BK}/blocks/header-block (text: maximum length 150); ${TYPES} blocks.d.ts HeaderBlock.text`,
  },
  contextElements: {
    what: "elements in a context block",
    max: 10,
    source: `${BK}/blocks/context-block (elements: maximum number of items is 10); ${TYPES} blocks.d.ts ContextBlock.elements`,
  },
  actionsElements: {
    what: "elements in an actions block",
    max: 25,
    source: `${BK}/blocks/actions-block (elements: maximum of 25); ${TYPES} blocks.d.ts ActionsBlock.elements`,
  },
  blockId: {
    what: "characters in a block_id",
    max: 255,
    source: `${BK}/blocks (block_id: maximum length 255); ${TYPES} blocks.d.ts Block.block_id`,
  },
  blockIdUnique: {
    what: "a block_id is unique within a message or view",
    source: `${BK}/blocks (block_id should be unique for each message or view and each iteration of it); ${TYPES} blocks.d.ts Block.block_id`,
  },
  actionId: {
    what: "characters in an action_id",
    max: 255,
    source: `${BK}/block-elements (action_id: maximum length 255); ${TYPES} extensions.d.ts Actionable.action_id`,
  },
  actionIdUnique: {
    what: "an action_id is unique within its block (Slack's rule; modals rightly reuse one action_id across input blocks)",
    source: `${BK}/block-elements (action_id should be unique among all other action_ids in the containing block); ${TYPES} extensions.d.ts Actionable.action_id`,
  },
  unknownType: {
    what: "only block and element types Slack knows",
    source: `${BK}/blocks and ${BK}/block-elements (the lists of block and element types)`,
  },
  buttonText: {
    what: "characters in a button's text",
    max: 75,
    source: `${BK}/block-elements/button-element (text: maximum length 75); ${TYPES} block-elements.d.ts Button.text`,
  },
  buttonValue: {
    what: "characters in a button's value",
    max: 2000,
    source: `${BK}/block-elements/button-element (value: maximum length 2000); ${TYPES} block-elements.d.ts Button.value`,
  },
  buttonUrl: {
    what: "characters in a button's url",
    max: 3000,
    source: `${BK}/block-elements/button-element (url: maximum length 3000); ${TYPES} block-elements.d.ts Button.url`,
  },
  optionText: {
    what: "characters in an option's text",
    max: 75,
    source: `${BK}/composition-objects/option-object (text: maximum length 75); ${TYPES} composition-objects.d.ts PlainTextOption.text`,
  },
  optionValue: {
    what: "characters in an option's value",
    max: 150,
    source: `${BK}/composition-objects/option-object (value: maximum length 150)`,
  },
  optionDescription: {
    what: "characters in an option's description",
    max: 75,
    source: `${BK}/composition-objects/option-object (description: maximum length 75); ${TYPES} composition-objects.d.ts OptionDescriptor.description`,
  },
  selectOptions: {
    what: "options in a static select",
    max: 100,
    source: `${BK}/block-elements/select-menu-element (options: maximum number of options is 100); ${TYPES} block-elements.d.ts StaticSelect.options`,
  },
  radioOptions: {
    what: "options in a radio button group",
    max: 10,
    source: `${BK}/block-elements/radio-button-group-element (options: maximum of 10); ${TYPES} block-elements.d.ts RadioButtons.options`,
  },
  checkboxOptions: {
    what: "options in a checkbox group",
    max: 10,
    source: `${BK}/block-elements/checkboxes-element (options: maximum of 10); ${TYPES} block-elements.d.ts Checkboxes.options`,
  },
  initialOptionListed: {
    what: "an initial option is one of the element's options",
    source: `${BK}/block-elements/select-menu-element, /checkboxes-element, /radio-button-group-element (initial_option(s) must exactly match options)`,
  },
  inputLabel: {
    what: "characters in an input's label",
    max: 2000,
    source: `${BK}/blocks/input-block (label: maximum length 2000); ${TYPES} blocks.d.ts InputBlock.label`,
  },
  inputHint: {
    what: "characters in an input's hint",
    max: 2000,
    source: `${BK}/blocks/input-block (hint: maximum length 2000); ${TYPES} blocks.d.ts InputBlock.hint`,
  },
  inputElement: {
    what: "an input block has an element",
    source: `${BK}/blocks/input-block (element: required)`,
  },
  placeholder: {
    what: "characters in a placeholder",
    max: 150,
    source: `${BK}/block-elements/select-menu-element, /plain-text-input-element (placeholder: maximum length 150); ${TYPES} extensions.d.ts Placeholdable.placeholder`,
  },
  textInputMaxLength: {
    what: "a plain_text_input's max_length",
    max: 3000,
    source: `${BK}/block-elements/plain-text-input-element (max_length: maximum value 3000); ${TYPES} block-elements.d.ts PlainTextInput.max_length`,
  },
  viewTitle: {
    what: "characters in a modal's title",
    max: 24,
    source: "https://docs.slack.dev/reference/views/modal-views (title: max length 24); views.d.ts ModalView.title",
  },
  viewSubmit: {
    what: "characters in a modal's submit",
    max: 24,
    source: "https://docs.slack.dev/reference/views/modal-views (submit: max length 24); views.d.ts ModalView.submit",
  },
  viewClose: {
    what: "characters in a modal's close",
    max: 24,
    source: "https://docs.slack.dev/reference/views/modal-views (close: max length 24); views.d.ts ModalView.close",
  },
  viewSubmitWithInputs: {
    what: "a modal with an input block has a submit button",
    source: "https://docs.slack.dev/reference/views/modal-views (submit is required when an input block is within the blocks array)",
  },
  privateMetadata: {
    what: "characters in a view's private_metadata",
    max: 3000,
    source: "https://docs.slack.dev/reference/views/modal-views (private_metadata: max length 3000); views.d.ts BaseView.private_metadata",
  },
  callbackId: {
    what: "characters in a view's callback_id",
    max: 255,
    source: "https://docs.slack.dev/reference/views/modal-views (callback_id: max length 255); views.d.ts BaseView.callback_id",
  },
  viewStack: {
    what: "views in one modal's stack: the opened view and at most two pushed on it (views.push answers push_limit_reached)",
    max: 3,
    source: "https://docs.slack.dev/reference/methods/views.push (After a modal is opened, the app is limited to pushing 2 additional views; error push_limit_reached)",
  },
  errorsKeyedByBlock: {
    what: "response_action errors are keyed by block_ids of input blocks in the submitted view",
    source: "https://docs.slack.dev/surfaces/modals#displaying_errors (errors: keys are block_ids of input blocks)",
  },
} as const satisfies Record<string, SlackRule>;

export type RuleId = keyof typeof SLACK_RULES;

/**
 * Web API rate limits by method. Slack documents the sustained rate; it allows "short bursts"
 * above it without saying how many, so the burst here is ours: enough for a test's flurry of
 * notices, small enough that a loop without pacing meets a 429 as it would on Slack.
 */
export interface RateLimit {
  perSeconds: number;
  count: number;
  burst: number;
  /** Whether the limit counts per channel (chat.postMessage) instead of per workspace. */
  perChannel: boolean;
  source: string;
}

const TIERS = "https://docs.slack.dev/apis/web-api/rate-limits";
export const RATE_LIMITS: Record<string, RateLimit> = {
  "chat.postMessage": {
    perSeconds: 1,
    count: 1,
    burst: 60,
    perChannel: true,
    source: `${TIERS} (chat.postMessage: special tier, 1 message per second per channel, short bursts allowed)`,
  },
  "chat.update": { perSeconds: 60, count: 50, burst: 50, perChannel: false, source: `${TIERS}; https://docs.slack.dev/reference/methods/chat.update (Tier 3: 50+ per minute)` },
  "chat.postEphemeral": { perSeconds: 60, count: 100, burst: 100, perChannel: false, source: `${TIERS}; https://docs.slack.dev/reference/methods/chat.postEphemeral (Tier 4: 100+ per minute)` },
  "views.publish": { perSeconds: 60, count: 100, burst: 100, perChannel: false, source: `${TIERS}; https://docs.slack.dev/reference/methods/views.publish (Tier 4: 100+ per minute)` },
  "views.open": { perSeconds: 60, count: 100, burst: 100, perChannel: false, source: `${TIERS}; https://docs.slack.dev/reference/methods/views.open (Tier 4: 100+ per minute)` },
};

/**
 * Slack's OAuth v2 install and the tokens it issues, as the fake enforces them
 * (fake-slack-oauth.ts, fake-slack-workspace.ts). `error` is Slack's answer: an oauth.v2.access
 * error, the error its authorize page shows, or the error a Web API method gives the token.
 */
export interface OAuthRule {
  what: string;
  error: string;
  /** A time limit, in seconds. */
  maxSeconds?: number;
  source: string;
}

const INSTALL = "https://docs.slack.dev/authentication/installing-with-oauth";
const ACCESS = "https://docs.slack.dev/reference/methods/oauth.v2.access";
export const OAUTH_RULES = {
  clientId: {
    what: "the client_id is the app's (authorize page and oauth.v2.access)",
    error: "invalid_client_id",
    source: `${ACCESS} (errors: invalid_client_id, value passed for client_id was invalid); ${INSTALL}`,
  },
  clientSecret: {
    what: "the client_secret is the app's",
    error: "bad_client_secret",
    source: `${ACCESS} (errors: bad_client_secret, value passed for client_secret was invalid)`,
  },
  redirectConfigured: {
    what: "the authorize step's redirect_uri is one of the app's configured Redirect URLs (without one, Slack uses the first configured)",
    error: "bad_redirect_uri",
    source: `${INSTALL} (redirect_uri must match a Redirect URL configured in the app's OAuth & Permissions settings)`,
  },
  redirectSame: {
    what: "oauth.v2.access gets the redirect_uri the authorize step was given, if one was",
    error: "bad_redirect_uri",
    source: `${ACCESS} (redirect_uri: this must match the originally submitted URI, if one was sent; errors: bad_redirect_uri)`,
  },
  scopes: {
    what: "an install asks for at least one scope",
    error: "no_scopes",
    source: `${ACCESS} (errors: no_scopes, missing scope in the request); ${INSTALL} (scope: the bot scopes requested)`,
  },
  signedIn: {
    what: "only a person signed in to a workspace can allow an install (otherwise: the sign-in page)",
    error: "not_signed_in",
    source: `${INSTALL} (the user is sent to slack.com/oauth/v2/authorize and approves the app for their workspace)`,
  },
  codeKnown: {
    what: "the code is one Slack issued to this app's redirect",
    error: "invalid_code",
    source: `${ACCESS} (errors: invalid_code, value passed for code was invalid)`,
  },
  codeOnce: {
    what: "a code is exchanged once",
    error: "invalid_code",
    source: `${INSTALL} (the code is temporary and exchanged once for an access token); ${ACCESS} (invalid_code)`,
  },
  codeExpiry: {
    what: "a code is exchanged within ten minutes",
    error: "invalid_code",
    maxSeconds: 600,
    source: `${INSTALL} (the temporary authorization code expires after ten minutes)`,
  },
  grantType: {
    what: "grant_type, when sent, is authorization_code (token rotation is off in manifest.yml)",
    error: "invalid_grant_type",
    source: `${ACCESS} (grant_type; errors: invalid_grant_type)`,
  },
  tokenInItsWorkspace: {
    what: "a bot token acts only in the workspace that installed the app: another workspace's channels, users and files do not exist for it",
    error: "channel_not_found",
    source: "https://docs.slack.dev/authentication/tokens (bot tokens are issued per workspace install); https://docs.slack.dev/reference/methods/chat.postMessage#errors (channel_not_found)",
  },
  tokenReplaced: {
    what: "each install returns the bot token to use from then on; the fake issues a new one on every install and revokes the one before, so an app that keeps an old token fails",
    error: "token_revoked",
    source: `${ACCESS} (access_token: the bot token of this install); https://docs.slack.dev/reference/methods/chat.postMessage#errors (token_revoked)`,
  },
} as const satisfies Record<string, OAuthRule>;

/** What Slack's file upload flow (files.getUploadURLExternal → upload URL → files.completeUploadExternal) refuses. */
export interface FileRule {
  what: string;
  /** The error Slack answers with. */
  error: string;
  max?: number;
  source: string;
}

const GET_URL = "https://docs.slack.dev/reference/methods/files.getUploadURLExternal";
const COMPLETE = "https://docs.slack.dev/reference/methods/files.completeUploadExternal";

export const FILE_RULES = {
  filenameRequired: {
    what: "filename is a required argument",
    error: "invalid_arguments",
    source: `${GET_URL} (Required arguments: filename, length)`,
  },
  lengthPositive: {
    what: "length is the file's size in bytes, a whole number above 0",
    error: "missing_argument",
    source: `${GET_URL} (errors: missing_argument, "Typically only occurs when the length provided is 0")`,
  },
  altTextLength: {
    what: "characters in an image's description for screen readers (alt_txt)",
    error: "alt_txt_too_large",
    max: 1000,
    source: `${GET_URL} (errors: alt_txt_too_large, "longer than the limit of 1000 character")`,
  },
  bytesAsAnnounced: {
    what: "the bytes posted to the upload URL are as many as the length announced for them",
    error: "file_not_found",
    source: `${GET_URL} (length: size in bytes of the file being uploaded; the upload URL receives that file); ${COMPLETE} (errors: file_not_found)`,
  },
  uploadedBeforeComplete: {
    what: "a file is completed only after its bytes reached the upload URL, and only once",
    error: "file_not_found",
    source: `${COMPLETE} (Usage: call after uploading the file to the URL from files.getUploadURLExternal; errors: file_not_found)`,
  },
  threadNeedsChannel: {
    what: "thread_ts is given together with the channel_id it belongs to",
    error: "invalid_arguments",
    source: `${COMPLETE} (thread_ts: provide another message's ts value to upload this file as a reply; channel_id: channel ID where the file will be shared)`,
  },
  threadIsParent: {
    what: "thread_ts names a message of that channel that is not itself a reply (use the parent's ts)",
    error: "invalid_thread_ts",
    source: `${COMPLETE} (thread_ts: "Never use a reply's ts value; use its parent instead")`,
  },
  commentLength: {
    what: "characters in the message text that introduces the file (initial_comment), as for a message's text",
    error: "msg_too_long",
    max: 40_000,
    source: `${COMPLETE} (initial_comment: the message text introducing the file); https://docs.slack.dev/reference/methods/chat.postMessage (msg_too_long)`,
  },
} as const satisfies Record<string, FileRule>;
