// The endpoints the sandbox serves, named the way stats.calls counts them. Literal paths come
// before the parameterised ones they would otherwise match (/users/relations vs /users/:id).

export const ROUTE_KEYS = [
  "GET /api/v1/users/me",
  "GET /api/v1/users/relations",
  "GET /api/v1/users/invite/sent",
  "POST /api/v1/users/invite",
  "DELETE /api/v1/users/invite/sent/:id",
  "GET /api/v1/users/:id",
  "GET /api/v1/chats",
  "POST /api/v1/chats",
  "GET /api/v1/chats/:id",
  "GET /api/v1/chats/:id/messages",
  "POST /api/v1/chats/:id/messages",
  "GET /api/v1/chats/:id/attendees",
  "GET /api/v1/messages",
  "GET /api/v1/chat_attendees",
  "GET /api/v1/chat_attendees/:id/chats",
  "GET /api/v1/accounts",
  "GET /api/v1/accounts/:id",
  "POST /api/v1/webhooks",
  "GET /api/v1/webhooks",
  "DELETE /api/v1/webhooks/:id",
  "POST /api/v1/hosted/accounts/link",
] as const;

export type RouteKey = (typeof ROUTE_KEYS)[number];

/** Served by hosted-auth.ts rather than handlers.ts. */
export const HOSTED_AUTH_ROUTE = "POST /api/v1/hosted/accounts/link" satisfies RouteKey;

const COMPILED = ROUTE_KEYS.map((key) => {
  const [method, pattern] = key.split(" ") as [string, string];
  const regex = new RegExp(`^${pattern.replace(/:id/g, "([^/]+)")}/?$`);
  return { key, method, regex };
});

export function matchRoute(method: string, pathname: string): { key: RouteKey; id?: string } | undefined {
  for (const route of COMPILED) {
    if (route.method !== method) continue;
    const match = route.regex.exec(pathname);
    if (!match) continue;
    const raw = match[1];
    if (raw === undefined) return { key: route.key };
    try {
      return { key: route.key, id: decodeURIComponent(raw) };
    } catch {
      return { key: route.key, id: raw };
    }
  }
  return undefined;
}

export function emptyCallCounts(): Record<RouteKey, number> {
  return Object.fromEntries(ROUTE_KEYS.map((key) => [key, 0])) as Record<RouteKey, number>;
}
