// A Unipile-shaped failure raised anywhere in the sandbox and turned into the v1 error body
// `{ status, type, title, detail, instance }` by the server.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** The slug after `errors/`. */
    readonly slug: string,
    readonly title: string,
    readonly detail?: string,
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
    };
  }
}

export const invalidParameters = (detail: string) =>
  new ApiError(400, "invalid_parameters", "Invalid parameters", detail);
export const missingParameters = (detail: string) =>
  new ApiError(400, "missing_parameters", "Missing parameters", detail);
export const notFound = (detail: string) =>
  new ApiError(404, "resource_not_found", "Resource not found", detail);
