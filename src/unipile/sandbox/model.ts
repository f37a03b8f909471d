// The sandbox's state, as plain records. The World owns and changes them; shapes.ts turns them
// into Unipile's JSON.
import type { Persona } from "./persona.js";

export type AccountStatus = "OK" | "CREDENTIALS";

export interface SandboxAccount {
  id: string;
  seq: number;
  name: string;
  type: "LINKEDIN";
  /** The account owner's own LinkedIn member id: the sender of our messages. */
  providerId: string;
  publicIdentifier: string;
  status: AccountStatus;
  createdAt: Date;
}

/** A first-degree link that shows in the account's relations list. */
export interface Connection {
  seq: number;
  accountId: string;
  persona: Persona;
  since: Date;
  origin: "seeded" | "accepted";
}

export interface Invitation {
  id: string;
  seq: number;
  accountId: string;
  persona: Persona;
  text: string | null;
  sentAt: Date;
  status: "PENDING" | "ACCEPTED" | "WITHDRAWN";
}

export interface SandboxMessage {
  id: string;
  seq: number;
  chatId: string;
  accountId: string;
  senderProviderId: string;
  text: string;
  timestamp: Date;
  /** True when the account sent it. */
  isSender: boolean;
}

export interface SandboxChat {
  id: string;
  seq: number;
  accountId: string;
  attendee: Persona;
  createdAt: Date;
  messages: SandboxMessage[];
  /** A reply is scheduled and has not arrived yet; one at a time per chat. */
  replyPending: boolean;
}
