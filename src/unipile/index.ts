// The Unipile client's public surface.
export {
  DEFAULT_TIMEOUTS,
  type PageRequest,
  type Timeouts,
  UnipileClient,
  type UnipileClientOptions,
} from "./client.js";
export * from "./errors.js";
export { DEFAULT_RETRY, type RetryPolicy } from "./retry.js";
export type * from "./types.js";
