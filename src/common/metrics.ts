import { Injectable } from '@nestjs/common';
import {
  collectDefaultMetrics,
  Counter,
  Histogram,
  Registry,
  type Counter as CounterType,
} from 'prom-client';
import type { RevokedKind } from './revocation-bus';

type Child = ReturnType<CounterType<string>['labels']>;

/** What a route records per response: children prepared when the route was registered. */
export interface RouteMetrics {
  /** By status class: 1xx … 5xx. */
  readonly responses: readonly Child[];
  readonly duration: ReturnType<Histogram<string>['labels']>;
}

const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'];

/**
 * Gatehouse's Prometheus metrics (`GET /metrics`), in a registry of this application's own (tests run
 * several in one process). Everything the request path touches is a child prepared in advance (per route,
 * per cache, per revocation kind), so a request pays for an increment, never for label lookups.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  private readonly requests = new Counter({
    name: 'gatehouse_http_requests_total',
    help: 'Responses sent, by route template, method and status class',
    labelNames: ['route', 'method', 'status'],
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'gatehouse_http_request_duration_seconds',
    help: 'Time from the request arriving to the response sent, by route template and method',
    labelNames: ['route', 'method'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  private readonly passwordChecks = new Counter({
    name: 'gatehouse_password_checks_total',
    help: 'Password checks (logins, registrations of a known email, password changes) by action and outcome',
    labelNames: ['action', 'outcome'],
    registers: [this.registry],
  });
  /** A login email locked after too many failures. */
  readonly lockouts = new Counter({
    name: 'gatehouse_lockouts_total',
    help: 'Emails locked after too many failed password checks',
    registers: [this.registry],
  });
  private readonly cacheLookups = new Counter({
    name: 'gatehouse_cache_lookups_total',
    help: 'Credential cache lookups by cache and result (a miss reads the database)',
    labelNames: ['cache', 'result'],
    registers: [this.registry],
  });
  private readonly revocations = new Counter({
    name: 'gatehouse_revocations_total',
    help: 'Revocation notices sent by this instance and received from any (itself included)',
    labelNames: ['kind', 'direction'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'gatehouse_' });
  }

  route(route: string, method: string): RouteMetrics {
    return {
      responses: STATUS_CLASSES.map((status) => this.requests.labels(route, method, status)),
      duration: this.latency.labels(route, method),
    };
  }

  /** Records one response: `elapsedMs` as Fastify measures it. */
  static record(route: RouteMetrics, statusCode: number, elapsedMs: number): void {
    route.responses[Math.min(Math.max(Math.floor(statusCode / 100), 1), 5) - 1]!.inc();
    route.duration.observe(elapsedMs / 1000);
  }

  cache(name: string): { hit: Child; miss: Child } {
    return {
      hit: this.cacheLookups.labels(name, 'hit'),
      miss: this.cacheLookups.labels(name, 'miss'),
    };
  }

  revocation(kind: RevokedKind, direction: 'sent' | 'received'): Child {
    return this.revocations.labels(kind, direction);
  }

  passwordCheck(action: string, outcome: 'success' | 'failure' | 'refused'): void {
    this.passwordChecks.labels(action, outcome).inc();
  }
}
