// A Unipile-shaped failure raised anywhere in the sandbox and turned into the v1 error body
// `{ status, type, title, detail, instance }` by the server.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** The slug after `errors/`. */
    readonly slug: string,
    readonly title: string,
    readonly detail?: string,
    /** Further members Unipile adds to some bodies (e.g. `message` on a refused parameter). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(`${status} errors/${slug}: ${title}`);
  }

  body(instance: string): Record<string, unknown> {
    return {
      status: this.status,
      type: `errors/${this.slug}`,
      title: this.title,
      detail: this.detail,
      instance,
      ...this.extra,
    };
  }
}

export const invalidParameters = (detail: string) =>
  new ApiError(400, "invalid_parameters", "Invalid parameters", detail);

/**
 * A request that fails the operation's schema. Unipile answers 400 `errors/invalid_parameters`
 * with this generic detail and says what failed where in `message`, e.g. `Expected kind
 * 'StringEnum' at /linkedin_sections/0, value: "education,experience"` (seen in
 * unipile/unipile-node-sdk issue #18, 2025-11, and in third-party notes quoting the whole body).
 */
export const refusedParameter = (message: string) =>
  new ApiError(
    400,
    "invalid_parameters",
    "Invalid parameters",
    "One or more request parameters are invalid or missing.",
    { message },
  );

/** The 400 that Unipile's reference documents for text over a route's limit (invite note, message). */
export const tooManyCharacters = (message: string) =>
  new ApiError(
    400,
    "too_many_characters",
    "Too many characters",
    "The provided content exceeds the character limit.",
    { message },
  );

export const notFound = (detail: string) =>
  new ApiError(404, "resource_not_found", "Resource not found", detail);
