// POST /unipile/hosted-auth/notify: Unipile's notify_url callback after its hosted wizard
// connected (CREATION_SUCCESS) or reconnected (RECONNECTED) an account, with the `name` we put in
// the link. Anyone can reach this URL, so nothing is read from the body beyond its shape until
// the name proves to be a reference this app signed and that has not expired; anything else is
// refused with a 4xx, and nothing is stored. The name is a capability: it is never logged.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppContext } from "../context.js";
import type { BufferedRequest } from "../http/body.js";
import { hostedAuthNotificationWire } from "../unipile/hosted-auth.js";
import { type CallbackOutcome, connectNewAccount, reconnectedAccount } from "./connect-account.js";
import { verifyReference } from "./connect-reference.js";
import { referenceSigningKey } from "./hosted-link.js";

export function hostedAuthCallback(ctx: AppContext) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const outcome = await handle(ctx, (req as BufferedRequest).rawBody ?? Buffer.alloc(0));
    res.writeHead(outcome.status, { "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify(outcome.body));
  };
}

async function handle(ctx: AppContext, rawBody: Buffer): Promise<CallbackOutcome> {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString("utf8"));
  } catch {
    return refused(400, "the body is not JSON");
  }
  const parsed = hostedAuthNotificationWire.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refused(400, `not a hosted-auth notification (${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"})`);
  }
  const key = referenceSigningKey(ctx.config);
  // Without SECRETS_KEY no link of ours can exist, so no callback can be ours either.
  if (!key) return refused(403, "hosted auth is not set up here (SECRETS_KEY)");
  const check = verifyReference(parsed.data.name, key, ctx.clock.now());
  if (!check.ok) {
    ctx.log.warn("hosted auth callback refused", { reason: check.reason, status: parsed.data.status });
    return refused(403, check.reason === "expired" ? "the sign-in link has expired" : "the name is not a reference this app made");
  }
  const { reference } = check;
  return reference.accountId
    ? reconnectedAccount(ctx, { ...reference, accountId: reference.accountId }, parsed.data.account_id)
    : connectNewAccount(ctx, reference, parsed.data.account_id);
}

function refused(status: number, error: string): CallbackOutcome {
  return { status, body: { ok: false, error } };
}
