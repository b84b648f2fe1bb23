/** Kuma's error envelope (pkg/core/rest/errors), and the router's plain-text errors. */

export interface InvalidParameter {
  field: string;
  reason: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly invalidParameters: InvalidParameter[] = [],
  ) {
    super(`${title} (${detail})`);
    this.name = 'ApiError';
  }

  /** Fields in Kuma's order; `invalid_parameters` and `causes` only when there are some. */
  toJSON(): Record<string, unknown> {
    const body: Record<string, unknown> = { type: '/std-errors', status: this.status, title: this.title, detail: this.detail };
    if (this.invalidParameters.length > 0) body.invalid_parameters = this.invalidParameters;
    body.details = this.detail;
    if (this.invalidParameters.length > 0) body.causes = this.invalidParameters.map((p) => ({ field: p.field, message: p.reason }));
    return body;
  }
}

/** 400 "Resource is not valid" with one invalid parameter per violation. */
export function validationError(title: string, violations: ReadonlyArray<{ field: string; message: string }>): ApiError {
  return new ApiError(400, title, 'Resource is not valid', violations.map((v) => ({ field: v.field, reason: v.message })));
}

export const notFound = (title: string) => new ApiError(404, title, 'Not found');
export const meshNotFound = () => notFound('Failed to retrieve Mesh');

/** Errors the router answers before any handler, in plain text as go-restful does. */
export class PlainError extends Error {
  constructor(
    readonly status: number,
    readonly text: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(text);
    this.name = 'PlainError';
  }
}
