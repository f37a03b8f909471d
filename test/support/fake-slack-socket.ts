// Slack's side of Socket Mode for the fake Slack (fake-slack.ts hooks it into its server):
// `apps.connections.open` with the app-level token, a WebSocket endpoint speaking RFC 6455
// (written here on node:http's `upgrade`: no WebSocket server is installed and the app's own
// client is undici's), and envelopes delivered and acknowledged the way Slack does it.
//
// Sources (the protocol as Slack documents it, and as the client the app runs expects it):
// - "Using Socket Mode", https://docs.slack.dev/apis/events-api/using-socket-mode (formerly
//   api.slack.com/apis/socket-mode and /apis/connections/socket-implement): the URL comes from
//   apps.connections.open called with an app-level token; it opens with
//   `{"type":"hello","num_connections",…,"debug_info":{…},"connection_info":{"app_id"}}`;
//   payloads arrive as envelopes `{envelope_id, type: "events_api"|"slash_commands"|"interactive",
//   payload, accepts_response_payload, retry_attempt, retry_reason}`; the app acknowledges each
//   with `{"envelope_id", "payload"?}` within 3 seconds, else Slack retries (events) or the user
//   sees an error (commands, interactions); Slack sends `{"type":"disconnect","reason":
//   "warning"|"refresh_requested"|"link_disabled"}` before it closes a connection; up to 10
//   connections per app at once.
// - apps.connections.open, https://docs.slack.dev/reference/methods/apps.connections.open:
//   errors `not_authed`, `invalid_auth`, `not_allowed_token_type` (a bot or user token).
// - @slack/socket-mode 3.1.0 (node_modules/@slack/socket-mode/dist/src/SocketModeClient.js): Bolt's
//   client waits for `hello` before it counts as connected, closes and reconnects on any
//   `disconnect`, pings every clientPingTimeout/3 and drops a connection that does not pong.
//
// Tests reach it three ways: `socket.deliver()` sends an envelope; the bridge (`bridgeUrl`) turns
// the signed HTTP requests of slack-driver.ts into envelopes and answers with the app's ack, so
// every helper written for HTTP mode drives Socket Mode unchanged; `disconnect()` forces a
// reconnect. Everything delivered and acknowledged is recorded for assertions.
import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";

/** Slack's ack deadline for every envelope. */
export const ACK_DEADLINE_MS = 3000;
/** Slack retries an unacknowledged Events API delivery 3 times. */
const EVENT_RETRIES = 3;
/** Slack allows an app 10 Socket Mode connections at once. */
const MAX_CONNECTIONS = 10;
/** Path under the fake's server where signed HTTP requests become envelopes. */
export const SOCKET_BRIDGE_PREFIX = "/socket-mode-bridge";
const WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

export type EnvelopeType = "events_api" | "slash_commands" | "interactive";
export type DisconnectReason = "warning" | "refresh_requested" | "link_disabled";

/** One delivery of an envelope on one connection (a redelivery is a new record, same envelope_id). */
export interface EnvelopeDelivery {
  envelope_id: string;
  type: EnvelopeType;
  payload: Record<string, unknown>;
  retry_attempt: number;
  retry_reason: string;
  connection: number;
  /** performance.now() when written to the socket. */
  sentAt: number;
  ackedAt?: number;
  /** The ack's `payload` ({} for a bare ack). */
  ackPayload?: Record<string, unknown>;
  /** Acknowledged after the deadline (too late: Slack had already retried or given up). */
  late?: boolean;
  /** The ack was dropped on purpose (loseNextAck): as if the connection died with it on the wire. */
  lost?: boolean;
  /** Not acknowledged in time. */
  expired?: boolean;
}

export interface SocketConnection {
  id: number;
  openedAt: number;
  closedAt?: number;
  /** Who closed it: "client", or the reason Slack gave. */
  closedBy?: string;
  helloSent: boolean;
}

export interface FakeSlackSocketOptions {
  appToken: string;
  appId: string;
  teamId: string;
  /** The fake's base URL (known once it listens). */
  baseUrl: () => string;
  /** The ack deadline; tests of the fake itself shorten it. Default 3000 (Slack's). */
  ackDeadlineMs?: number;
}

interface Pending {
  delivery: EnvelopeDelivery;
  timer: NodeJS.Timeout;
}

interface Live {
  id: number;
  socket: Duplex;
  buffer: Buffer;
  fragments: Buffer[];
  record: SocketConnection;
}

type Settled = (delivery: EnvelopeDelivery | null) => void;

// ----- RFC 6455 framing (only what a Slack server needs: text, ping/pong, close) -----

