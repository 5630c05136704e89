import { isIP } from 'node:net';
import { persistentJwtSecret } from './jwt-secret';

/**
 * The whole configuration, read from the environment once and validated at start-up.
 * Nothing else in the code reads process.env.
 */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Unset means: start the embedded PostgreSQL under dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  jwtSecret: string;
  /** Where the secret was kept when JWT_SECRET is unset (outside production only); logged at start. */
  jwtSecretFile: string | undefined;
  jwtExpiresIn: string;
  jwtExpiresInSeconds: number;
  corsOrigins: string[] | true;
  cookieSecure: boolean;
  allowQueryToken: boolean;
  redisUrl: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  bodyLimitBytes: number;
  /** How long a login lives (refreshing does not extend it). */
  sessionTtlSeconds: number;
  /** How long reusing the immediately previous refresh token returns the current pair (two tabs at once). */
  refreshReuseGraceSeconds: number;
  /** Requests per minute per IP on the login, registration, refresh and password reset routes. */
  rateLimitPerMinute: number;
  /**
   * Which proxies' `X-Forwarded-For` and `X-Forwarded-Proto` to believe: none (false, the default), any
   * (true), or those at these addresses and CIDR ranges. It decides the client IP that rate limits, the
   * audit log and the sessions list see: behind a load balancer without it, every client is one IP.
   * A hop count is refused: Fastify 5 trusts nobody with one, as it cannot tell a proxy from a client.
   */
  trustProxy: boolean | string[];
  /** Key prefix for rate-limit counters in Redis, so instances of one deployment share them. */
  redisPrefix: string;
  smtpUrl: string | undefined;
  smtpFrom: string;
  /** Where links in emails point (the admin or storefront URL). */
  publicUrl: string;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

