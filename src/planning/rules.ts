// From database rows to the scheduling module's rules: a campaign's sending window and an
// account's pace.
import type { LinkedAccount } from "../accounts/accounts.js";
import type { Campaign } from "../campaigns/campaigns.js";
import type { AccountRules, SendingWindow } from "../schedule/index.js";

/** A workspace_accounts row as `select *` returns it (numeric comes back as a string). */
export type AccountRow = Omit<LinkedAccount, "jitter_fraction"> & {
  jitter_fraction: string | number;
  unlinked_at: Date | null;
};

export function windowOf(campaign: Pick<Campaign, "time_zone" | "window_start" | "window_end" | "sending_days" | "holiday_country">): SendingWindow {
  return {
    timeZone: campaign.time_zone,
    start: campaign.window_start.slice(0, 5),
    end: campaign.window_end.slice(0, 5),
    days: campaign.sending_days,
    holidayCountry: campaign.holiday_country,
  };
}

export function rulesOf(account: AccountRow): AccountRules {
  return {
    timeZone: account.time_zone,
    dailyMessageCap: account.daily_message_cap,
    dailyInvitationCap: account.daily_invitation_cap,
    weeklyInvitationCap: account.weekly_invitation_cap,
    minGapMinutes: account.min_gap_minutes,
    jitterFraction: Number(account.jitter_fraction),
    followUpMinGapMinutes: account.follow_up_min_gap_minutes,
  };
}

/** A small seeded generator, so that re-planning the same state gives the same rhythm. */
export function seededRandom(seed: string): () => number {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  return () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    h ^= h >>> 16;
    return (h >>> 0) / 4294967296;
  };
}
