import { plainToInstance } from 'class-transformer';
import {
  IsIn,
  IsOptional,
  Matches,
  ValidateBy,
  validateSync,
  type ValidationArguments,
} from 'class-validator';
import ms, { type StringValue } from 'ms';
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { parseEnv } from 'node:util';
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
  /**
   * The secret before a rotation (JWT_SECRET_PREVIOUS): tokens it signed are still accepted until they
   * expire; new ones are signed with jwtSecret only.
   */
  jwtSecretPrevious: string | undefined;
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
  /** This service's address as browsers reach it: invite and admin reset links open its console. */
  publicUrl: string;
  /** The storefront's address: a customer's password reset link opens its `/reset-password` page. */
  storefrontUrl: string;
  /** Replacement mail templates (templates/mail/README.md); unset, the built-in ones. */
  mailTemplatesDir: string | undefined;
  /** Audit events older than this many days are deleted by the housekeeping job; undefined keeps them. */
  auditRetentionDays: number | undefined;
  /**
   * GET /metrics wants `Authorization: Bearer <metricsToken>` when set; without one it is open outside
   * production and absent (404) in production.
   */
  metricsToken: string | undefined;
  /** Swagger UI at /docs and the document at /docs-json: on outside production, there only with DOCS=true. */
  docs: boolean;
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
/** proxy-addr's names for ranges, as Fastify's `trustProxy` accepts them. */
const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * Parses a duration into whole seconds with `ms` (`30s`, `15m`, `12h`, `1d`, `2w`); a bare number is
 * seconds, as JWT libraries read it. Undefined when malformed, or under a second.
 */
export function parseDurationSeconds(value: string): number | undefined {
  const text = value.trim();
  if (!text) return undefined;
  const milliseconds = /^\d+$/.test(text) ? Number(text) * 1000 : ms(text as StringValue);
  const seconds = Math.floor(milliseconds / 1000);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}

function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, extra] = entry.split('/');
  const version = isIP(address);
  if (!version || extra !== undefined) return false;
  return (
    prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128))
  );
}

const proxyEntries = (value: string) => value.split(',').map((entry) => entry.trim());
const badProxies = (value: string) =>
  proxyEntries(value).filter((entry) => !PROXY_RANGES.has(entry) && !isAddressOrRange(entry));

/** A rule of the schema below: a test of the variable's text, and what to say when it fails. */
const rule = (
  name: string,
  test: (value: string) => boolean,
  message: (variable: string, value: string) => string,
) =>
  ValidateBy({
    name,
    validator: {
      validate: (value: unknown) => typeof value === 'string' && test(value),
      defaultMessage: ({ property, value }: ValidationArguments) =>
        message(property, String(value)),
    },
  });

const IntegerBetween = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  rule(
    'integerBetween',
    (value) => Number.isInteger(Number(value)) && Number(value) >= min && Number(value) <= max,
    (variable, value) =>
      `${variable} must be an integer between ${min} and ${max} (got "${value}")`,
  );
const Duration = () =>
  rule(
    'duration',
    (value) => parseDurationSeconds(value) !== undefined,
    (variable, value) =>
      `${variable} must be a duration such as 3600, 15m, 12h or 1d (got "${value}")`,
  );
const Flag = () =>
  rule(
    'flag',
    (value) => ['true', 'false', '1', '0'].includes(value),
    (variable, value) => `${variable} must be true or false (got "${value}")`,
  );
const ProxyList = () =>
  rule(
    'proxyList',
    (value) => value === 'true' || value === 'false' || badProxies(value).length === 0,
    (variable, value) =>
      `${variable} must be true, false, or proxy addresses and CIDR ranges (got "${badProxies(value).join(', ')}")`,
  );
const Scheme = (variable: string, pattern: RegExp, kind: string) =>
  Matches(pattern, { message: `${variable} must be a ${kind} URL` });

/**
 * Every environment variable Gatehouse reads, as text, with its rule: a class-validator schema like the
 * request bodies'. Problems are listed in this order. A blank variable counts as unset.
 */
