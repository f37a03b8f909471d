// The New-campaign modal with more than one LinkedIn account: the optional sender-pool field
// (a multi-select the strict fake Slack checks against Block Kit) and the campaign it creates.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_USER_ID } from "../support/fake-slack.js";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { newCampaignFormState } from "../support/new-campaign-form.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  t.slack.addUser({ id: DEFAULT_USER_ID, tz: "America/New_York", real_name: "Alice" });
  t.sandbox.world.addAccount({ id: "sandbox-linkedin-2", name: "Second sender" });
});
afterAll(() => t.stop());

type Block = { block_id?: string; optional?: boolean; element?: { type?: string; options?: Array<{ value: string }> } };

describe("New campaign with a sender pool", () => {
  it("offers the other accounts as an optional multi-select and stores the pool, first account first", async () => {
    const opened = t.slack.callsTo("views.open").length;
    await t.driver.command("new");
    const call = await eventually(() => t.slack.callsTo("views.open")[opened]);
    const blocks = (call.args.view as { blocks: Block[] }).blocks;
    const first = blocks.find((block) => block.block_id === "account")!;
    const more = blocks.find((block) => block.block_id === "more_accounts")!;
    expect(first.element!.type).toBe("static_select");
    expect(more).toMatchObject({ optional: true, element: { type: "multi_static_select" } });
    const values = first.element!.options!.map((option) => option.value);
    expect(values).toHaveLength(2);
    const view = t.slack.views().filter((candidate) => candidate.callback_id === "new_campaign").at(-1)! as unknown as { id: string; private_metadata: string };

    const state = newCampaignFormState({ name: "Pooled", account: values[0]! });
    (state.values as Record<string, unknown>).more_accounts = {
      value: { type: "multi_static_select", selected_options: [values[1], values[0]].map((value) => ({ value, text: { type: "plain_text", text: "x" } })) },
    };
    const response = await t.driver.viewSubmission({ id: view.id, callback_id: "new_campaign", private_metadata: view.private_metadata, state });
    expect(response.status).toBe(200);
    expect(response.body).toBe("");
    const rows = await eventually(async () => {
      const found = await t.db.sql<{ unipile_account_id: string; position: number; first: boolean }[]>`
        select a.unipile_account_id, ca.position, c.account_id = a.id as first
        from campaigns c join campaign_accounts ca on ca.campaign_id = c.id join workspace_accounts a on a.id = ca.account_id
        where c.name = 'Pooled' order by ca.position`;
      return found.length > 0 ? found : null;
    });
    // The first account chosen twice counts once; the campaign's account_id is the first.
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ position: 0, first: true });
    expect(rows[1]).toMatchObject({ position: 1, first: false });
    expect(new Set(rows.map((row) => row.unipile_account_id))).toEqual(new Set(["sandbox-linkedin-1", "sandbox-linkedin-2"]));
  });
});
