// A loopback proxy in front of the Unipile sandbox, for answers in the other shapes Unipile is
// documented to give (the official SDK's webhook list: account_ids as objects, no `source`) and
// for outages and error bodies on one route. The sandbox still does all the work; only what a
// test names is reshaped or answered instead, so the client meets each variant over real HTTP.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { request } from "undici";

export interface ProxyRules {
  /** Answer in the sandbox's place (an outage, an error body); undefined forwards the request. */
  answer?: (method: string, path: string) => { status: number; json: unknown } | undefined;
  /** Reshape a forwarded 2xx JSON answer. */
  reshape?: (method: string, path: string, json: unknown) => unknown;
}

export interface UnipileProxy {
  url: string;
  /** Where requests go; settable once the sandbox is up. */
  target: string;
  rules: ProxyRules;
  close(): Promise<void>;
}

export async function startUnipileProxy(rules: ProxyRules = {}): Promise<UnipileProxy> {
  const proxy = { target: "", rules } as UnipileProxy;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const method = req.method ?? "GET";
      const path = (req.url ?? "/").split("?")[0]!;
      const reply = (status: number, body: string | Buffer, type = "application/json; charset=utf-8") => {
        res.writeHead(status, { "content-type": type });
        res.end(body);
      };
      try {
        const answered = proxy.rules.answer?.(method, path);
        if (answered) return reply(answered.status, JSON.stringify(answered.json));
        const { host: _host, connection: _connection, ...headers } = req.headers;
        const upstream = await request(`${proxy.target}${req.url}`, {
          method: method as "GET",
          headers: headers as Record<string, string>,
          body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
        });
        const body = Buffer.from(await upstream.body.arrayBuffer());
        const type = String(upstream.headers["content-type"] ?? "application/json; charset=utf-8");
        const ok = upstream.statusCode >= 200 && upstream.statusCode < 300;
        if (!ok || !proxy.rules.reshape || !type.includes("json")) return reply(upstream.statusCode, body, type);
        reply(upstream.statusCode, JSON.stringify(proxy.rules.reshape(method, path, JSON.parse(body.toString("utf8")))), type);
      } catch (error) {
        reply(502, JSON.stringify({ status: 502, type: "proxy_error", title: String(error) }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}

/**
 * GET /webhooks as the official unipile-node-sdk (v1.3.1, src/schemas/webhook.schema.ts) types
 * it: `account_ids` as `{ id, name?, type }`, `type`, `format` and `data`, and no `source`.
 */
export function sdkWebhookList(method: string, path: string, json: unknown): unknown {
  if (method !== "GET" || path !== "/api/v1/webhooks") return json;
  const list = json as { items: Array<Record<string, unknown>> };
  return {
    ...list,
    items: list.items.map(({ source: _source, account_ids, ...webhook }) => ({
      ...webhook,
      type: "AUTO",
      format: "json",
      data: [],
      account_ids: ((account_ids as unknown[] | undefined) ?? []).map((id) =>
        typeof id === "string" ? { id, name: `Account ${id}`, type: "LINKEDIN" } : id,
      ),
    })),
  };
}
