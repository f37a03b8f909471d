// One Slack workspace (a team) as the fake Slack holds it: its people, channels, files, posted
// messages and views, and the bot tokens that act in it. Slack keeps workspaces apart: a bot
// token acts only in the workspace it was issued for, so for it a channel, user or file of
// another workspace does not exist (channel_not_found, user_not_found, the sign-in page for a
// file). The fake's default workspace is the one single-token tests use; an OAuth install
// (fake-slack-oauth.ts) issues tokens for the others.
import { hex, SlackApiError, str } from "./fake-slack-wire.js";

/** First message ts: 2025-11-27T08:00:00Z. Deterministic so failures are reproducible. */
export const TS_BASE_SECONDS = 1764230400;

export interface PostedMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  blocks?: unknown;
  attachments?: unknown;
  metadata?: unknown;
  user: string;
  bot_id: string;
  /** How many times chat.update changed this message. */
  updates: number;
}

export interface SlackFile {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  pretty_type: string;
  user: string;
  user_team: string;
  size: number;
  created: number;
  timestamp: number;
  mode: "hosted";
  is_external: false;
  is_public: boolean;
  url_private: string;
  url_private_download: string;
  permalink: string;
  [key: string]: unknown;
}

export interface AddFileInput {
  id?: string;
  name: string;
  content: Buffer | string;
  title?: string;
  mimetype?: string;
  filetype?: string;
  user?: string;
}

export interface SlackUser {
  id: string;
  team_id: string;
  name: string;
  real_name: string;
  tz: string;
  tz_label: string;
  tz_offset: number;
  is_bot: boolean;
  deleted: boolean;
  profile: Record<string, unknown>;
  [key: string]: unknown;
}

export interface AddUserInput {
  id: string;
  /** IANA zone, e.g. "America/New_York". Default "America/New_York". */
  tz?: string;
  real_name?: string;
  name?: string;
  /** Seconds east of UTC. Default: the zone's current offset. */
  tz_offset?: number;
  email?: string;
  is_bot?: boolean;
  deleted?: boolean;
  /**
   * Workspace admin / owner, as users.info reports them in the user object
   * (https://api.slack.com/types/user: "is_admin", "is_owner"; an owner is also an admin,
   * https://slack.com/help/articles/360018112273). Default false.
   */
  is_admin?: boolean;
  is_owner?: boolean;
}

export interface SlackChannel {
  id: string;
  name: string;
  is_channel: boolean;
  is_group: boolean;
  is_im: boolean;
  is_private: boolean;
  is_archived: boolean;
  is_general: boolean;
  is_member: boolean;
  created: number;
  [key: string]: unknown;
}

export interface AddChannelInput {
  id: string;
  name: string;
  /** Whether the bot is already in the channel. Default true. */
  isMember?: boolean;
  isPrivate?: boolean;
  isArchived?: boolean;
}

export interface SlackView {
  id: string;
  team_id: string;
  type: string;
  callback_id: string;
  private_metadata: string;
  external_id: string;
  hash: string;
  root_view_id: string;
  previous_view_id: string | null;
  state: { values: Record<string, unknown> };
  blocks: unknown[];
  /** For home tabs: the user it was published to. */
  user_id?: string;
  [key: string]: unknown;
}


const EXTENSION_TYPES: Record<string, { mimetype: string; filetype: string; pretty: string }> = {
  csv: { mimetype: "text/csv", filetype: "csv", pretty: "CSV" },
  txt: { mimetype: "text/plain", filetype: "text", pretty: "Plain Text" },
  json: { mimetype: "application/json", filetype: "json", pretty: "JSON" },
  png: { mimetype: "image/png", filetype: "png", pretty: "PNG" },
  pdf: { mimetype: "application/pdf", filetype: "pdf", pretty: "PDF" },
  xlsx: {
    mimetype: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    filetype: "xlsx",
    pretty: "Excel Spreadsheet",
  },
};

function typeOf(name: string): { mimetype: string; filetype: string; pretty: string } {
  const ext = name.includes(".") ? (name.split(".").pop() ?? "").toLowerCase() : "";
  return (
    EXTENSION_TYPES[ext] ?? { mimetype: "application/octet-stream", filetype: "binary", pretty: "Binary" }
  );
}

