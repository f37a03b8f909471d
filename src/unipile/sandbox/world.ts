// The sandbox's LinkedIn: accounts, people, relations, invitations, chats and messages, moving
// forward in virtual time. Work that falls due later (an acceptance, a reply, a delayed
// webhook) sits on a timeline and runs, in time order, whenever settle() sees the clock past it:
// on every request, on every clock change and from a short real-time tick.
import type { Clock } from "../../clock.js";
import { ApiError, invalidParameters, notFound, refusedParameter } from "./api-error.js";
import { IdFactory, looksLikeProviderId, providerIdFor } from "./hash.js";
import type {
  AccountStatus,
  Connection,
  Invitation,
  SandboxAccount,
  SandboxChat,
  SandboxMessage,
} from "./model.js";
import { People } from "./people.js";
import type { Persona, PersonaOverrides } from "./persona.js";
import { accountStatusEvent, messageReceivedEvent, newRelationEvent } from "./shapes.js";
import type { Stats } from "./stats.js";
import { Timeline } from "./timeline.js";
import type { WebhookHub, WebhookSourceName } from "./webhooks.js";

export interface WorldOptions {
  clock: Clock;
  seed: number;
  hub: WebhookHub;
  stats: Stats;
  /** Virtual delay between an acceptance and its new_relation webhook (Unipile: up to hours). */
  newRelationDelayMs: number;
}

export const DEFAULT_ACCOUNT = {
  id: "sandbox-linkedin-1",
  name: "Demo LinkedIn account",
  publicIdentifier: "sandbox-demo-sender",
} as const;

const DAY = 86_400_000;
/** LinkedIn blocks a new invitation to someone for a while after a withdrawal. */
export const WITHDRAWAL_COOLDOWN_MS = 21 * DAY;
export const MAX_MESSAGE_LENGTH = 8_000;

type SendKind = "invitation" | "message";
const pairKey = (accountId: string, providerId: string) => `${accountId}\n${providerId}`;

export class World {
  readonly people: People;
  private readonly ids: IdFactory;
  private readonly timeline = new Timeline();
  private seq = 0;
  private readonly accountsById = new Map<string, SandboxAccount>();
  private readonly connections = new Map<string, Connection>();
  private readonly relationLists = new Map<string, Connection[]>();
  private readonly invitations = new Map<string, Invitation>();
  private readonly pendingByPair = new Map<string, Invitation>();
  private readonly withdrawnAt = new Map<string, Date>();
  private readonly chats = new Map<string, SandboxChat>();
  private readonly chatByPair = new Map<string, SandboxChat>();
  private readonly sentPerDay = new Map<string, number>();
  private readonly heldEvents = new Map<string, Array<() => void>>();

  constructor(private readonly options: WorldOptions) {
    this.people = new People(options.seed);
    this.ids = new IdFactory(options.seed);
  }

  get clock(): Clock {
    return this.options.clock;
  }

  now(): Date {
    return this.options.clock.now();
  }

  /** Runs everything that has fallen due by now (or by the given instant). */
  settle(now: Date = this.now()): number {
    return this.timeline.runDue(now);
  }

  /** Count of scheduled acceptances, replies and delayed webhooks not yet due. */
  get scheduled(): number {
    return this.timeline.size;
  }

  // ── Accounts ──────────────────────────────────────────────────────────────────────────────

  addAccount(spec: Partial<Omit<SandboxAccount, "seq" | "type">> = {}): SandboxAccount {
    const publicIdentifier =
      spec.publicIdentifier ?? (spec.id ? `${spec.id}-owner` : DEFAULT_ACCOUNT.publicIdentifier);
    const account: SandboxAccount = {
      id: spec.id ?? DEFAULT_ACCOUNT.id,
      seq: ++this.seq,
      name: spec.name ?? DEFAULT_ACCOUNT.name,
      type: "LINKEDIN",
      providerId: spec.providerId ?? providerIdFor(publicIdentifier),
      publicIdentifier,
      status: spec.status ?? "OK",
      createdAt: spec.createdAt ?? new Date(this.now().getTime() - 365 * DAY),
    };
    this.accountsById.set(account.id, account);
    this.relationLists.set(account.id, []);
    return account;
  }

  get defaultAccountId(): string {
    const first = this.accountsById.values().next().value;
    if (!first) throw new Error("the sandbox has no account");
    return first.id;
  }

  account(id: string): SandboxAccount | undefined {
    return this.accountsById.get(id);
  }

  accountsNewestFirst(): SandboxAccount[] {
    return [...this.accountsById.values()].reverse();
  }

