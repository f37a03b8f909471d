// Unipile's hosted authentication (v1): the request for a link to Unipile's sign-in wizard, its
// answer, and the body Unipile POSTs to our notify_url once an account is connected. Sources:
// developer.unipile.com/docs/hosted-auth (the flow, `name` echoed to notify_url), the API
// reference of POST /api/v1/hosted/accounts/link (field names, the expiresOn pattern), and
// unipile-node-sdk src/types/input/input-account.ts (PostHostedAuthLinkInput) and
// src/schemas/hosted.schema.ts (`{ object: "HostedAuthURL", url }`). What the code relies on is
// listed in src/unipile/sandbox/README.md, "Hosted auth".
import { z } from "zod";

/** What the app asks for; the client turns it into Unipile's wire names. */
export type HostedAuthLinkRequest = {
  /** When the link stops working; Unipile also ends every link at its daily restart. */
  expiresAt: Date;
  /** Our Unipile DSN as a URL (scheme, host, port): where the wizard creates the account. */
  apiUrl: string;
  /** Echoed back in the notify_url callback (min length 1). */
  name: string;
  notifyUrl: string;
  successRedirectUrl: string;
  failureRedirectUrl: string;
} & ({ type: "create"; providers: Array<"LINKEDIN"> } | { type: "reconnect"; reconnectAccountId: string });

export interface HostedAuthLink {
  /** The wizard's address: a capability, shown only to the user who asked and never logged. */
  url: string;
}

/** The request body, in Unipile's names (`expiresOn` is camelCase on the wire). */
export function hostedAuthLinkBody(request: HostedAuthLinkRequest): Record<string, unknown> {
  return {
    type: request.type,
    expiresOn: request.expiresAt.toISOString(),
    api_url: request.apiUrl,
    ...(request.type === "create"
      ? { providers: request.providers }
      : { reconnect_account: request.reconnectAccountId }),
    name: request.name,
    notify_url: request.notifyUrl,
    success_redirect_url: request.successRedirectUrl,
    failure_redirect_url: request.failureRedirectUrl,
  };
}

/**
 * `{ object: "HostedAuthURL", url }`; only the url is used (some answers spell the object
 * HostedAuthUrl). It becomes a Slack button's url, which Slack caps at 3,000 characters.
 */
export const hostedAuthLinkWire = z
  .looseObject({ url: z.url().max(3_000) })
  .transform((wire): HostedAuthLink => ({ url: wire.url }));

/**
 * What Unipile POSTs to notify_url when the wizard succeeds: the account's id, the `name` we put
 * in the link, and CREATION_SUCCESS (a new account) or RECONNECTED (type reconnect). Documented
 * as "not the same format" as the account_status webhook, whose body nests AccountStatus.
 */
export const HOSTED_AUTH_STATUSES = ["CREATION_SUCCESS", "RECONNECTED"] as const;

export const hostedAuthNotificationWire = z.looseObject({
  status: z.enum(HOSTED_AUTH_STATUSES),
  account_id: z.string().min(1).max(200),
  name: z.string().min(1).max(2_000),
});

export type HostedAuthNotification = z.infer<typeof hostedAuthNotificationWire>;