/** The zone's current UTC offset (seconds) and long name, as users.info reports them. */
function zoneInfo(tz: string): { offset: number; label: string } {
  const now = new Date();
  const part = (style: "longOffset" | "long") =>
    new Intl.DateTimeFormat("en-US", { timeZone: tz, timeZoneName: style })
      .formatToParts(now)
      .find((p) => p.type === "timeZoneName")?.value ?? "";
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(part("longOffset"));
  const offset = match ? (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 3600 + Number(match[3]) * 60) : 0;
  return { offset, label: part("long") };
}

/** Who a workspace is, as auth.test and every payload name it. */
export interface TeamIdentity {
  teamId: string;
  teamDomain: string;
  teamName: string;
  botUserId: string;
  botId: string;
  appId: string;
}

export interface WorkspaceIdentity extends TeamIdentity {
  /** The human files and channels are attributed to when a test does not say. */
  defaultUserId: string;
}

/** What a workspace needs from the fake server around it: its URL, ids unique across workspaces, token routing. */
export interface WorkspaceHost {
  /** The fake's base URL (known once it listens). */
  baseUrl(): string;
  nextTs(): string;
  nextId(prefix: string): string;
  responseUrl(teamId: string, kind: "commands" | "actions"): string;
  triggerId(): string;
  /** From now on, calls with this token act in this workspace. */
  routeToken(token: string, workspace: FakeWorkspaceState): void;
  /** A browser session signed in to this workspace as this user (the `d` cookie Slack sets). */
  signIn(workspace: FakeWorkspaceState, userId: string): string;
}

/** The surface of one workspace that tests and the signed driver use. */
export interface FakeWorkspace extends Readonly<TeamIdentity> {
  /** The bot token Slack accepts for this workspace now; undefined until the app is installed there. */
  readonly token: string | undefined;
  /** Messages posted with chat.postMessage (current content after chat.update), in post order. Channel: id or name. */
  messages(channel?: string): PostedMessage[];
  /** Views opened, pushed or published, current version, in creation order. */
  views(): SlackView[];
  /** A channel by id or name (live object: e.g. is_member flips after conversations.join). */
  channel(ref: string): SlackChannel | undefined;
  user(id: string): SlackUser | undefined;
  addFile(input: AddFileInput): SlackFile;
  addUser(input: AddUserInput): SlackUser;
  addChannel(input: AddChannelInput): SlackChannel;
  /** A fresh response_url like Slack puts in this workspace's commands and interactions. */
  responseUrl(kind?: "commands" | "actions"): string;
  /** A fresh trigger_id, valid for views.open/views.push for 3 s and once only. */
  triggerId(): string;
  /**
   * The workspace uninstalls the app (or revokes its bot token): from now on Slack answers every
   * call with its bot tokens `token_revoked`, and a file download with them gets the sign-in page.
   * (The app learns it from the app_uninstalled / tokens_revoked events the test sends.)
   */
  uninstallApp(): void;
  /** The Cookie header of a browser signed in to this workspace as `userId` (for Slack's authorize page). */
  signIn(userId: string): string;
}

export class FakeWorkspaceState implements FakeWorkspace {
  readonly teamId: string;
  readonly teamDomain: string;
  readonly teamName: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  readonly defaultUserId: string;
  readonly posted: PostedMessage[] = [];
  readonly viewsById = new Map<string, SlackView>();
  readonly files = new Map<string, { file: SlackFile; content: Buffer }>();
  readonly users = new Map<string, SlackUser>();
  readonly channels = new Map<string, SlackChannel>();
  /** Bot tokens Slack accepts for this workspace, and those it revoked (an uninstall, or a newer install). */
  private readonly activeTokens: string[] = [];
  private readonly revokedTokens = new Set<string>();

  constructor(
    identity: WorkspaceIdentity,
    private readonly host: WorkspaceHost,
  ) {
    ({
      teamId: this.teamId,
      teamDomain: this.teamDomain,
      teamName: this.teamName,
      botUserId: this.botUserId,
      botId: this.botId,
      appId: this.appId,
      defaultUserId: this.defaultUserId,
    } = identity);
    this.addUser({ id: this.botUserId, real_name: "SAM Campaigns", name: "sam", tz: "America/Los_Angeles", is_bot: true });
  }

  // ----- tokens -----

  get token(): string | undefined {
    return this.activeTokens.at(-1);
  }

