import type { LogLevel } from '@nestjs/common';
import type { AppConfig } from '../config/config';

export const REDACTED = '[redacted]';

/** Query parameters that may carry a credential (`?api_token=sk_…`). */
const SECRET_QUERY = /([?&](?:api_token|token|refresh_token)=)[^&#]*/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY, `$1${REDACTED}`);
}

/** DESIGN §7: credentials in headers are never logged. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-medusa-access-token"]',
  'req.headers["x-publishable-api-key"]',
  'res.headers["set-cookie"]',
];

const NEST_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
const NEST_LEVEL_FOR: Record<AppConfig['logLevel'], number> = {
  silent: -1,
  fatal: 0,
  error: 1,
  warn: 2,
  info: 3,
  debug: 4,
  trace: 5,
};

export function nestLogLevels(level: AppConfig['logLevel']): LogLevel[] {
  return NEST_LEVELS.slice(0, NEST_LEVEL_FOR[level] + 1);
}