function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  let header: Buffer;
  if (length < 126) {
    header = Buffer.from([0x80 | opcode, length]);
  } else if (length < 65_536) {
    header = Buffer.alloc(4);
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.alloc(10);
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  header[0] = 0x80 | opcode;
  return Buffer.concat([header, payload]);
}

interface Frame {
  fin: boolean;
  opcode: number;
  payload: Buffer;
}

/** The next complete frame at the start of `buffer`, or null; `masked: false` is a protocol error. */
function readFrame(buffer: Buffer): { frame: Frame; rest: Buffer; masked: boolean } | null {
  if (buffer.length < 2) return null;
  const first = buffer[0]!;
  const second = buffer[1]!;
  const masked = (second & 0x80) !== 0;
  let length = second & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return null;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return null;
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  const maskAt = offset;
  if (masked) offset += 4;
  if (buffer.length < offset + length) return null;
  const payload = Buffer.from(buffer.subarray(offset, offset + length));
  if (masked) for (let i = 0; i < payload.length; i++) payload[i]! ^= buffer[maskAt + (i % 4)]!;
  return {
    frame: { fin: (first & 0x80) !== 0, opcode: first & 0x0f, payload },
    rest: buffer.subarray(offset + length),
    masked,
  };
}

// ----- Slack's Socket Mode -----

export class FakeSlackSocket {
  /** Every envelope delivery, redeliveries included, in order. */
  readonly deliveries: EnvelopeDelivery[] = [];
  readonly connections: SocketConnection[] = [];
  /** Acks for envelopes this fake never sent (or sent twice). */
  readonly strayAcks: unknown[] = [];
  private readonly options: FakeSlackSocketOptions;
  private readonly deadlineMs: number;
  private readonly tickets = new Set<string>();
  private readonly live = new Map<number, Live>();
  private readonly pending = new Map<string, Pending>();
  /** Envelopes waiting for a connection (events are kept; Slack retries them later). */
  private queue: Array<Omit<EnvelopeDelivery, "connection" | "sentAt">> = [];
  private readonly settled = new Map<string, Settled[]>();
  private connectionCounter = 0;
  private acksToLose = 0;

  constructor(options: FakeSlackSocketOptions) {
    this.options = options;
    this.deadlineMs = options.ackDeadlineMs ?? ACK_DEADLINE_MS;
  }

  /** Where slack-driver.ts can point `baseUrl` to speak Socket Mode through signed HTTP. */
  get bridgeUrl(): string {
    return `${this.options.baseUrl()}${SOCKET_BRIDGE_PREFIX}`;
  }

  /** Open, greeted connections. */
  openConnections(): SocketConnection[] {
    return this.connections.filter((c) => c.closedAt === undefined && c.helloSent);
  }

  /** The apps.connections.open answer for the token presented (Slack: HTTP 200 either way). */
  openConnection(token: string | undefined): Record<string, unknown> {
    if (token === undefined) return { ok: false, error: "not_authed" };
    if (!token.startsWith("xapp-")) return { ok: false, error: token.startsWith("xox") ? "not_allowed_token_type" : "invalid_auth" };
    if (token !== this.options.appToken) return { ok: false, error: "invalid_auth" };
    const ticket = randomBytes(16).toString("hex");
    this.tickets.add(ticket);
    const ws = this.options.baseUrl().replace(/^http/, "ws");
    return { ok: true, url: `${ws}/link/?ticket=${ticket}&app_id=${this.options.appId}` };
  }

