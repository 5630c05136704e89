import type { LoggerService } from '@nestjs/common';
import pino from 'pino';
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

/**
 * The one logger: pino's JSON lines, for Fastify's request lines, Nest's messages and the embedded
 * database's alike, never coloured. `silent` writes nothing, unless a stream is given (tests capture
 * the request lines to prove no secret is logged).
 */
export function createLog(
  level: AppConfig['logLevel'],
  stream?: NodeJS.WritableStream,
): pino.Logger {
  return pino(
    {
      level: level === 'silent' && stream ? 'info' : level,
      redact: { paths: REDACTED_PATHS, censor: REDACTED },
    },
    (stream ?? process.stdout) as pino.DestinationStream,
  );
}

/** Nest's start-up lines: which route is mapped where. Useful when debugging, noise otherwise. */
const ROUTE_TABLE = new Set(['RoutesResolver', 'RouterExplorer']);

/**
 * Nest's LoggerService over pino: `log` is `info`, `verbose` is `trace`, and the last string argument,
 * as Nest passes it, names the context. The route table goes to `debug`.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: pino.Logger) {}

  private write(level: pino.Level, message: unknown, params: unknown[]): void {
    const context = typeof params.at(-1) === 'string' ? (params.at(-1) as string) : undefined;
    const stack =
      level === 'error' && typeof params[0] === 'string' && params.length > 1
        ? params[0]
        : undefined;
    const demoted = level === 'info' && context && ROUTE_TABLE.has(context) ? 'debug' : level;
    if (!this.pino.isLevelEnabled(demoted)) return;
    const fields = { context, ...(stack ? { stack } : {}) };
    if (message instanceof Error) this.pino[demoted]({ ...fields, err: message }, message.message);
    else
      this.pino[demoted](fields, typeof message === 'string' ? message : JSON.stringify(message));
  }

  log(message: unknown, ...params: unknown[]) {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]) {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]) {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]) {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]) {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]) {
    this.write('fatal', message, params);
  }
}
