// Each check of the Unipile webhook registration, recorded in the one row every process shares
// (migration 013). SAM_CHANNEL hears when registration starts failing and when it works again,
// once each: not at every start, retry or process. The caller holds the registration lock, so
// reading the row and then writing it cannot interleave with another process's check.
import type { TransactionSql } from "postgres";
import type { AppContext } from "../context.js";
import { postInSamChannel } from "../slack/notices.js";
import { escapeMrkdwn } from "../slack/text.js";

/** What one check found: registered, or the reason it is not (shown in SAM_CHANNEL). */
export type CheckResult = { ok: true } | { ok: false; reason: string };

interface RegistrationRow {
  failure: string | null;
  failure_reported_at: Date | null;
}

export async function recordCheck(
  tx: TransactionSql,
  ctx: Pick<AppContext, "clock">,
  requestUrl: string,
  result: CheckResult,
): Promise<void> {
  const [row] = await tx<RegistrationRow[]>`select failure, failure_reported_at from unipile_webhook_registration`;
  const url = escapeMrkdwn(requestUrl);
  if (result.ok) {
    await tx`
      insert into unipile_webhook_registration (request_url, checked_at) values (${requestUrl}, now())
      on conflict (id) do update
        set request_url = excluded.request_url, failure = null, failing_since = null,
            failure_reported_at = null, checked_at = now()`;
    if (row?.failure_reported_at) {
      await postInSamChannel(
        tx,
        ctx,
        `:white_check_mark: The Unipile webhook is registered at ${url}: replies and acceptances arrive as they happen again.`,
      );
    }
    return;
  }
  const report = !row?.failure_reported_at;
  await tx`
    insert into unipile_webhook_registration (request_url, failure, failing_since, failure_reported_at, checked_at)
    values (${requestUrl}, ${result.reason}, now(), now(), now())
    on conflict (id) do update
      set request_url = excluded.request_url, failure = excluded.failure,
          failing_since = coalesce(unipile_webhook_registration.failing_since, now()),
          failure_reported_at = coalesce(unipile_webhook_registration.failure_reported_at, now()),
          checked_at = now()`;
  if (report) {
    await postInSamChannel(
      tx,
      ctx,
      `:warning: The Unipile webhook is not registered at ${url}: ${escapeMrkdwn(result.reason)}. ` +
        "Replies and acceptances are still found by polling, only hours later. The app keeps trying; `GET /healthz` shows the state.",
    );
  }
}
