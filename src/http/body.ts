// Reads a request body into memory within a size limit, before any route sees it. A body over the
// limit is answered 413 once the client has finished sending it (closing the socket while the
// client still writes makes the kernel send a TCP reset, so the client would never see the 413);
// past a drain limit the socket is closed anyway. All bodies being read share one memory budget,
// so many parallel uploads cannot exhaust memory: beyond it the request gets 503.
import type { IncomingMessage, ServerResponse } from "node:http";

export const MAX_BODY_BYTES = 1_000_000;
/** How much of a too-large body is read and discarded so that the 413 reaches the client. */
const DRAIN_LIMIT_BYTES = 8_000_000;
const IN_FLIGHT_BUDGET_BYTES = 64_000_000;
let inFlight = 0;

/** A request whose body has been read; Bolt's HTTPReceiver uses `rawBody` instead of reading again. */
export type BufferedRequest = IncomingMessage & { rawBody?: Buffer };

/** How a refusal is written; the REST API writes a problem document instead. */
export type Refuse = (res: ServerResponse, status: 413 | 503, error: string) => void;

const plainRefusal: Refuse = (res, status, error) => {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", connection: "close" });
  res.end(JSON.stringify({ error }));
};

/** Resolves with the body, or with null when the request has been answered (413/503) or aborted. */
export function readBody(
  req: IncomingMessage,
  res: ServerResponse,
  limit = MAX_BODY_BYTES,
  refuse: Refuse = plainRefusal,
): Promise<Buffer | null> {
  const TOO_LARGE = `request body larger than ${limit} bytes`;
  return new Promise((resolve) => {
    const declared = Number(req.headers["content-length"]);
    if (declared > Math.max(DRAIN_LIMIT_BYTES, limit)) {
      refuse(res, 413, TOO_LARGE);
      req.destroy();
      return resolve(null);
    }
    const chunks: Buffer[] = [];
    let held = 0;
    let size = 0;
    let refusal: { status: 413 | 503; error: string } | null =
      declared > limit ? { status: 413, error: TOO_LARGE } : null;
    const release = () => {
      inFlight -= held;
      held = 0;
      chunks.length = 0;
    };
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (refusal) {
        if (size > Math.max(DRAIN_LIMIT_BYTES, limit + 2_000_000)) {
          refuse(res, refusal.status, refusal.error);
          req.destroy();
        }
        return;
      }
      if (size > limit) refusal = { status: 413, error: TOO_LARGE };
      else if (inFlight + chunk.length > IN_FLIGHT_BUDGET_BYTES)
        refusal = { status: 503, error: "busy, try again" };
      if (refusal) return release();
      chunks.push(chunk);
      held += chunk.length;
      inFlight += chunk.length;
    });
    req.on("end", () => {
      const body = refusal ? null : Buffer.concat(chunks);
      release();
      if (refusal) refuse(res, refusal.status, refusal.error);
      resolve(body);
    });
    req.on("close", () => {
      release();
      resolve(null);
    });
  });
}
