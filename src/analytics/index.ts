// The figures behind `/sam stats` and its charts, computed in SQL from the data we keep.
export { type AccountDay, type AccountStats, accountStats } from "./account-stats.js";
export {
  type CampaignStats,
  campaignStats,
  median,
  REPLY_BUCKETS,
  type ReasonCount,
} from "./campaign-stats.js";
