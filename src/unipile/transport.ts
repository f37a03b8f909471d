// One HTTP exchange over an undici dispatcher, reporting whether the request had been fully
// written when it failed. That fact decides between "safe to try again" (nothing reached
// Unipile) and "ambiguous" (Unipile may have acted), so it is tracked per request rather than
// guessed from error codes. undici only reports it through the legacy handler's onRequestSent.
// Header and body timeouts run on native timers here: undici's own (kept as a backstop) are
// only accurate to about a second.
import type { Dispatcher, FormData } from "undici";

export interface Exchange {
  method: "GET" | "POST" | "DELETE";
  /** Path plus query string, relative to the dispatcher's origin. */
  path: string;
  headers: Record<string, string>;
  body?: string | FormData;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export class TransportFailure extends Error {
  constructor(
    readonly code: string,
    readonly requestSent: boolean,
  ) {
    super(
      `transport failure ${code}${requestSent ? " after the request was sent" : " before the request was sent"}`,
    );
  }
}

const MAX_BODY_BYTES = 20 * 1024 * 1024;
const BACKSTOP_MS = 1_000;

interface LegacyHandler {
  onConnect(abort: (err?: Error) => void): void;
  onRequestSent(): void;
  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean;
  onData(chunk: Buffer): boolean;
  onComplete(trailers: string[] | null): void;
  onError(err: Error): void;
}

export function exchange(dispatcher: Dispatcher, request: Exchange): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let requestSent = false;
    let status = 0;
    let headers: Record<string, string> = {};
    let received = 0;
    let abort: ((err?: Error) => void) | undefined;
    let timer: NodeJS.Timeout | undefined;
    const chunks: Buffer[] = [];
    const startTimer = (ms: number, code: string) => {
      clearTimeout(timer);
      timer = setTimeout(() => abort?.(Object.assign(new Error(code), { code })), ms);
    };

    const handler: LegacyHandler = {
      onConnect(abortRequest) {
        abort = abortRequest;
        startTimer(request.headersTimeoutMs, "UND_ERR_HEADERS_TIMEOUT");
      },
      onRequestSent() {
        requestSent = true;
      },
      onHeaders(statusCode, rawHeaders) {
        if (statusCode < 200) return true; // 1xx informational: the real answer follows
        // Some servers answer before reading the whole body; the request still reached them.
        requestSent = true;
        status = statusCode;
        headers = parseHeaders(rawHeaders);
        startTimer(request.bodyTimeoutMs, "UND_ERR_BODY_TIMEOUT");
        return true;
      },
      onData(chunk) {
        startTimer(request.bodyTimeoutMs, "UND_ERR_BODY_TIMEOUT");
        received += chunk.length;
        if (received > MAX_BODY_BYTES) {
          abort?.(new TransportFailure("client/response_too_large", true));
          return false;
        }
        chunks.push(chunk);
        return true;
      },
      onComplete() {
        clearTimeout(timer);
        resolve({ status, headers, body: Buffer.concat(chunks) });
      },
      onError(err) {
        clearTimeout(timer);
        if (err instanceof TransportFailure) return reject(err);
        reject(new TransportFailure(codeOf(err), requestSent));
      },
    };

    try {
      dispatcher.dispatch(
        {
          method: request.method,
          path: request.path,
          headers: request.headers,
          body: request.body,
          headersTimeout: request.headersTimeoutMs + BACKSTOP_MS,
          bodyTimeout: request.bodyTimeoutMs + BACKSTOP_MS,
        },
        handler as unknown as Dispatcher.DispatchHandler,
      );
    } catch (err) {
      reject(new TransportFailure(codeOf(err), false));
    }
  });
}

function codeOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.length > 0 ? code : "UND_ERR_UNKNOWN";
}

function parseHeaders(raw: Buffer[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toString("latin1").toLowerCase();
    const value = raw[i + 1]!.toString("latin1");
    out[name] = out[name] === undefined ? value : `${out[name]}, ${value}`;
  }
  return out;
}
