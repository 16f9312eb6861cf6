import type { z } from 'zod';

export interface FieldError {
  field: string;
  message: string;
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429 | 503;

/** The one error type routes throw; `app.onError` shapes it into the JSON error body. */
export class ApiError extends Error {
  constructor(
    readonly status: ErrorStatus,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** A 400 naming every invalid field. */
  static invalid(fields: FieldError[]): ApiError {
    return new ApiError(400, 'invalid_request', fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
  }

  static fromZod(error: z.ZodError, where?: string): ApiError {
    return ApiError.invalid(
      error.issues.map((issue) => ({ field: issue.path.length > 0 ? issue.path.join('.') : (where ?? 'body'), message: issue.message })),
    );
  }

  static notFound(what: string, id: string): ApiError {
    return new ApiError(404, 'not_found', `${what} '${id}' does not exist`);
  }
}
