// profile_views_per_prospect: profile look-ups per prospect at launch when the account's
// relations cover 95% of them: 1,000 prospects, 950 of them connections. The real launch job
// syncs the relations from the sandbox (paged), matches, and looks up only the rest.
import { launchCampaign } from "../../src/launch/launch-campaign.js";
import { launchFixture } from "../launch-fixture.js";
import { benchLog, createDatabase, round, sandboxContext } from "../support.js";

const PROSPECTS = 1_000;
const CONNECTED = 950;
const TARGET = 0.1;

export async function profileViews(): Promise<Record<string, unknown>> {
  const log = benchLog("profile_views_per_prospect");
  const db = await createDatabase(log);
  const connected = Array.from({ length: CONNECTED }, (_, i) => `conn-${i}-1st`);
  const strangers = Array.from({ length: PROSPECTS - CONNECTED }, (_, i) => `stranger-${i}-2nd`);
  const { ctx, sandbox, close } = await sandboxContext(db, log, { scenario: { relations: connected } });
  try {
    const { campaignId } = await launchFixture(db.sql, {
      identifiers: [...connected, ...strangers],
      followUps: 2,
      relationsSynced: null,
      now: ctx.clock.now(),
    });
    await launchCampaign({ campaignId, requestedBy: "U0BENCH" }, ctx);
    const lookups = sandbox.stats.calls["GET /api/v1/users/:id"];
    const [{ views }] = (await db.sql`select count(*)::int as views from profile_views`) as unknown as [
      { views: number },
    ];
    const perProspect = lookups / PROSPECTS;
    return {
      prospects: PROSPECTS,
      covered_by_relations: CONNECTED,
      profile_lookups: lookups,
      profile_views_recorded: views,
      relation_pages: sandbox.stats.calls["GET /api/v1/users/relations"],
      per_prospect: round(perProspect, 3),
      target: `<= ${TARGET}`,
      met: perProspect <= TARGET,
    };
  } finally {
    await close();
    await db.drop();
  }
}