// Placeholders seen in tutorials and .env files; refusing them in production stops a copied example going live.
const PLACEHOLDER_SECRETS = new Set(['supersecret', 'secret', 'change-me', 'changeme']);
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const DURATION = /^(\d+)\s*(s|m|h|d)?$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/** Parses `60`, `30s`, `15m`, `12h`, `1d` into seconds; undefined when malformed. */
export function parseDurationSeconds(value: string): number | undefined {
  const match = DURATION.exec(value.trim());
  if (!match?.[1]) return undefined;
  const unit = (match[2] ?? 's') as keyof typeof UNIT_SECONDS;
  const seconds = Number(match[1]) * UNIT_SECONDS[unit];
  return seconds > 0 ? seconds : undefined;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];

  const nodeEnv = env.NODE_ENV ?? 'development';
  if (nodeEnv !== 'development' && nodeEnv !== 'production' && nodeEnv !== 'test') {
    problems.push(`NODE_ENV must be development, production or test (got "${nodeEnv}")`);
  }
  const production = nodeEnv === 'production';

  const port = integer(env.PORT, 9000, 'PORT', problems, 0, 65535);
  const bodyLimitBytes = integer(env.BODY_LIMIT_BYTES, 100 * 1024, 'BODY_LIMIT_BYTES', problems, 1);

  const dataDir = env.DATA_DIR || 'data';
  let jwtSecret = env.JWT_SECRET ?? '';
  let jwtSecretFile: string | undefined;
  if (!jwtSecret) {
    if (production) problems.push('JWT_SECRET is required when NODE_ENV=production');
    else ({ secret: jwtSecret, file: jwtSecretFile } = persistentJwtSecret(dataDir));
  } else if (production && (PLACEHOLDER_SECRETS.has(jwtSecret) || jwtSecret.length < 32)) {
    problems.push('JWT_SECRET must be a random value of at least 32 characters in production');
  }

  const jwtExpiresIn = env.JWT_EXPIRES_IN ?? '1d';
  const jwtExpiresInSeconds = duration(env.JWT_EXPIRES_IN, '1d', 'JWT_EXPIRES_IN', problems);

  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// URL');
  }
  // An embedded database in production is most likely a forgotten DATABASE_URL: say so, unless asked for.
  const embeddedDatabase = boolean(env.EMBEDDED_DATABASE, false, 'EMBEDDED_DATABASE', problems);
  if (production && !databaseUrl && !embeddedDatabase) {
    problems.push(
      'DATABASE_URL is required when NODE_ENV=production (set EMBEDDED_DATABASE=true to run the embedded PostgreSQL on purpose)',
    );
  }
  const redisUrl = env.REDIS_URL || undefined;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl))
    problems.push('REDIS_URL must be a redis:// URL');

  const logLevel = (env.LOG_LEVEL ??
    (nodeEnv === 'test' ? 'silent' : 'info')) as AppConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel))
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const cors = env.CORS_ORIGINS?.trim();
  const corsOrigins: AppConfig['corsOrigins'] =
    !cors || cors === '*' ? true : cors.split(',').map((origin) => origin.trim());

  const config: AppConfig = {
    nodeEnv: nodeEnv as AppConfig['nodeEnv'],
    port,
    // Outside production only this machine can connect unless HOST says otherwise.
    host: env.HOST || (production ? '0.0.0.0' : '127.0.0.1'),
    databaseUrl,
    dataDir,
    jwtSecret,
    jwtSecretFile,
    jwtExpiresIn,
    jwtExpiresInSeconds,
    corsOrigins,
    cookieSecure: boolean(env.COOKIE_SECURE, production, 'COOKIE_SECURE', problems),
    allowQueryToken: boolean(env.ALLOW_QUERY_TOKEN, true, 'ALLOW_QUERY_TOKEN', problems),
    redisUrl,
    logLevel,
    bodyLimitBytes,
    sessionTtlSeconds: duration(env.SESSION_TTL, '30d', 'SESSION_TTL', problems),
    refreshReuseGraceSeconds: integer(
      env.REFRESH_REUSE_GRACE_SECONDS,
      10,
      'REFRESH_REUSE_GRACE_SECONDS',
      problems,
      0,
      300,
    ),
    rateLimitPerMinute: integer(
      env.RATE_LIMIT_PER_MINUTE,
      30,
      'RATE_LIMIT_PER_MINUTE',
      problems,
      1,
    ),
    trustProxy: trustProxy(env.TRUST_PROXY, problems),
    redisPrefix: env.REDIS_PREFIX ?? 'gatehouse:',
    smtpUrl: env.SMTP_URL || undefined,
    smtpFrom: env.SMTP_FROM ?? 'Gatehouse <no-reply@localhost>',
    publicUrl: (env.PUBLIC_URL ?? 'http://localhost:9000').replace(/\/+$/, ''),
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}

function duration(
  raw: string | undefined,
  fallback: string,
  name: string,
  problems: string[],
): number {
  const value = raw || fallback;
  const seconds = parseDurationSeconds(value);
  if (!seconds)
    problems.push(`${name} must be a duration such as 3600, 15m, 12h or 1d (got "${value}")`);
  return seconds ?? 0;
}

function integer(
  raw: string | undefined,
  fallback: number,
  name: string,
  problems: string[],
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
    return fallback;
  }
  return value;
}

function boolean(
  raw: string | undefined,
  fallback: boolean,
  name: string,
  problems: string[],
): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  problems.push(`${name} must be true or false (got "${raw}")`);
  return fallback;
}

/** proxy-addr's names for ranges, as Fastify's `trustProxy` accepts them. */
const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function trustProxy(raw: string | undefined, problems: string[]): AppConfig['trustProxy'] {
  const value = raw?.trim();
  if (!value || value === 'false') return false;
  if (value === 'true') return true;
  const entries = value.split(',').map((entry) => entry.trim());
  const bad = entries.filter((entry) => !PROXY_RANGES.has(entry) && !isAddressOrRange(entry));
  if (bad.length)
    problems.push(
      `TRUST_PROXY must be true, false, or proxy addresses and CIDR ranges (got "${bad.join(', ')}")`,
    );
  return entries;
}

function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, extra] = entry.split('/');
  const version = isIP(address);
  if (!version || extra !== undefined) return false;
  return (
    prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128))
  );
}

/** For entry points: a bad configuration prints what is wrong and exits with code 1. */
export function loadConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
