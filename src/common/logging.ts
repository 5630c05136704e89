import type { LogLevel } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { tokensIn } from './tokens/token-format';

export const REDACTED = '[redacted]';

/** Query parameters whose value is a credential, by the name the server decodes (`?api%5Ftoken=` too). */
const SECRET_PARAMETERS = new Set(['api_token', 'token', 'refresh_token', 'password']);
/**
 * Anything shaped like a token Gatehouse mints (keys, refresh, reset and invite tokens) or a JWT, under
 * whatever parameter name it travels.
 */
const TOKEN_SHAPED = new RegExp(`${tokensIn().source}|\\beyJ[\\w-]*\\.[\\w-]*\\.[\\w-]*`, 'g');

/** As the query-string parser decodes: `+` is a space, percent-escapes are characters. */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function redactParameter(pair: string): string {
  const equals = pair.indexOf('=');
  const rawName = equals === -1 ? pair : pair.slice(0, equals);
  const name = decoded(rawName);
  const masked = name.replace(TOKEN_SHAPED, REDACTED);
  const safeName = masked === name ? rawName : encodeURIComponent(masked);
  if (equals === -1) return safeName;
  if (SECRET_PARAMETERS.has(name)) return `${safeName}=${REDACTED}`;
  const rawValue = pair.slice(equals + 1);
  const value = decoded(rawValue);
  const maskedValue = value.replace(TOKEN_SHAPED, REDACTED);
  return `${safeName}=${maskedValue === value ? rawValue : encodeURIComponent(maskedValue)}`;
}

/**
 * The URL as logged: credentials in the query are masked, by parameter name as the server decodes it
 * and by the shape of any token in a name or value. Only a URL with a query string pays for the scan.
 */
export function redactUrl(url: string): string {
  const query = url.indexOf('?');
  if (query === -1) return url;
  return `${url.slice(0, query)}?${url
    .slice(query + 1)
    .split('&')
    .map(redactParameter)
    .join('&')}`;
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
