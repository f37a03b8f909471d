// From database rows to the scheduling module's rules: a campaign's sending window and an
// account's pace.
import type { Campaign } from "../campaigns/campaigns.js";
import type { AccountRules, SendingWindow } from "../schedule/index.js";

export interface AccountRow {
  id: string;
  workspace_id: string;
  unipile_account_id: string;
  name: string;
  status: string;
  cooldown_until: Date | null;
  time_zone: string;
  daily_message_cap: number;
  daily_invitation_cap: number;
  weekly_invitation_cap: number;
  min_gap_minutes: number;
  jitter_fraction: string | number;
  follow_up_min_gap_minutes: number;
  daily_profile_view_budget: number;
  relations_synced_at: Date | null;
  unlinked_at: Date | null;
}

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
