// The one way an operation turns an id in its path into a row: check the id's shape, look the row
// up (within the key's workspace, or within a campaign), and answer 404 naming the path field when
// either fails. Another workspace's id therefore reads exactly like an id that never existed.
import { ApiProblem } from "./problem.js";
import { UUID } from "./views.js";

export interface Lookup {
  /** The path parameter holding the id, e.g. "campaign_id"; the 404 names it as its `field`. */
  param: string;
  /** What the id names, as the 404's sentence says it: "campaign", "LinkedIn account". */
  noun: string;
  /** Where it was looked for (default "workspace"): "No prospect with id … in this campaign." */
  within?: "workspace" | "campaign";
  /** The id's shape (default a UUID); an id of another shape is 404 without running a query. */
  shape?: RegExp;
}

/**
 * The row `find` returns for the path's id, else the API's 404 problem:
 * `No <noun> with id “<id, at most 64 characters>” in this <within>.` with `field: <param>`.
 */
export async function findOr404<T>(
  params: Record<string, string>,
  { param, noun, within = "workspace", shape = UUID }: Lookup,
  find: (id: string) => Promise<T | null | undefined>,
): Promise<T> {
  const id = params[param] ?? "";
  const found = shape.test(id) ? await find(id) : null;
  if (found === null || found === undefined) {
    throw new ApiProblem("not-found", `No ${noun} with id “${id.slice(0, 64)}” in this ${within}.`, { field: param });
  }
  return found;
}