  /** An install: this token acts in the workspace from now on; the ones before it are revoked. */
  issueToken(token: string): void {
    this.uninstallApp();
    this.activeTokens.push(token);
    this.host.routeToken(token, this);
  }

  /** Whether Slack accepts this token of the workspace now, or answers token_revoked. */
  accepts(token: string): boolean {
    return this.activeTokens.includes(token);
  }

  uninstallApp(): void {
    for (const token of this.activeTokens.splice(0)) this.revokedTokens.add(token);
  }

  /** The default workspace's shortcut: its one token is accepted again (a real reinstall issues a new one). */
  restoreTokens(): void {
    for (const token of this.revokedTokens) this.activeTokens.push(token);
    this.revokedTokens.clear();
  }

  signIn(userId: string): string {
    return this.host.signIn(this, userId);
  }

  responseUrl(kind: "commands" | "actions" = "commands"): string {
    return this.host.responseUrl(this.teamId, kind);
  }

  triggerId(): string {
    return this.host.triggerId();
  }

  // ----- what the workspace holds -----

  messages(channel?: string): PostedMessage[] {
    if (channel === undefined) return [...this.posted];
    const id = this.findChannel(channel)?.id ?? channel;
    return this.posted.filter((message) => message.channel === id);
  }

  views(): SlackView[] {
    return [...this.viewsById.values()];
  }

  channel(ref: string): SlackChannel | undefined {
    return this.findChannel(ref);
  }

  user(id: string): SlackUser | undefined {
    return this.users.get(id);
  }

  addFile(input: AddFileInput): SlackFile {
    const id = input.id ?? this.host.nextId("F");
    const content = Buffer.isBuffer(input.content) ? input.content : Buffer.from(input.content, "utf8");
    const kind = typeOf(input.name);
    const created = Math.floor(Date.now() / 1000);
    const path = `${this.host.baseUrl()}/files-pri/${this.teamId}-${id}`;
    const name = encodeURIComponent(input.name);
    const owner = input.user ?? this.defaultUserId;
    const file: SlackFile = {
      id,
      name: input.name,
      title: input.title ?? input.name,
      mimetype: input.mimetype ?? kind.mimetype,
      filetype: input.filetype ?? kind.filetype,
      pretty_type: kind.pretty,
      user: owner,
      user_team: this.teamId,
      editable: false,
      size: content.length,
      created,
      timestamp: created,
      mode: "hosted",
      is_external: false,
      external_type: "",
      is_public: false,
      public_url_shared: false,
      display_as_bot: false,
      username: "",
      // Slack percent-encodes the file name in these URLs (a name may hold spaces, "#", "?" or "/").
      url_private: `${path}/${encodeURIComponent(name)}`,
      url_private_download: `${path}/download/${encodeURIComponent(name)}`,
      permalink: `https://${this.teamDomain}.slack.com/files/${owner}/${id}/${encodeURIComponent(name)}`,
      file_access: "visible",
    };
    this.files.set(id, { file, content });
    return file;
  }

  addUser(input: AddUserInput): SlackUser {
    const tz = input.tz ?? "America/New_York";
    const zone = zoneInfo(tz);
    const realName = input.real_name ?? input.name ?? input.id;
    const name = input.name ?? realName.toLowerCase().replace(/\s+/g, ".");
    const user: SlackUser = {
      id: input.id,
      team_id: this.teamId,
      name,
      deleted: input.deleted ?? false,
      real_name: realName,
      tz,
      tz_label: zone.label,
      tz_offset: input.tz_offset ?? zone.offset,
      // Slack: every owner is an admin too.
      is_admin: (input.is_admin ?? false) || (input.is_owner ?? false),
      is_owner: input.is_owner ?? false,
      is_bot: input.is_bot ?? false,
      is_app_user: false,
      updated: Math.floor(Date.now() / 1000),
      profile: {
        real_name: realName,
        real_name_normalized: realName,
        display_name: name,
        display_name_normalized: name,
        email: input.email ?? `${name}@example.com`,
        team: this.teamId,
      },
    };
    this.users.set(user.id, user);
    return user;
  }