  /** The account a call acts for; every call for a disconnected account fails like Unipile's. */
  usableAccount(id: string | null | undefined): SandboxAccount {
    if (!id) throw refusedParameter("Required property at /account_id");
    const account = this.accountsById.get(id);
    if (!account) throw new ApiError(422, "invalid_account", "Invalid account", `No account with id ${id}.`);
    if (account.status !== "OK") {
      throw new ApiError(
        401,
        "disconnected_account",
        "Unauthorized",
        "The account appears to be disconnected from the provider service.",
      );
    }
    return account;
  }

  disconnect(accountId: string): void {
    this.setStatus(accountId, "CREDENTIALS", "CREDENTIALS");
  }

  reconnect(accountId: string): void {
    this.setStatus(accountId, "OK", "RECONNECTED");
    const held = this.heldEvents.get(accountId) ?? [];
    this.heldEvents.delete(accountId);
    for (const send of held) send();
  }

  private setStatus(accountId: string, status: AccountStatus, message: string): void {
    const account = this.accountsById.get(accountId);
    if (!account) throw new Error(`unknown sandbox account ${accountId}`);
    if (account.status === status) return;
    account.status = status;
    // Registrations name these events in lower case (n_createWebhook).
    this.options.hub.emit("account_status", message.toLowerCase(), account.id, () =>
      accountStatusEvent(account, message),
    );
  }

  // ── People and relations ──────────────────────────────────────────────────────────────────

  /** A profile as some account sees it; null for people whose lookup answers 404. */
  profile(identifierOrProviderId: string): Persona | undefined {
    const persona = this.people.find(identifierOrProviderId);
    return persona?.notFound ? undefined : persona;
  }

  defineProfile(identifier: string, overrides: PersonaOverrides): Persona {
    return this.people.define(identifier, overrides);
  }

  isConnected(accountId: string, persona: Persona): boolean {
    return persona.degree === "FIRST_DEGREE" || this.connections.has(pairKey(accountId, persona.providerId));
  }

  hasPendingInvitation(accountId: string, persona: Persona): boolean {
    return this.pendingByPair.has(pairKey(accountId, persona.providerId));
  }

  /** Adds someone to the account's relations list (the list the API pages through). */
  connect(
    accountId: string,
    identifier: string,
    since: Date = this.now(),
    origin: Connection["origin"] = "seeded",
  ) {
    return this.addConnection(accountId, this.people.meet(identifier), since, origin);
  }

  relationsNewestFirst(accountId: string): Connection[] {
    return [...(this.relationLists.get(accountId) ?? [])].reverse();
  }

  private addConnection(
    accountId: string,
    persona: Persona,
    since: Date,
    origin: Connection["origin"],
  ): Connection {
    const key = pairKey(accountId, persona.providerId);
    const existing = this.connections.get(key);
    if (existing) return existing;
    const connection: Connection = { seq: ++this.seq, accountId, persona, since, origin };
    this.connections.set(key, connection);
    this.relationLists.get(accountId)?.push(connection);
    return connection;
  }

  // ── Invitations ───────────────────────────────────────────────────────────────────────────

  invite(account: SandboxAccount, providerId: string, text: string | null): Invitation {
    const persona = this.recipient(providerId);
    if (this.isConnected(account.id, persona)) {
      throw new ApiError(422, "action_already_performed", "Action already performed", "Already connected.");
    }
    const key = pairKey(account.id, persona.providerId);
    if (this.pendingByPair.has(key)) {
      throw new ApiError(
        422,
        "already_invited_recently",
        "Already invited recently",
        "An invitation has already been sent recently to this recipient.",
      );
    }
    const withdrawn = this.withdrawnAt.get(key);
    if (withdrawn && this.now().getTime() - withdrawn.getTime() < WITHDRAWAL_COOLDOWN_MS) {
      throw new ApiError(
        422,
        "already_invited_recently",
        "Already invited recently",
        "Should delay new invitation to this recipient",
      );
    }
    const invitation = this.addInvitation(account.id, persona, text, this.now());
    this.options.stats.deliveries.push({
      kind: "invitation",
      accountId: account.id,
      recipientProviderId: persona.providerId,
      invitationId: invitation.id,
      text: text ?? "",
      at: invitation.sentAt,
    });
    this.countSend(account.id, "invitation");
    return invitation;
  }

  /** An invitation sent before the sandbox started (scenario `pendingInvitation`). */
  seedPendingInvitation(accountId: string, identifier: string, sentAt: Date): Invitation {
    return this.addInvitation(accountId, this.people.meet(identifier), null, sentAt);
  }

  invitation(id: string): Invitation | undefined {
    return this.invitations.get(id);
  }

  pendingInvitationsNewestFirst(accountId: string): Invitation[] {
    return [...this.pendingByPair.values()]
      .filter((invitation) => invitation.accountId === accountId)
      .sort((a, b) => b.seq - a.seq);
  }