class Environment {
  @IsOptional()
  @IsIn(['development', 'production', 'test'], {
    message: ({ value }: ValidationArguments) =>
      `NODE_ENV must be development, production or test (got "${String(value)}")`,
  })
  NODE_ENV?: string;

  @IsOptional() @IntegerBetween(0, 65535) PORT?: string;
  @IsOptional() @IntegerBetween(1) BODY_LIMIT_BYTES?: string;
  @IsOptional() @Duration() JWT_EXPIRES_IN?: string;
  @IsOptional() @Scheme('DATABASE_URL', /^postgres(ql)?:\/\//, 'postgres://') DATABASE_URL?: string;
  @IsOptional() @Flag() EMBEDDED_DATABASE?: string;
  @IsOptional() @Scheme('REDIS_URL', /^rediss?:\/\//, 'redis://') REDIS_URL?: string;

  @IsOptional()
  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL?: AppConfig['logLevel'];

  @IsOptional() @Flag() COOKIE_SECURE?: string;
  @IsOptional() @Flag() ALLOW_QUERY_TOKEN?: string;
  @IsOptional() @Flag() DOCS?: string;
  @IsOptional() @Duration() SESSION_TTL?: string;
  @IsOptional() @IntegerBetween(0, 300) REFRESH_REUSE_GRACE_SECONDS?: string;
  @IsOptional() @IntegerBetween(1) RATE_LIMIT_PER_MINUTE?: string;
  @IsOptional() @IntegerBetween(1) AUDIT_RETENTION_DAYS?: string;
  @IsOptional() @ProxyList() TRUST_PROXY?: string;
  @IsOptional()
  @Scheme('PUBLIC_URL', /^https?:\/\//, 'web (http:// or https://)')
  PUBLIC_URL?: string;
  @IsOptional()
  @Scheme('STOREFRONT_URL', /^https?:\/\//, 'web (http:// or https://)')
  STOREFRONT_URL?: string;
  // Free text: any value will do.
  HOST?: string;
  DATA_DIR?: string;
  JWT_SECRET?: string;
  JWT_SECRET_PREVIOUS?: string;
  METRICS_TOKEN?: string;
  CORS_ORIGINS?: string;
  REDIS_PREFIX?: string;
  SMTP_URL?: string;
  SMTP_FROM?: string;
  MAIL_TEMPLATES_DIR?: string;
}

const flag = (value: string | undefined, fallback: boolean) =>
  value === undefined ? fallback : value === 'true' || value === '1';
const integer = (value: string | undefined, fallback: number) =>
  value === undefined ? fallback : Number(value);
const weakSecret = (secret: string) => PLACEHOLDER_SECRETS.has(secret) || secret.length < 32;
const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');
const seconds = (value: string | undefined, fallback: string) =>
  parseDurationSeconds(value ?? fallback) ?? 0;

export function loadConfig(raw: NodeJS.ProcessEnv = process.env): AppConfig {
  const env = plainToInstance(
    Environment,
    Object.fromEntries(Object.entries(raw).filter(([, value]) => value?.trim())),
  );
  const problems = validateSync(env).flatMap((error) => Object.values(error.constraints ?? {}));

  const nodeEnv = (env.NODE_ENV ?? 'development') as AppConfig['nodeEnv'];
  const production = nodeEnv === 'production';
  const dataDir = env.DATA_DIR ?? 'data';
  let jwtSecret = env.JWT_SECRET ?? '';
  let jwtSecretFile: string | undefined;
  if (!jwtSecret) {
    if (production) problems.push('JWT_SECRET is required when NODE_ENV=production');
    else ({ secret: jwtSecret, file: jwtSecretFile } = persistentJwtSecret(dataDir));
  } else if (production && weakSecret(jwtSecret)) {
    problems.push('JWT_SECRET must be a random value of at least 32 characters in production');
  }
  const previous = env.JWT_SECRET_PREVIOUS;
  if (previous && production && weakSecret(previous))
    problems.push(
      'JWT_SECRET_PREVIOUS must be a random value of at least 32 characters in production',
    );
  if (previous && previous === jwtSecret)
    problems.push(
      'JWT_SECRET_PREVIOUS is the same as JWT_SECRET: set it to the secret being replaced',
    );
  // Any client could then name its own address in X-Forwarded-For, and so its own rate limit and audit IP.
  if (production && env.TRUST_PROXY?.trim() === 'true')
    problems.push(
      "TRUST_PROXY=true is refused in production: it believes any client's X-Forwarded-For. Name the proxies' addresses or CIDR ranges (e.g. 10.0.0.0/8)",
    );
  // An embedded database in production is most likely a forgotten DATABASE_URL: say so, unless asked for.
  if (production && !env.DATABASE_URL && !flag(env.EMBEDDED_DATABASE, false)) {
    problems.push(
      'DATABASE_URL is required when NODE_ENV=production (set EMBEDDED_DATABASE=true to run the embedded PostgreSQL on purpose)',
    );
  }
  if (problems.length) throw new ConfigError(problems);

  const cors = env.CORS_ORIGINS?.trim();
  const trustProxy = env.TRUST_PROXY?.trim();
  return {
    nodeEnv,
    port: integer(env.PORT, 9000),
    // Outside production only this machine can connect unless HOST says otherwise.
    host: env.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    databaseUrl: env.DATABASE_URL,
    dataDir,
    jwtSecret,
    jwtSecretPrevious: previous,
    jwtSecretFile,
    jwtExpiresIn: env.JWT_EXPIRES_IN ?? '1d',
    jwtExpiresInSeconds: seconds(env.JWT_EXPIRES_IN, '1d'),
    corsOrigins: !cors || cors === '*' ? true : cors.split(',').map((origin) => origin.trim()),
    cookieSecure: flag(env.COOKIE_SECURE, production),
    allowQueryToken: flag(env.ALLOW_QUERY_TOKEN, true),
    redisUrl: env.REDIS_URL,
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    bodyLimitBytes: integer(env.BODY_LIMIT_BYTES, 100 * 1024),
    sessionTtlSeconds: seconds(env.SESSION_TTL, '30d'),
    refreshReuseGraceSeconds: integer(env.REFRESH_REUSE_GRACE_SECONDS, 10),
    rateLimitPerMinute: integer(env.RATE_LIMIT_PER_MINUTE, 30),
    trustProxy:
      !trustProxy || trustProxy === 'false'
        ? false
        : trustProxy === 'true' || proxyEntries(trustProxy),
    redisPrefix: env.REDIS_PREFIX ?? 'gatehouse:',
    smtpUrl: env.SMTP_URL,
    smtpFrom: env.SMTP_FROM ?? 'Gatehouse <no-reply@localhost>',
    publicUrl: withoutTrailingSlash(env.PUBLIC_URL ?? 'http://localhost:9000'),
    // Medusa's Next.js storefront listens on 8000 in development.
    storefrontUrl: withoutTrailingSlash(env.STOREFRONT_URL ?? 'http://localhost:8000'),
    mailTemplatesDir: env.MAIL_TEMPLATES_DIR,
    docs: flag(env.DOCS, !production),
    metricsToken: env.METRICS_TOKEN,
    auditRetentionDays: env.AUDIT_RETENTION_DAYS ? Number(env.AUDIT_RETENTION_DAYS) : undefined,
  };
}

/**
 * Reads `file` (`.env` in the working directory) into process.env when it exists, with Node's own parser.
 * A variable the environment already has wins over the file.
 */
export function loadDotEnv(file = '.env', env: NodeJS.ProcessEnv = process.env): boolean {
  if (!existsSync(file)) return false;
  for (const [name, value] of Object.entries(parseEnv(readFileSync(file, 'utf8'))))
    env[name] ??= value;
  return true;
}

/**
 * For entry points: `.env`, then the environment, validated; a bad configuration prints what is wrong
 * and exits with code 1.
 */
export function loadConfigOrExit(): AppConfig {
  try {
    loadDotEnv();
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
