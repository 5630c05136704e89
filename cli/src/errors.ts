/** The exit codes every command keeps (docs/cli.md lists them). */
export const EXIT = {
  ok: 0,
  error: 1,
  usage: 2,
  unauthenticated: 3,
  forbidden: 4,
  notFound: 5,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure to report in words on stderr, with the exit code that says what kind it is. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.error,
  ) {
    super(message);
  }
}

export type GrantError =
  'authorization_pending' | 'slow_down' | 'access_denied' | 'expired_token' | 'invalid_grant';

/** An answer of Gatehouse's API other than 2xx: `{type, message}` (DESIGN §5). */
export class ApiError extends CliError {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    /** RFC 8628's `error`, on a device-code poll. */
    readonly grantError?: GrantError,
  ) {
    super(message, exitCodeFor(status));
  }
}

export function exitCodeFor(status: number): ExitCode {
  if (status === 401) return EXIT.unauthenticated;
  if (status === 403) return EXIT.forbidden;
  if (status === 404) return EXIT.notFound;
  return EXIT.error;
}
