// A loopback proxy in front of the sandbox that keeps every exchange as it crossed the wire (the
// raw request body, the answer's status and JSON), so tests can check both sides against Unipile's
// published reference whichever client made the call.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { Exchange } from "../support/unipile-openapi.js";

export interface Recorder {
  url: string;
  exchanges: Exchange[];
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(["host", "connection", "content-length", "transfer-encoding", "keep-alive"]);

export async function startRecorder(targetUrl: string): Promise<Recorder> {
  const exchanges: Exchange[] = [];
  const server = createServer((req, res) => {
    void forward(req).then(
      ({ exchange, contentType, payload }) => {
        exchanges.push(exchange);
        res.writeHead(exchange.status, { "content-type": contentType }).end(payload);
      },
      (error: Error) => res.writeHead(502).end(error.message),
    );
  });

  async function forward(req: IncomingMessage) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? "/", targetUrl);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (!HOP_BY_HOP.has(name) && typeof value === "string") headers.set(name, value);
    }
    const method = req.method ?? "GET";
    const response = await fetch(url, { method, headers, body: body.length > 0 ? body : undefined });
    const payload = await response.text();
    const exchange: Exchange = {
      method,
      path: url.pathname,
      query: url.searchParams,
      contentType: req.headers["content-type"] ?? "",
      body,
      status: response.status,
      answer: JSON.parse(payload) as unknown,
    };
    return { exchange, contentType: response.headers.get("content-type") ?? "", payload };
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