  /** node:http `upgrade`: a ticket is good for one connection, as Slack's are. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? "/", "http://fake");
    const ticket = url.searchParams.get("ticket") ?? "";
    const key = req.headers["sec-websocket-key"];
    const refuse = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const refusal =
      url.pathname !== "/link/" || typeof key !== "string"
        ? "404 Not Found"
        : !this.tickets.delete(ticket)
          ? "401 Unauthorized"
          : this.live.size >= MAX_CONNECTIONS
            ? "429 Too Many Requests"
            : null;
    if (refusal !== null || typeof key !== "string") {
      refuse(refusal ?? "404 Not Found");
      return;
    }
    const accept = createHash("sha1").update(key + WEBSOCKET_GUID).digest("base64");
    socket.write(
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    const record: SocketConnection = { id: ++this.connectionCounter, openedAt: performance.now(), helloSent: false };
    this.connections.push(record);
    const live: Live = { id: record.id, socket, buffer: Buffer.alloc(0), fragments: [], record };
    this.live.set(record.id, live);
    socket.on("data", (chunk: Buffer) => this.receive(live, chunk));
    socket.on("close", () => this.closed(live, "client"));
    socket.on("error", () => {
      this.closed(live, "client");
      socket.destroy();
    });
    if (head.length > 0) this.receive(live, head);
    this.send(live, {
      type: "hello",
      num_connections: this.live.size,
      debug_info: { host: `applink-fake-${record.id}`, build_number: 1, approximate_connection_time: 18_060 },
      connection_info: { app_id: this.options.appId },
    });
    record.helloSent = true;
    this.flushQueue();
  }

  /** Sends an envelope on the newest open connection (or queues it); resolves with its delivery that was acked, or null. */
  deliver(
    type: EnvelopeType,
    payload: Record<string, unknown>,
    options: { retryAttempt?: number; retryReason?: string; envelopeId?: string } = {},
  ): Promise<EnvelopeDelivery | null> {
    const envelope = {
      envelope_id: options.envelopeId ?? `${randomBytes(4).toString("hex")}-${randomBytes(2).toString("hex")}-fake`,
      type,
      payload,
      retry_attempt: options.retryAttempt ?? 0,
      retry_reason: options.retryReason ?? "",
    };
    const done = new Promise<EnvelopeDelivery | null>((resolve) => {
      const list = this.settled.get(envelope.envelope_id) ?? [];
      list.push(resolve);
      this.settled.set(envelope.envelope_id, list);
    });
    this.dispatch(envelope);
    return done;
  }

  /** Slack's `disconnect` message on every open connection; Slack closes them itself after `closeAfterMs`. */
  disconnect(reason: DisconnectReason, options: { closeAfterMs?: number } = {}): void {
    for (const live of this.live.values()) {
      this.send(live, { type: "disconnect", reason, debug_info: { host: `applink-fake-${live.id}` } });
      const timer = setTimeout(() => this.closeConnection(live, 1000, reason), options.closeAfterMs ?? 1000);
      timer.unref();
    }
  }

  /** Drop the next `count` acks as if the connection lost them: those envelopes expire and events are redelivered. */
  loseNextAck(count = 1): void {
    this.acksToLose += count;
  }

