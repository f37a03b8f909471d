// Unipile v1 JSON for the sandbox's records: the same field names, enums and envelopes as the
// reference (unipile-api.md), including the quirks (member_id on relations, 0/1 flags). Every
// field that Unipile's OpenAPI reference (test/fixtures/unipile-openapi) or the official SDK's
// schemas require is present; optional fields are left out rather than sent as null, since
// `null` is not a value those schemas allow for them.
import type { Connection, Invitation, SandboxAccount, SandboxChat, SandboxMessage } from "./model.js";
import { fullName, type Persona } from "./persona.js";
import type { LinkedinSection } from "./request-rules.js";
import type { WebhookRegistration } from "./webhooks.js";

const profileUrl = (publicIdentifier: string) => `https://www.linkedin.com/in/${publicIdentifier}/`;
const pictureUrl = (providerId: string) => `https://media.licdn.com/sandbox/${providerId}.jpg`;

export function list(object: string, items: unknown[], cursor: string | null) {
  return { object, items, cursor };
}

export function profileJson(
  persona: Persona,
  view: { connected: boolean; pendingInvitation: boolean; sections: readonly LinkedinSection[] },
) {
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
    ...sectionsJson(persona, view.sections),
  };
}

/** The `linkedin_sections` asked for, each in the shape of the reference's LinkedIn profile. */
function sectionsJson(persona: Persona, sections: readonly LinkedinSection[]) {
  const has = (section: LinkedinSection) => sections.includes(section);
  const [position = persona.headline, company = "Sandbox Inc."] = persona.headline.split(" at ");
  const recommendations = has("recommendations_received") || has("recommendations_given");
  return {
    ...(has("about") ? { summary: `${persona.firstName} works as ${persona.headline}.` } : {}),
    ...(has("experience")
      ? { work_experience: [{ position, company, skills: [], current: true, start: "1/2021", end: null }] }
      : {}),
    ...(has("education")
      ? { education: [{ school: "Sandbox University", start: "2012", end: "2016" }] }
      : {}),
    ...(has("skills")
      ? {
          skills: [
            { name: "Sales", endorsement_count: 3, endorsement_id: null, insights: [], endorsed: false },
          ],
        }
      : {}),
    ...(has("languages") ? { languages: [{ name: "English", proficiency: "Full professional" }] } : {}),
    ...(has("certifications") ? { certifications: [] } : {}),
    ...(has("volunteering_experience") ? { volunteering_experience: [] } : {}),
    ...(has("projects") ? { projects: [] } : {}),
    ...(recommendations ? { recommendations: { received: [], given: [] } } : {}),
  };
}

export function ownProfileJson(account: SandboxAccount) {
  const [firstName = account.name, ...rest] = account.name.split(" ");
  return {
    object: "AccountOwnerProfile",
    provider: "LINKEDIN",
    provider_id: account.providerId,
    entity_urn: `urn:li:fsd_profile:${account.providerId}`,
    object_urn: `urn:li:member:${account.seq}`,
    public_identifier: account.publicIdentifier,
    public_profile_url: profileUrl(account.publicIdentifier),
    first_name: firstName,
    last_name: rest.join(" "),
    headline: "Sales at Sandbox Inc.",
    occupation: "Sales at Sandbox Inc.",
    profile_picture_url: null,
    email: `${account.publicIdentifier}@sandbox.invalid`,
    premium: false,
    open_profile: false,
    organizations: [],
    recruiter: null,
    sales_navigator: null,
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

/** A chat as listed; `GET /chats/{id}` adds `lastMessage` (chatWithLastMessageJson). */
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
    folder: ["INBOX", "INBOX_LINKEDIN_CLASSIC"],
  };
}

export function chatWithLastMessageJson(chat: SandboxChat) {
  const last = chat.messages[chat.messages.length - 1];
  return { ...chatJson(chat), lastMessage: last ? messageJson(last, chat) : null };
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
    sender_attendee_id: attendeeId(message.senderProviderId),
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
    behavior: null,
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
      im: {
        id: account.providerId,
        publicIdentifier: account.publicIdentifier,
        username: account.name,
        premiumId: null,
        premiumContractId: null,
        premiumFeatures: [],
        organizations: [],
      },
    },
    sources: [{ id: `${account.id}_MESSAGING`, status: account.status }],
    groups: [],
  };
}

/**
 * A webhook as Unipile lists it (n_listWebhooks): `account_ids` as objects, `format`, `data`,
 * `type` and header values, and no `source`, which the reference does not list.
 */
export function webhookJson(
  registration: WebhookRegistration,
  accountOf: (id: string) => SandboxAccount | undefined,
) {
  return {
    object: "Webhook",
    id: registration.id,
    type: "AUTO",
    name: registration.name,
    request_url: registration.requestUrl,
    format: registration.format,
    events: registration.events ?? [],
    data: registration.data,
    account_ids: (registration.accountIds ?? []).map((id) => {
      const account = accountOf(id);
      return { id, type: account?.type ?? "LINKEDIN", ...(account ? { name: account.name } : {}) };
    }),
    enabled: registration.enabled,
    headers: registration.headers.map((header) => ({ key: header.key, value: header.value })),
  };
}

/** The attendee id of a provider id, the same in chats, messages and webhook payloads. */
export const attendeeId = (providerId: string) => `att-${providerId.slice(5, 17)}`;

/** A chat attendee (ChatAttendee in the reference); LinkedIn's `specifics` are left out. */
export function chatAttendeeJson(
  accountId: string,
  person: { providerId: string; name: string; publicIdentifier: string },
  isSelf: boolean,
) {
  return {
    object: "ChatAttendee",
    id: attendeeId(person.providerId),
    account_id: accountId,
    provider_id: person.providerId,
    name: person.name,
    is_self: isSelf ? 1 : 0,
    hidden: 0,
    picture_url: pictureUrl(person.providerId),
    profile_url: profileUrl(person.publicIdentifier),
  };
}

function attendeeJson(providerId: string, name: string, publicIdentifier: string) {
  return {
    attendee_id: attendeeId(providerId),
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