  cancelInvitation(account: SandboxAccount, invitationId: string): Invitation {
    const invitation = this.invitations.get(invitationId);
    if (!invitation || invitation.accountId !== account.id || invitation.status !== "PENDING") {
      throw notFound("Invitation not found.");
    }
    invitation.status = "WITHDRAWN";
    const key = pairKey(account.id, invitation.persona.providerId);
    this.pendingByPair.delete(key);
    this.withdrawnAt.set(key, this.now());
    return invitation;
  }

  /** Makes a pending invitation accepted now, whatever the person's usual behaviour. */
  acceptNow(invitationId: string): void {
    const invitation = this.invitations.get(invitationId);
    if (invitation) this.accept(invitation, this.now());
  }

  private addInvitation(accountId: string, persona: Persona, text: string | null, sentAt: Date): Invitation {
    const invitation: Invitation = {
      id: this.ids.invitation(),
      seq: ++this.seq,
      accountId,
      persona,
      text,
      sentAt,
      status: "PENDING",
    };
    this.invitations.set(invitation.id, invitation);
    this.pendingByPair.set(pairKey(accountId, persona.providerId), invitation);
    if (persona.acceptAfterMs !== null) {
      this.timeline.schedule(new Date(sentAt.getTime() + persona.acceptAfterMs), (at) =>
        this.accept(invitation, at),
      );
    }
    return invitation;
  }

  private accept(invitation: Invitation, at: Date): void {
    if (invitation.status !== "PENDING") return;
    invitation.status = "ACCEPTED";
    this.pendingByPair.delete(pairKey(invitation.accountId, invitation.persona.providerId));
    this.addConnection(invitation.accountId, invitation.persona, at, "accepted");
    const account = this.accountsById.get(invitation.accountId)!;
    this.timeline.schedule(new Date(at.getTime() + this.options.newRelationDelayMs), () =>
      this.emitForAccount(account, "users", "new_relation", (name) =>
        newRelationEvent(account, invitation.persona, name),
      ),
    );
  }

  // ── Chats and messages ────────────────────────────────────────────────────────────────────

  startChat(
    account: SandboxAccount,
    attendeeIds: string[],
    text: string,
    options: { inmail?: boolean } = {},
  ): { chat: SandboxChat; message: SandboxMessage } {
    if (attendeeIds.length !== 1) {
      throw invalidParameters("The sandbox supports 1:1 chats only: pass exactly one attendees_ids.");
    }
    const persona = this.recipient(attendeeIds[0]!);
    if (!this.isConnected(account.id, persona)) {
      if (options.inmail) {
        throw new ApiError(
          422,
          "not_allowed_inmail",
          "InMail not allowed",
          "This account cannot send InMail.",
        );
      }
      throw new ApiError(
        422,
        "no_connection_with_recipient",
        "Recipient cannot be reached – the recipient appears not to be a first degree connection",
        "recipient is not first degree connection",
      );
    }
    const chat =
      this.chatByPair.get(pairKey(account.id, persona.providerId)) ?? this.createChat(account, persona);
    return { chat, message: this.appendOwnMessage(account, chat, text) };
  }

  sendMessage(account: SandboxAccount, chat: SandboxChat, text: string): SandboxMessage {
    if (chat.attendee.unreachable) throw unreachable();
    return this.appendOwnMessage(account, chat, text);
  }

  chat(id: string): SandboxChat | undefined {
    return this.chats.get(id);
  }

  chatWith(accountId: string, identifierOrProviderId: string): SandboxChat | undefined {
    const persona = this.people.find(identifierOrProviderId);
    return persona && this.chatByPair.get(pairKey(accountId, persona.providerId));
  }

  chatsNewestFirst(filter: { accountId?: string; attendeeProviderIds?: string[] } = {}): SandboxChat[] {
    return [...this.chats.values()]
      .filter((chat) => !filter.accountId || chat.accountId === filter.accountId)
      .filter(
        (chat) =>
          !filter.attendeeProviderIds || filter.attendeeProviderIds.includes(chat.attendee.providerId),
      )
      .reverse();
  }

  /**
   * Another 1:1 chat with a person the account already talks to (tests): LinkedIn keeps separate
   * threads, e.g. an InMail or Sales Navigator conversation beside the classic one. Sends through
   * `POST /chats` still go to the first.
   */
  openAnotherChat(accountId: string, identifierOrProviderId: string): SandboxChat {
    const account = this.accountsById.get(accountId);
    const persona = this.people.find(identifierOrProviderId);
    if (!account || !persona) throw new Error(`unknown sandbox account or person: ${accountId}, ${identifierOrProviderId}`);
    const first = this.chatByPair.get(pairKey(account.id, persona.providerId));
    const chat = this.createChat(account, persona);
    if (first) this.chatByPair.set(pairKey(account.id, persona.providerId), first);
    return chat;
  }

