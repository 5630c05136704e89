import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  AppError,
  DeviceGrantError,
  ErrorKind,
  errorResponseFor,
  TooManyRequestsError,
} from './app-errors';

export interface ErrorBody {
  type: string;
  message: string;
  /** OAuth's fields, on a device-code poll only (RFC 8628 §3.5). */
  error?: string;
  error_description?: string;
}

/** HTTP statuses raised by the framework itself (unknown route, malformed JSON or URL, body too large). */
function kindForStatus(status: number): ErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'not_allowed';
  if (status === 404) return 'not_found';
  if (status === 409) return 'duplicate_error';
  if (status === 429) return 'too_many_requests';
  if (status >= 400 && status < 500) return 'invalid_data';
  return 'unknown_error';
}

const FRAMEWORK_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'Request body is not valid JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'Request body is empty but Content-Type is application/json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'Request body is too large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE:
    'Send the request body as JSON, with Content-Type: application/json',
  FST_ERR_BAD_URL: 'Request URL is not valid: malformed percent-encoding',
  FST_ERR_MAX_PARAM_LENGTH: 'A path parameter is longer than 100 characters',
};

/**
 * Turns anything thrown into `{type, message}` and a status. Unexpected errors are logged with their
 * stack and answered with a generic message, so no internals reach the client.
 */
export function toErrorResponse(
  error: unknown,
  logger?: Logger,
): { status: number; body: ErrorBody } {
  if (error instanceof AppError) {
    const { status, type } = errorResponseFor(error.kind);
    const body: ErrorBody = { type, message: error.message };
    if (error instanceof DeviceGrantError) {
      body.error = error.code;
      body.error_description = error.message;
    }
    return { status, body };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const { type } = errorResponseFor(kindForStatus(status));
    // Nest wraps Fastify's own errors (an unsupported body, say) with the original as the cause.
    const code = (error.cause as { code?: unknown } | undefined)?.code;
    const framework = typeof code === 'string' ? FRAMEWORK_MESSAGES[code] : undefined;
    const message = status === 404 ? 'Not found' : (framework ?? error.message);
    return {
      status,
      body: { type, message: status >= 500 ? 'An unknown error occurred.' : message },
    };
  }
  const frameworkError = error as { statusCode?: number; code?: string; message?: string };
  if (typeof frameworkError.statusCode === 'number' && frameworkError.statusCode < 500) {
    const status = frameworkError.statusCode;
    const { type } = errorResponseFor(kindForStatus(status));
    const message = FRAMEWORK_MESSAGES[frameworkError.code ?? ''] ?? 'Invalid request';
    return { status, body: { type, message } };
  }
  logger?.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return { status: 500, body: { type: 'unknown_error', message: 'An unknown error occurred.' } };
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Error');

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, body } = toErrorResponse(error, this.logger);
    if (error instanceof TooManyRequestsError) {
      void reply.header('retry-after', String(error.retryAfterSeconds));
    }
    void reply.status(status).send(body);
  }
}