  addChannel(input: AddChannelInput): SlackChannel {
    const channel: SlackChannel = {
      id: input.id,
      name: input.name,
      name_normalized: input.name,
      is_channel: !input.isPrivate,
      is_group: false,
      is_im: false,
      is_mpim: false,
      is_private: input.isPrivate ?? false,
      is_archived: input.isArchived ?? false,
      is_general: input.name === "general",
      is_shared: false,
      is_ext_shared: false,
      is_org_shared: false,
      is_member: input.isMember ?? true,
      created: TS_BASE_SECONDS - 86_400,
      creator: this.defaultUserId,
      context_team_id: this.teamId,
      topic: { value: "", creator: "", last_set: 0 },
      purpose: { value: "", creator: "", last_set: 0 },
      num_members: 2,
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  // ----- lookups the Web API methods share -----

  /** By id, or by name with or without '#'. */
  findChannel(ref: string): SlackChannel | undefined {
    const byId = this.channels.get(ref);
    if (byId) return byId;
    const name = ref.replace(/^#/, "");
    return [...this.channels.values()].find((channel) => channel.name === name && !channel.is_im);
  }

  /** Where a message to `ref` goes: channels by id or name; a user id opens (or reuses) a DM. */
  postTarget(ref: string): SlackChannel {
    if (/^[UW][A-Z0-9]+$/.test(ref)) {
      if (!this.users.has(ref)) throw new SlackApiError("channel_not_found");
      const id = `D${ref.slice(1)}`;
      const existing = this.channels.get(id);
      if (existing) return existing;
      const dm = this.addChannel({ id, name: ref, isPrivate: true });
      Object.assign(dm, { is_channel: false, is_im: true, user: ref });
      return dm;
    }
    const channel = this.findChannel(ref);
    if (!channel || !this.visibleToBot(channel)) throw new SlackApiError("channel_not_found");
    if (channel.is_archived) throw new SlackApiError("is_archived");
    if (!channel.is_member) throw new SlackApiError("not_in_channel");
    return channel;
  }

  channelArg(args: Record<string, unknown>, key = "channel"): SlackChannel {
    const ref = str(args[key]);
    if (ref === undefined) throw new SlackApiError("channel_not_found");
    const channel = this.findChannel(ref);
    if (!channel || !this.visibleToBot(channel)) throw new SlackApiError("channel_not_found");
    return channel;
  }

  /**
   * A private channel exists, for the bot, only once someone invited it: conversations.list
   * lists "private channels the calling user is a member of", and every other method naming one
   * it is not in answers channel_not_found, as for a channel that does not exist
   * (https://docs.slack.dev/reference/methods/conversations.list,
   * https://docs.slack.dev/reference/methods/conversations.info#errors). A public channel is
   * visible whether or not the bot is in it.
   */
  visibleToBot(channel: SlackChannel): boolean {
    return !channel.is_private || channel.is_member;
  }

  messageShape(message: PostedMessage): Record<string, unknown> {
    return {
      type: "message",
      text: message.text ?? "",
      user: message.user,
      bot_id: message.bot_id,
      app_id: this.appId,
      team: this.teamId,
      ts: message.ts,
      ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
      ...(message.blocks !== undefined ? { blocks: message.blocks } : {}),
      ...(message.attachments !== undefined ? { attachments: message.attachments } : {}),
      ...(message.metadata !== undefined ? { metadata: message.metadata } : {}),
      ...(message.updates > 0 ? { edited: { user: message.user, ts: message.ts } } : {}),
      bot_profile: {
        id: this.botId,
        app_id: this.appId,
        name: "SAM Campaigns",
        team_id: this.teamId,
        deleted: false,
      },
    };
  }

  newView(view: Record<string, unknown>, extra: Partial<SlackView> = {}): SlackView {
    const id = this.host.nextId("V");
    const stored: SlackView = {
      ...view,
      id,
      team_id: this.teamId,
      type: str(view.type) ?? "modal",
      blocks: Array.isArray(view.blocks) ? view.blocks : [],
      callback_id: str(view.callback_id) ?? "",
      private_metadata: str(view.private_metadata) ?? "",
      external_id: str(view.external_id) ?? "",
      state: { values: {} },
      hash: `${TS_BASE_SECONDS}.${hex(4)}`,
      clear_on_close: view.clear_on_close === true || view.clear_on_close === "true",
      notify_on_close: view.notify_on_close === true || view.notify_on_close === "true",
      root_view_id: id,
      previous_view_id: null,
      app_id: this.appId,
      app_installed_team_id: this.teamId,
      bot_id: this.botId,
      ...extra,
    };
    this.viewsById.set(id, stored);
    return stored;
  }
}
