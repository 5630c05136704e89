/**
 * Domain errors. Services throw these; the one filter (all-exceptions.filter.ts) maps each kind to a
 * status and the `{type, message}` body of DESIGN §5.
 */
export type ErrorKind =
  | 'invalid_data'
  | 'invalid_credentials'
  | 'unauthorized'
  | 'not_allowed'
  | 'refused'
  | 'not_found'
  | 'duplicate_error'
  | 'too_many_requests'
  | 'unknown_error';

export interface ErrorResponse {
  status: number;
  type: string;
}

/** Exhaustive on purpose: a new kind without a status fails to compile. */
export function errorResponseFor(kind: ErrorKind): ErrorResponse {
  switch (kind) {
    case 'invalid_data':
      return { status: 400, type: 'invalid_data' };
    case 'invalid_credentials':
      return { status: 401, type: 'invalid_data' };
    case 'unauthorized':
      return { status: 401, type: 'unauthorized' };
    case 'not_allowed':
      return { status: 403, type: 'not_allowed' };
    // Medusa answers a bad publishable key, or a user deleting itself, with 400 not_allowed; its clients
    // expect it.
    case 'refused':
      return { status: 400, type: 'not_allowed' };
    case 'not_found':
      return { status: 404, type: 'not_found' };
    case 'duplicate_error':
      return { status: 409, type: 'duplicate_error' };
    case 'too_many_requests':
      return { status: 429, type: 'too_many_requests' };
    case 'unknown_error':
      return { status: 500, type: 'unknown_error' };
  }
}

export abstract class AppError extends Error {
  abstract readonly kind: ErrorKind;
}

export class InvalidDataError extends AppError {
  readonly kind = 'invalid_data';
}

/** Login failure: the same message for an unknown email and a wrong password. */
export class InvalidCredentialsError extends AppError {
  readonly kind = 'invalid_credentials';
  constructor() {
    super('Invalid email or password');
  }
}

export class UnauthorizedError extends AppError {
  readonly kind = 'unauthorized';
  constructor(message = 'Authentication required') {
    super(message);
  }
}

export class NotAllowedError extends AppError {
  readonly kind = 'not_allowed';
  constructor(message = 'Insufficient permissions') {
    super(message);
  }
}

/** A request refused for what it asks, not for who asks (Medusa's 400 `not_allowed`). */
export class RefusedError extends AppError {
  readonly kind = 'refused';
}

export class PublishableKeyError extends RefusedError {}

export class NotFoundError extends AppError {
  readonly kind = 'not_found';
}

export class DuplicateError extends AppError {
  readonly kind = 'duplicate_error';
}

export class TooManyRequestsError extends AppError {
  readonly kind = 'too_many_requests';
  constructor(readonly retryAfterSeconds: number) {
    super('Too many requests, try again later');
  }
}

/** RFC 8628 §3.5's answers to a device-code poll, beside the `{type, message}` every error has. */
export type DeviceGrantErrorCode =
  'authorization_pending' | 'slow_down' | 'access_denied' | 'expired_token' | 'invalid_grant';

export class DeviceGrantError extends InvalidDataError {
  constructor(
    readonly code: DeviceGrantErrorCode,
    message: string,
  ) {
    super(message);
  }
}
