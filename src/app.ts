import cookie from '@fastify/cookie';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import {
  ConnectionError,
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  LogController,
} from 'fastify';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import type pino from 'pino';
import { IncomingMessage, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { AppModule } from './app.module';
import { migrate } from './database/migrate';
import { SESSION_COOKIE } from './common/auth/strategies/session-cookie.strategy';
import { AllExceptionsFilter, toErrorResponse } from './common/errors/all-exceptions.filter';
import { securityHeaders } from './common/security-headers';
import { serveConsole } from './console-pages';
import { createLog, PinoNestLogger, redactUrl } from './common/logging';
import { SECURITY } from './common/swagger';
import { Metrics, type RouteMetrics } from './common/metrics';
import type { AppConfig } from './config/config';

export interface CreateAppOptions {
  databaseUrl: string;
  /** Where logs go (tests capture them to prove no secret is logged); stdout by default. */
  logStream?: NodeJS.WritableStream;
}

/** Request lines are logged at `info`; with a quieter level (or silent) the hook is not even added. */
function logsRequests(config: AppConfig, options: CreateAppOptions): boolean {
  return options.logStream !== undefined || ['info', 'debug', 'trace'].includes(config.logLevel);
}

const SECURITY_HEADERS = securityHeaders();
const REQUEST_ID = /^[\w.:-]{1,128}$/;

function setResponseHeaders(request: FastifyRequest, reply: FastifyReply): void {
  // The console's pages bring their own, stricter, CSP (console-pages.ts).
  const pageCsp = reply.getHeader('content-security-policy');
  void reply.headers(SECURITY_HEADERS).header('x-request-id', request.id);
  if (pageCsp) void reply.header('content-security-policy', pageCsp);
  // Responses carry tokens, keys and profiles: no browser or proxy may keep them (OWASP ASVS V14.3).
  // Swagger UI's static files set their own caching.
  if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
}

/**
 * Requests Node's HTTP parser refuses (headers over its 16 KB limit, a malformed request line, a timeout)
 * never reach Fastify's routing: answer them on the socket, in our shape, and close it.
 */
function refuseMalformedHttp(error: ConnectionError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, message] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'The request took too long to arrive']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request headers are too large']
        : [400, 'Malformed HTTP request'];
  const body = JSON.stringify({ type: 'invalid_data', message });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

function fastifyAdapter(config: AppConfig, log: pino.Logger): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    // A caller's (or proxy's) x-request-id is kept for tracing when it looks like an id; anything else,
    // up to 16 KB of it, would otherwise be echoed and written to every log line of the request.
    requestIdHeader: false,
    genReqId: (request: IncomingMessage) => {
      const id = request.headers['x-request-id'];
      return typeof id === 'string' && REQUEST_ID.test(id) ? id : randomUUID();
    },
    // One structured line a request, written by the onResponse hook below with the URL redacted.
    logController: new LogController({ disableRequestLogging: true }),
    clientErrorHandler: refuseMalformedHttp,
    // On shutdown Fastify stops accepting connections, but a request already on its way over a keep-alive
    // connection got a bare 503 in Fastify's own shape. Serve it instead (the database closes only after
    // the last connection), with `Connection: close`, which Fastify sets while closing.
    return503OnClosing: false,
    // A malformed URL or an over-long path parameter is refused by Fastify's router, before Nest and
    // before any hook: answer in our shape, with the headers every response carries.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const { status, body } = toErrorResponse(error);
      setResponseHeaders(request, reply);
      void reply.status(status).send(body);
    },
    loggerInstance: log,
  });
}

interface MetricsConfig {
  metrics?: RouteMetrics;
}

/**
 * Prometheus metrics: each route's children are prepared when it is registered (onRoute) and kept in its
 * config, so a response costs two increments. `GET /metrics` answers only as `config.metricsToken` allows.
 */
