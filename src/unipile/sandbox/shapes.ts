// Unipile v1 JSON for the sandbox's records: the same field names, enums and envelopes as the
// reference (unipile-api.md), including the quirks (member_id on relations, 0/1 flags).
import type { Connection, Invitation, SandboxAccount, SandboxChat, SandboxMessage } from "./model.js";
import { fullName, type Persona } from "./persona.js";
import type { WebhookRegistration } from "./webhooks.js";

const profileUrl = (publicIdentifier: string) => `https://www.linkedin.com/in/${publicIdentifier}/`;
const pictureUrl = (providerId: string) => `https://media.licdn.com/sandbox/${providerId}.jpg`;

export function list(object: string, items: unknown[], cursor: string | null) {
  return { object, items, cursor };
}

export function profileJson(persona: Persona, view: { connected: boolean; pendingInvitation: boolean }) {
  return {
    object: "UserProfile",
    provider: "LINKEDIN",
    provider_id: persona.providerId,
    public_identifier: persona.publicIdentifier,
    public_profile_url: profileUrl(persona.publicIdentifier),
    first_name: persona.firstName,
    last_name: persona.lastName,
    headline: persona.headline,
    websites: [],
    network_distance: view.connected ? "FIRST_DEGREE" : persona.degree,
    is_relationship: view.connected,
    is_self: false,
    ...(view.pendingInvitation ? { invitation: { type: "SENT", status: "PENDING" } } : {}),
    can_send_inmail: false,
    is_open_profile: false,
    is_premium: false,
    connections_count: 500,
    shared_connections_count: 3,
    follower_count: 600,
    profile_picture_url: pictureUrl(persona.providerId),
  };
}

export function ownProfileJson(account: SandboxAccount) {
  const [firstName = account.name, ...rest] = account.name.split(" ");
  return {
    object: "AccountOwnerProfile",
    provider: "LINKEDIN",
    provider_id: account.providerId,
    public_identifier: account.publicIdentifier,
    first_name: firstName,
    last_name: rest.join(" "),
    occupation: "Sales at Sandbox Inc.",
  };
}

export function relationJson(connection: Connection) {
  const { persona } = connection;
  return {
    object: "UserRelation",
    first_name: persona.firstName,
    last_name: persona.lastName,
    headline: persona.headline,
    public_identifier: persona.publicIdentifier,
    public_profile_url: profileUrl(persona.publicIdentifier),
    created_at: connection.since.getTime(),
    member_id: persona.providerId,
    member_urn: `urn:li:fsd_profile:${persona.providerId}`,
    connection_urn: `urn:li:fsd_connection:${persona.providerId}`,
    profile_picture_url: pictureUrl(persona.providerId),
  };
}

export function pendingInvitationJson(invitation: Invitation, inviter: SandboxAccount, now: Date) {
  const days = Math.floor((now.getTime() - invitation.sentAt.getTime()) / 86_400_000);
  return {
    object: "InvitationSent",
    id: invitation.id,
    invited_user: fullName(invitation.persona),
    invited_user_id: invitation.persona.providerId,
    invited_user_public_id: invitation.persona.publicIdentifier,
    invited_user_description: invitation.persona.headline,
    date: days <= 0 ? "Sent today" : `Sent ${days} day${days === 1 ? "" : "s"} ago`,
    parsed_datetime: invitation.sentAt.toISOString(),
    invitation_text: invitation.text,
    inviter: {
      inviter_id: inviter.providerId,
      inviter_name: inviter.name,
      inviter_public_identifier: inviter.publicIdentifier,
      inviter_description: "",
    },
    specifics: { provider: "LINKEDIN", shared_secret: `sandbox-${invitation.id}` },
  };
}