  /** Makes the prospect of a chat reply now (tests and demos). */
  replyNow(chatId: string, text?: string): SandboxMessage {
    const chat = this.chats.get(chatId);
    if (!chat) throw new Error(`unknown sandbox chat ${chatId}`);
    return this.appendReply(chat, text ?? chat.attendee.replyText, this.now());
  }

  /** Sends already counted today (virtual UTC day) by kind, for the daily-limit fault. */
  sentToday(accountId: string, kind: SendKind): number {
    return this.sentPerDay.get(this.dayKey(accountId, kind)) ?? 0;
  }

  private createChat(account: SandboxAccount, persona: Persona): SandboxChat {
    const chat: SandboxChat = {
      id: this.ids.next("chat"),
      seq: ++this.seq,
      accountId: account.id,
      attendee: persona,
      createdAt: this.now(),
      messages: [],
      replyPending: false,
    };
    this.chats.set(chat.id, chat);
    this.chatByPair.set(pairKey(account.id, persona.providerId), chat);
    return chat;
  }

  private appendOwnMessage(account: SandboxAccount, chat: SandboxChat, text: string): SandboxMessage {
    const message = this.appendMessage(chat, account.providerId, text, this.now(), true);
    this.options.stats.deliveries.push({
      kind: "message",
      accountId: account.id,
      recipientProviderId: chat.attendee.providerId,
      chatId: chat.id,
      messageId: message.id,
      text,
      at: message.timestamp,
    });
    this.countSend(account.id, "message");
    this.scheduleReply(chat, message.timestamp);
    return message;
  }

  private scheduleReply(chat: SandboxChat, after: Date): void {
    const delay = chat.attendee.replyAfterMs;
    if (chat.replyPending || delay === null) return;
    chat.replyPending = true;
    this.timeline.schedule(new Date(after.getTime() + delay), (at) => {
      chat.replyPending = false;
      this.appendReply(chat, chat.attendee.replyText, at);
    });
  }

  private appendReply(chat: SandboxChat, text: string, at: Date): SandboxMessage {
    return this.appendMessage(chat, chat.attendee.providerId, text, at, false);
  }

  private appendMessage(
    chat: SandboxChat,
    senderProviderId: string,
    text: string,
    timestamp: Date,
    isSender: boolean,
  ): SandboxMessage {
    const message: SandboxMessage = {
      id: this.ids.next("message"),
      seq: ++this.seq,
      chatId: chat.id,
      accountId: chat.accountId,
      senderProviderId,
      text,
      timestamp,
      isSender,
    };
    chat.messages.push(message);
    const account = this.accountsById.get(chat.accountId)!;
    this.emitForAccount(account, "messaging", "message_received", (name) =>
      messageReceivedEvent(account, chat, message, name),
    );
    return message;
  }

  // ── Shared ────────────────────────────────────────────────────────────────────────────────

  /** The person a send is addressed to, by provider id, or the error LinkedIn would give. */
  private recipient(providerId: string): Persona {
    if (!looksLikeProviderId(providerId)) {
      throw invalidParameters("User ID does not match provider's expected format.");
    }
    const persona = this.people.byProvider(providerId);
    if (!persona || persona.notFound) {
      throw new ApiError(
        422,
        "invalid_recipient",
        "Invalid recipient",
        "Recipient not found; look the profile up first.",
      );
    }
    if (persona.unreachable) throw unreachable();
    return persona;
  }

  /** Unipile sends no account webhooks while the account is disconnected, and catches up after. */
  private emitForAccount(
    account: SandboxAccount,
    source: WebhookSourceName,
    event: string,
    build: (webhookName: string) => unknown,
  ): void {
    const send = () => this.options.hub.emit(source, event, account.id, build);
    if (account.status === "OK") {
      send();
      return;
    }
    const held = this.heldEvents.get(account.id) ?? [];
    held.push(send);
    this.heldEvents.set(account.id, held);
  }

  private countSend(accountId: string, kind: SendKind): void {
    const key = this.dayKey(accountId, kind);
    this.sentPerDay.set(key, (this.sentPerDay.get(key) ?? 0) + 1);
  }

  private dayKey(accountId: string, kind: SendKind): string {
    return `${accountId}|${kind}|${this.now().toISOString().slice(0, 10)}`;
  }
}

function unreachable(): ApiError {
  return new ApiError(422, "invalid_recipient", "Invalid recipient", "The recipient cannot be reached.");
}
