// Auto-optimise's lazy assignment (issue 16): a row of a step with variants that has no letter
// yet gets one when it is claimed, inside the claim's transaction, so the decision sees every
// send and reply up to that instant and is fixed with the claim (a letter once written never
// changes). The decision is `nextVariant` (src/variants/thompson.ts): a pure function of the
// step's seed (`stepSeed(campaign id, step)`) and the step's counts read here, so the same
// history gives the same letters. Claims of one step are serialised by a transaction-level
// advisory lock: two senders of a pool claiming at once would otherwise both decide assignment n.
import type { TransactionSql } from "postgres";
import type { Campaign } from "../campaigns/campaigns.js";
import { type ArmState, nextVariant, stepLetters, stepSeed, type VariantLetter } from "../variants/index.js";

/**
 * Per variant of a step: prospects assigned, messages sent, and replies counted for it (a reply
 * counts for the last message the campaign sent the prospect before it).
 */
export async function stepArms(tx: TransactionSql, campaignId: string, step: number, letters: VariantLetter[]): Promise<ArmState[]> {
  const counts = await tx<{ variant: VariantLetter; assigned: number; sends: number }[]>`
    select variant, count(*)::int as assigned, count(*) filter (where status = 'sent')::int as sends
    from send_queue where campaign_id = ${campaignId} and step = ${step} and variant is not null
    group by variant`;
  // Steps are sent in order, so "the last message sent before the reply" is this step's when the
  // reply came after it and before the next step was sent (or the next was never sent). Read from
  // the prospects who replied only (a partial index, migration 025).
  const replied = await tx<{ variant: VariantLetter; replies: number }[]>`
    select q.variant, count(*)::int as replies
    from campaign_prospects p
    join send_queue q on q.prospect_id = p.id and q.campaign_id = p.campaign_id and q.step = ${step}
      and q.status = 'sent' and q.variant is not null and q.sent_at <= p.replied_at
    left join send_queue after on after.prospect_id = p.id and after.campaign_id = p.campaign_id
      and after.step = ${step + 1} and after.status = 'sent'
    where p.campaign_id = ${campaignId} and p.replied_at is not null
      and (after.sent_at is null or after.sent_at > p.replied_at)
    group by q.variant`;
  return letters.map((letter) => {
    const row = counts.find((candidate) => candidate.variant === letter);
    const replies = replied.find((candidate) => candidate.variant === letter)?.replies ?? 0;
    return { letter, assigned: row?.assigned ?? 0, sends: row?.sends ?? 0, replies };
  });
}

/**
 * The letter of a claimed row: its own when it has one (assigned at launch, or earlier), else
 * decided now and stored. Null for a step without variants.
 */
export async function variantAtClaim(
  tx: TransactionSql,
  campaign: Pick<Campaign, "id" | "message_templates" | "variant_min_sample">,
  row: { id: string; step: number; variant: VariantLetter | null },
): Promise<VariantLetter | null> {
  if (row.variant) return row.variant;
  const letters = stepLetters(campaign.message_templates, row.step);
  if (letters.length === 0) return null;
  await tx`select pg_advisory_xact_lock(hashtext(${`sam-variants:${campaign.id}:${row.step}`}))`;
  const arms = await stepArms(tx, campaign.id, row.step, letters);
  const { letter } = nextVariant({ seed: stepSeed(campaign.id, row.step), arms, minSends: campaign.variant_min_sample });
  await tx`update send_queue set variant = ${letter}, updated_at = now() where id = ${row.id} and variant is null`;
  return letter;
}
