// The Socket Mode receiver: Bolt's own, with one thing added. Slack redelivers an Events API
// envelope whose ack it did not receive in time (with `retry_attempt`), e.g. when the connection
// dropped while the ack was on the wire, and Bolt runs the listeners again. The HTTP path skips
// such repeats before Bolt (request-guard.ts); this does the same here, with the same identities
// (event_id, trigger_id) and the same registry. Built here rather than by App({ socketMode }), so
// the Web API options (SLACK_API_URL) that App would have handed it go in explicitly.
import type { App, Logger as BoltLogger, ReceiverEvent } from "@slack/bolt";
import type { Sql } from "postgres";
import type { Logger } from "../log.js";
import { SocketModeReceiver } from "./bolt.js";
import { replayRegistry, requestIdentity } from "./replays.js";

export interface SocketModeOptions {
  appToken: string;
  sql: Sql;
  log: Logger;
  boltLogger: BoltLogger;
  clientOptions: { slackApiUrl?: string };
}

class GuardedSocketModeReceiver extends SocketModeReceiver {
  constructor(
    options: ConstructorParameters<typeof SocketModeReceiver>[0],
    private readonly guard: (event: ReceiverEvent) => Promise<boolean>,
  ) {
    super(options);
  }

  override init(app: App): void {
    // SocketModeReceiver hands every envelope to app.processEvent and nothing else of the app.
    const guarded = {
      processEvent: async (event: ReceiverEvent) => {
        if (await this.guard(event)) return app.processEvent(event);
      },
    };
    super.init(guarded as unknown as App);
  }
}

export function socketModeReceiver(options: SocketModeOptions): SocketModeReceiver {
  const replays = replayRegistry(options.sql);
  const { log } = options;
  return new GuardedSocketModeReceiver(
    {
      appToken: options.appToken,
      logger: options.boltLogger,
      installerOptions: { clientOptions: options.clientOptions },
      customPropertiesExtractor: (args: { envelope_id?: unknown }) => ({ envelope_id: args.envelope_id }),
    },
    async (event) => {
      // Socket Mode has no request signature; the envelope is Slack's own request identity.
      const envelope = typeof event.customProperties?.envelope_id === "string" ? event.customProperties.envelope_id : "";
      const identity = requestIdentity(event.body, `socket:${envelope}`);
      let first: boolean;
      try {
        first = await replays.firstTime(identity);
      } catch (error) {
        // Not acked: Slack redelivers the envelope, and it runs once the database answers.
        log.error("could not record a Slack envelope's identity; left unacknowledged so that it is not run twice", {
          error: (error as Error).message,
        });
        return false;
      }
      if (first) return true;
      log.info("Slack envelope already handled: acknowledged, not run again", {
        identity: identity.split(":")[0],
        retryNum: event.retryNum,
        retryReason: event.retryReason,
      });
      await event.ack();
      return false;
    },
  );
}