  /** Turns a request from slack-driver.ts (signed HTTP, as Slack would POST it) into an envelope and answers with the ack. */
  async bridge(req: IncomingMessage, raw: Buffer, res: ServerResponse): Promise<void> {
    const text = raw.toString("utf8");
    const type = (req.headers["content-type"] ?? "").toLowerCase();
    let envelopeType: EnvelopeType;
    let payload: Record<string, unknown>;
    if (type.startsWith("application/x-www-form-urlencoded")) {
      const form = new URLSearchParams(text);
      const interaction = form.get("payload");
      if (interaction !== null) {
        envelopeType = "interactive";
        payload = JSON.parse(interaction) as Record<string, unknown>;
      } else {
        envelopeType = "slash_commands";
        payload = Object.fromEntries(form);
      }
    } else {
      envelopeType = "events_api";
      payload = JSON.parse(text) as Record<string, unknown>;
    }
    const retry = req.headers["x-slack-retry-num"];
    const delivery = await this.deliver(envelopeType, payload, {
      retryAttempt: retry === undefined ? 0 : Number(retry),
      retryReason: String(req.headers["x-slack-retry-reason"] ?? ""),
    });
    if (!delivery) {
      res.writeHead(408, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: false, error: "not_acknowledged_in_time" }));
      return;
    }
    const body = delivery.ackPayload && Object.keys(delivery.ackPayload).length > 0 ? JSON.stringify(delivery.ackPayload) : "";
    res.writeHead(200, body ? { "content-type": "application/json" } : {});
    res.end(body);
  }

  /** Forget what was recorded (connections stay open). */
  reset(): void {
    for (const pending of this.pending.values()) clearTimeout(pending.timer);
    this.pending.clear();
    this.queue = [];
    this.deliveries.length = 0;
    this.strayAcks.length = 0;
    this.acksToLose = 0;
    for (const resolvers of this.settled.values()) for (const resolve of resolvers) resolve(null);
    this.settled.clear();
  }

  close(): void {
    this.reset();
    for (const live of this.live.values()) live.socket.destroy();
    this.live.clear();
  }

  // ----- internals -----

  private newest(): Live | undefined {
    return [...this.live.values()].filter((l) => l.record.helloSent).at(-1);
  }

  private dispatch(envelope: Omit<EnvelopeDelivery, "connection" | "sentAt">): void {
    const live = this.newest();
    if (!live) {
      // Events wait for the app to come back (Slack keeps retrying them); a command or a click
      // with nobody connected fails at once: the user sees Slack's "didn't respond" error.
      if (envelope.type === "events_api") this.queue.push(envelope);
      else this.settle(envelope.envelope_id, null);
      return;
    }
    const delivery: EnvelopeDelivery = { ...envelope, connection: live.id, sentAt: performance.now() };
    this.deliveries.push(delivery);
    const timer = setTimeout(() => this.expire(delivery), this.deadlineMs);
    timer.unref();
    this.pending.set(delivery.envelope_id, { delivery, timer });
    this.send(live, {
      envelope_id: delivery.envelope_id,
      payload: delivery.payload,
      type: delivery.type,
      // Slack lets the ack carry a response for commands and interactions, not for events.
      accepts_response_payload: delivery.type !== "events_api",
      ...(delivery.type === "events_api"
        ? { retry_attempt: delivery.retry_attempt, retry_reason: delivery.retry_reason }
        : {}),
    });
  }

  private expire(delivery: EnvelopeDelivery): void {
    const pending = this.pending.get(delivery.envelope_id);
    if (pending?.delivery !== delivery) return;
    this.pending.delete(delivery.envelope_id);
    delivery.expired = true;
    if (delivery.type === "events_api" && delivery.retry_attempt < EVENT_RETRIES) {
      this.dispatch({
        envelope_id: delivery.envelope_id,
        type: delivery.type,
        payload: delivery.payload,
        retry_attempt: delivery.retry_attempt + 1,
        retry_reason: "timeout",
      });
    } else {
      this.settle(delivery.envelope_id, null);
    }
  }

  private acknowledge(message: { envelope_id?: unknown; payload?: unknown }): void {
    const id = typeof message.envelope_id === "string" ? message.envelope_id : "";
    const pending = this.pending.get(id);
    if (!pending) {
      const late = this.deliveries.findLast((d) => d.envelope_id === id && d.expired && d.ackedAt === undefined);
      if (late) {
        late.ackedAt = performance.now();
        late.late = true;
      } else {
        this.strayAcks.push(message);
      }
      return;
    }
    const { delivery } = pending;
    if (this.acksToLose > 0) {
      this.acksToLose -= 1;
      delivery.lost = true;
      return;
    }
    clearTimeout(pending.timer);
    this.pending.delete(id);
    delivery.ackedAt = performance.now();
    const payload = message.payload;
    delivery.ackPayload = payload && typeof payload === "object" ? (payload as Record<string, unknown>) : {};
    this.settle(id, delivery);
  }

  private settle(id: string, delivery: EnvelopeDelivery | null): void {
    const resolvers = this.settled.get(id) ?? [];
    this.settled.delete(id);
    for (const resolve of resolvers) resolve(delivery);
  }

  private flushQueue(): void {
    const waiting = this.queue;
    this.queue = [];
    for (const envelope of waiting) this.dispatch(envelope);
  }

  private send(live: Live, message: Record<string, unknown>): void {
    if (!live.socket.destroyed) live.socket.write(frame(0x1, Buffer.from(JSON.stringify(message))));
  }

  private receive(live: Live, chunk: Buffer): void {
    live.buffer = Buffer.concat([live.buffer, chunk]);
    for (;;) {
      const next = readFrame(live.buffer);
      if (!next) return;
      live.buffer = next.rest;
      // RFC 6455 §5.1: a server must close the connection on an unmasked client frame.
      if (!next.masked) {
        this.closeConnection(live, 1002, "client frames must be masked");
        return;
      }
      const { opcode, payload, fin } = next.frame;
      if (opcode === 0x9) live.socket.write(frame(0xa, payload));
      else if (opcode === 0x8) {
        this.closeConnection(live, 1000, "client");
        return;
      } else if (opcode === 0x1 || opcode === 0x0) {
        live.fragments.push(payload);
        if (!fin) continue;
        const text = Buffer.concat(live.fragments).toString("utf8");
        live.fragments = [];
        try {
          this.acknowledge(JSON.parse(text) as { envelope_id?: unknown; payload?: unknown });
        } catch {
          this.strayAcks.push(text);
        }
      }
    }
  }

  private closeConnection(live: Live, code: number, reason: string): void {
    if (!this.live.has(live.id)) return;
    const body = Buffer.alloc(2);
    body.writeUInt16BE(code);
    this.closed(live, reason);
    // The close frame is flushed before the TCP connection goes, as in a clean close handshake.
    if (!live.socket.destroyed) live.socket.end(frame(0x8, body));
    setTimeout(() => live.socket.destroy(), 1000).unref();
  }

  private closed(live: Live, by: string): void {
    if (!this.live.delete(live.id)) return;
    live.record.closedAt = performance.now();
    live.record.closedBy = by;
  }
}