export function chatJson(chat: SandboxChat) {
  const last = chat.messages[chat.messages.length - 1];
  const lastOwn = chat.messages.findLast((message) => message.isSender);
  const unread = chat.messages.filter(
    (message) => !message.isSender && (!lastOwn || message.seq > lastOwn.seq),
  );
  return {
    object: "Chat",
    id: chat.id,
    account_id: chat.accountId,
    account_type: "LINKEDIN",
    provider_id: `urn:li:msg_conversation:${chat.id}`,
    attendee_provider_id: chat.attendee.providerId,
    name: fullName(chat.attendee),
    type: 0,
    timestamp: (last?.timestamp ?? chat.createdAt).toISOString(),
    unread_count: unread.length,
    archived: 0,
    muted_until: null,
    read_only: 0,
    disabledFeatures: [],
    subject: null,
    organization_id: null,
    mailbox_id: null,
    content_type: null,
    folder: ["INBOX", "INBOX_LINKEDIN_CLASSIC"],
  };
}

export function messageJson(message: SandboxMessage, chat: SandboxChat) {
  return {
    object: "Message",
    id: message.id,
    account_id: message.accountId,
    chat_id: message.chatId,
    chat_provider_id: `urn:li:msg_conversation:${chat.id}`,
    provider_id: `urn:li:msg_message:${message.id}`,
    sender_id: message.senderProviderId,
    sender_attendee_id: `att-${message.senderProviderId.slice(5, 17)}`,
    text: message.text,
    attachments: [],
    timestamp: message.timestamp.toISOString(),
    is_sender: message.isSender ? 1 : 0,
    seen: message.isSender ? 1 : 0,
    seen_by: {},
    delivered: 1,
    hidden: 0,
    deleted: 0,
    edited: 0,
    is_event: 0,
    original: "",
    reactions: [],
    message_type: "MESSAGE",
    attendee_distance: 1,
  };
}

export function accountJson(account: SandboxAccount) {
  return {
    object: "Account",
    id: account.id,
    type: account.type,
    name: account.name,
    created_at: account.createdAt.toISOString(),
    connection_params: {
      im: { id: account.providerId, publicIdentifier: account.publicIdentifier, username: account.name },
    },
    sources: [{ id: `${account.id}_MESSAGING`, status: account.status }],
    groups: [],
  };
}

/** Custom header values are write-only: listing shows their names, never the secrets. */
export function webhookJson(registration: WebhookRegistration) {
  return {
    object: "Webhook",
    id: registration.id,
    name: registration.name,
    request_url: registration.requestUrl,
    source: registration.source,
    events: registration.events ?? [],
    account_ids: registration.accountIds ?? [],
    enabled: registration.enabled,
    headers: registration.headers.map((header) => ({ key: header.key })),
  };
}

function attendeeJson(providerId: string, name: string, publicIdentifier: string) {
  return {
    attendee_id: `att-${providerId.slice(5, 17)}`,
    attendee_name: name,
    attendee_provider_id: providerId,
    attendee_profile_url: profileUrl(publicIdentifier),
  };
}

export function messageReceivedEvent(
  account: SandboxAccount,
  chat: SandboxChat,
  message: SandboxMessage,
  webhookName: string,
) {
  const self = attendeeJson(account.providerId, account.name, account.publicIdentifier);
  const prospect = attendeeJson(
    chat.attendee.providerId,
    fullName(chat.attendee),
    chat.attendee.publicIdentifier,
  );
  return {
    account_id: account.id,
    account_type: "LINKEDIN",
    event: "message_received",
    chat_id: chat.id,
    timestamp: message.timestamp.toISOString(),
    webhook_name: webhookName,
    message_id: message.id,
    message: message.text,
    sender: message.isSender ? self : prospect,
    attendees: [self, prospect],
    attachments: [],
  };
}

export function newRelationEvent(account: SandboxAccount, persona: Persona, webhookName: string) {
  return {
    event: "new_relation",
    account_id: account.id,
    account_type: "LINKEDIN",
    webhook_name: webhookName,
    user_full_name: fullName(persona),
    user_provider_id: persona.providerId,
    user_public_identifier: persona.publicIdentifier,
    user_profile_url: profileUrl(persona.publicIdentifier),
    user_picture_url: pictureUrl(persona.providerId),
  };
}

export function accountStatusEvent(account: SandboxAccount, message: string) {
  return { AccountStatus: { account_id: account.id, account_type: "LINKEDIN", message } };
}