function recordMetrics(fastify: FastifyInstance, metrics: Metrics, config: AppConfig): void {
  const unmatched = metrics.route('(no route)', 'any');
  fastify.addHook('onRoute', (route) => {
    const method = Array.isArray(route.method) ? route.method.join(',') : route.method;
    route.config = { ...(route.config as object), metrics: metrics.route(route.url, method) };
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = (request.routeOptions.config as MetricsConfig).metrics ?? unmatched;
    Metrics.record(route, reply.statusCode, reply.elapsedTime);
    done();
  });
  const token = config.metricsToken && Buffer.from(`Bearer ${config.metricsToken}`);
  const allowed = (header: string | undefined) => {
    if (!token) return config.nodeEnv !== 'production';
    const given = Buffer.from(header ?? '');
    return given.length === token.length && timingSafeEqual(given, token);
  };
  fastify.get('/metrics', async (request, reply) => {
    if (!allowed(request.headers.authorization))
      return reply.status(404).send({ type: 'not_found', message: 'Cannot GET /metrics' });
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}

/**
 * Request bodies are JSON, and nothing else: a form-encoded or plain-text body gets 415 (the same-origin
 * check on cookie sessions then has one kind of body to defend). An empty body with a JSON content type
 * is an empty object, as Medusa's JS SDK sends it on revoke and refresh.
 */
function acceptJsonBodiesOnly(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    (request, body: string, done) => {
      if (body === '') done(null, {});
      else void parseJson(request, body, done);
    },
  );
}

export function swaggerDocument(app: NestFastifyApplication) {
  const config = new DocumentBuilder()
    .setTitle('Gatehouse')
    .setDescription(
      'Authentication and access keys: email/password JWTs for admin users and customers, ' +
        'secret and publishable API keys, organization and personal access keys.',
    )
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, SECURITY.jwt)
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'x-medusa-access-token' },
      SECURITY.apiKeyHeader,
    )
    .addApiKey({ type: 'apiKey', in: 'query', name: 'api_token' }, SECURITY.apiKeyQuery)
    .addBasicAuth(
      {
        type: 'http',
        scheme: 'basic',
        description: 'The secret key as the username, empty password',
      },
      SECURITY.apiKeyBasic,
    )
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'x-publishable-api-key' },
      SECURITY.publishableKey,
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description: 'An organization (oak_…) or personal (pak_…) access key',
      },
      SECURITY.accessKey,
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description: 'A password reset token (prt_…) from the reset message',
      },
      SECURITY.resetToken,
    )
    .addCookieAuth(
      SESSION_COOKIE,
      { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
      SECURITY.sessionCookie,
    )
    .build();
  return SwaggerModule.createDocument(app, config);
}

/**
 * Builds the whole application: adapter, security headers, CORS, the error filter, request
 * logging and Swagger. main.ts and the end-to-end tests both call it, so tests run what production runs.
 */
export async function createApp(
  config: AppConfig,
  options: CreateAppOptions,
): Promise<NestFastifyApplication> {
  await migrate(options.databaseUrl);
  const log = createLog(config.logLevel, options.logStream);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, options.databaseUrl),
    fastifyAdapter(config, log),
    {
      // Fastify's parsers, not Nest's defaults (which add form-encoded bodies): see acceptJsonBodiesOnly.
      bodyParser: false,
      logger: new PinoNestLogger(log),
    },
  );
  const fastify = app.getHttpAdapter().getInstance();
  acceptJsonBodiesOnly(fastify);
  // Before any route exists: each gets its metric children as it is registered.
  recordMetrics(fastify, app.get(Metrics), config);

  await app.register(cookie);
  await serveConsole(fastify);
  // Cookies cross origins only to those CORS_ORIGINS lists, as cookie writes do (the CSRF check). With
  // any origin allowed, a page on a sibling subdomain (same site, so the Lax cookie goes along) could
  // read a cookie session's responses; Bearer tokens and keys need no credentials mode.
  // Every method the API uses: the cors plugin's default (GET, HEAD, POST) left an admin UI on another
  // origin unable to rename or delete anything.
  app.enableCors({
    origin: config.corsOrigins,
    credentials: config.corsOrigins !== true,
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
  });
  app.useGlobalFilters(new AllExceptionsFilter());

  fastify.addHook('onSend', (request, reply, payload, done) => {
    setResponseHeaders(request, reply);
    done(null, payload);
  });
  // One JSON line a request; not even the hook when that level is off.
  if (logsRequests(config, options))
    fastify.addHook('onResponse', (request, reply, done) => {
      request.log.info(
        {
          method: request.method,
          url: redactUrl(request.url),
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime * 100) / 100,
        },
        'request',
      );
      done();
    });

  // In production the route table is not handed out unless asked for (DOCS=true).
  if (config.docs)
    SwaggerModule.setup('docs', app, swaggerDocument(app), { jsonDocumentUrl: 'docs-json' });
  await app.init();
  await fastify.ready();
  return app;
}
