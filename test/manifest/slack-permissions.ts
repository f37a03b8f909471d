// What Slack requires for each Web API method the app calls and each event it listens to: the
// scopes (and event subscriptions) as documented on each method's and event's page at
// docs.slack.dev. test/manifest/manifest.test.ts holds manifest.yml to this table, and the
// code to it (a method or event missing here fails that test until someone looks it up).

export interface MethodNeeds {
  /** Bot scopes the method needs, all of them, for the way this app calls it. */
  scopes: string[];
  /** Why, when more than the method's page alone says (the app's own use of it). */
  note?: string;
  source: string;
}

const method = (name: string) => `https://docs.slack.dev/reference/methods/${name}`;

/** Every Web API method the app calls, directly or through a helper it uses. */
export const METHOD_SCOPES: Record<string, MethodNeeds> = {
  "chat.postMessage": {
    scopes: ["chat:write", "chat:write.public"],
    note: "chat:write.public lets the root message reach a public SAM_CHANNEL before the app has joined it",
    source: `${method("chat.postMessage")} (chat:write; chat:write.public for public channels the app is not in)`,
  },
  "chat.postEphemeral": { scopes: ["chat:write"], source: method("chat.postEphemeral") },
  "chat.update": { scopes: ["chat:write"], source: method("chat.update") },
  "views.open": { scopes: [], source: `${method("views.open")} (no scope required)` },
  "views.publish": { scopes: [], source: `${method("views.publish")} (no scope required)` },
  // files.uploadV2 is @slack/web-api's helper over these two methods.
  "files.uploadV2": {
    scopes: ["files:write"],
    note: "calls files.getUploadURLExternal and files.completeUploadExternal",
    source: `${method("files.getUploadURLExternal")}, ${method("files.completeUploadExternal")} (files:write)`,
  },
  "files.info": {
    scopes: ["files:read"],
    note: "and the download of url_private_download with the bot token needs files:read too",
    source: `${method("files.info")}; https://docs.slack.dev/messaging/working-with-files (files:read)`,
  },
  "users.info": { scopes: ["users:read"], source: method("users.info") },
  "conversations.list": {
    scopes: ["channels:read", "groups:read"],
    note: "src/slack/channel.ts asks for types public_channel,private_channel: one scope per type",
    source: `${method("conversations.list")} (channels:read, groups:read, im:read, mpim:read by type)`,
  },
  "conversations.join": { scopes: ["channels:join"], source: method("conversations.join") },
  // Called by Bolt itself, not by our code: at start-up, and to open a Socket Mode connection.
  "auth.test": { scopes: [], source: `${method("auth.test")} (no scope required)` },
  "apps.connections.open": {
    scopes: [],
    note: "uses the app-level token (connections:write), not a bot scope",
    source: method("apps.connections.open"),
  },
  // OAuth mode: Bolt's install provider (@slack/oauth) exchanges the install's code for the bot token.
  "oauth.v2.access": {
    scopes: [],
    note: "called with the app's client id and secret, no token",
    source: `${method("oauth.v2.access")} (no scope required)`,
  },
};

/** Methods Bolt (and its @slack/oauth install provider) calls on the app's behalf (not visible in src/). */
export const BOLT_METHODS = ["auth.test", "apps.connections.open", "oauth.v2.access"];

export interface EventNeeds {
  /** The bot_events subscriptions that deliver it. */
  subscriptions: string[];
  scopes: string[];
  source: string;
}

const event = (name: string) => `https://docs.slack.dev/reference/events/${name}`;

/** Every event type the app listens to with app.event(...). */
export const EVENT_SUBSCRIPTIONS: Record<string, EventNeeds> = {
  app_home_opened: { subscriptions: ["app_home_opened"], scopes: [], source: `${event("app_home_opened")} (no scope)` },
  // A CSV dropped in a campaign's thread: SAM_CHANNEL may be public or private.
  message: {
    subscriptions: ["message.channels", "message.groups"],
    scopes: ["channels:history", "groups:history"],
    source: `${event("message.channels")} (channels:history); ${event("message.groups")} (groups:history)`,
  },
  app_uninstalled: { subscriptions: ["app_uninstalled"], scopes: [], source: `${event("app_uninstalled")} (no scope)` },
  tokens_revoked: { subscriptions: ["tokens_revoked"], scopes: [], source: `${event("tokens_revoked")} (no scope)` },
};

/** Scopes a feature of the manifest needs rather than a method or an event. */
export const FEATURE_SCOPES: Record<string, { scopes: string[]; source: string }> = {
  slash_commands: { scopes: ["commands"], source: "https://docs.slack.dev/reference/scopes/commands" },
};
