import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Registry, type Metric } from 'prom-client';
import type { RevokedKind } from './revocation-bus';

/** One counted thing: the request path adds one to a number, and Prometheus reads it at scrape time. */
export class Tally {
  value = 0;
  inc(): void {
    this.value += 1;
  }
}

type Labels = Record<string, string>;
/** What prom-client's registry reads from a metric at scrape time (its `get()`). */
interface Snapshot {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
  values: { metricName?: string; labels: Record<string, string | number>; value: number }[];
}

/** What prom-client's registry needs of a metric besides its values: its name, help and type. */
abstract class Family {
  readonly aggregator = 'sum' as const;
  abstract readonly type: Snapshot['type'];

  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  protected snapshot(values: Snapshot['values']): Promise<Snapshot> {
    const { name, help, type, aggregator } = this;
    return Promise.resolve({ name, help, type, aggregator, values });
  }
}

/**
 * A counter family whose children are plain Tallies. prom-client's own children hash their labels on
 * every increment (tens of thousands of instructions a request, measured with bench:instructions); these
 * are made once, and prom-client only formats them when /metrics is scraped.
 */
class CounterFamily extends Family {
  readonly type = 'counter' as const;
  private readonly children = new Map<string, { labels: Labels; tally: Tally }>();

  constructor(
    name: string,
    help: string,
    private readonly labelNames: string[] = [],
  ) {
    super(name, help);
  }

  child(...values: string[]): Tally {
    const key = values.join('\u0000');
    let child = this.children.get(key);
    if (!child) {
      const labels = Object.fromEntries(this.labelNames.map((name, i) => [name, values[i] ?? '']));
      child = { labels, tally: new Tally() };
      this.children.set(key, child);
    }
    return child.tally;
  }

  get(): Promise<Snapshot> {
    return this.snapshot(
      [...this.children.values()].map(({ labels, tally }) => ({ labels, value: tally.value })),
    );
  }

  reset(): void {
    for (const { tally } of this.children.values()) tally.value = 0;
  }
}

/** Latency buckets, in seconds. */
const BOUNDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** One route's latency: a count per bucket (not cumulative until scraped), their sum and count. */
export class Timing {
  readonly counts = new Float64Array(BOUNDS.length + 1);
  sum = 0;

  observe(seconds: number): void {
    let bucket = 0;
    while (bucket < BOUNDS.length && seconds > BOUNDS[bucket]!) bucket += 1;
    this.counts[bucket]! += 1;
    this.sum += seconds;
  }
}

class HistogramFamily extends Family {
  readonly type = 'histogram' as const;
  private readonly children: { labels: Labels; timing: Timing }[] = [];

  child(labels: Labels): Timing {
    const timing = new Timing();
    this.children.push({ labels, timing });
    return timing;
  }

  get(): Promise<Snapshot> {
    const values = this.children.flatMap(({ labels, timing }) => {
      let cumulative = 0;
      const buckets = [...BOUNDS, '+Inf' as const].map((le, i) => {
        cumulative += timing.counts[i]!;
        return { metricName: `${this.name}_bucket`, labels: { le, ...labels }, value: cumulative };
      });
      return [
        ...buckets,
        { metricName: `${this.name}_sum`, labels, value: timing.sum },
        { metricName: `${this.name}_count`, labels, value: cumulative },
      ];
    });
    return this.snapshot(values);
  }

  reset(): void {
    for (const { timing } of this.children) {
      timing.counts.fill(0);
      timing.sum = 0;
    }
  }
}

/** What a route records per response: made when the route was registered. */
export interface RouteMetrics {
  /** By status class: 1xx … 5xx. */
  readonly responses: readonly Tally[];
  readonly duration: Timing;
}

const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'];

/**
 * Gatehouse's Prometheus metrics (`GET /metrics`), in a registry of this application's own (tests run
 * several in one process). What every request touches is a Tally or Timing made in advance (per route,
 * per cache): a request adds to numbers, and prom-client formats them at scrape. Rarer events (password
 * checks, revocations) look their child up by its labels.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  private readonly requests = new CounterFamily(
    'gatehouse_http_requests_total',
    'Responses sent, by route template, method and status class',
    ['route', 'method', 'status'],
  );
  private readonly latency = new HistogramFamily(
    'gatehouse_http_request_duration_seconds',
    'Time from the request arriving to the response sent, by route template and method',
  );
  private readonly passwordChecks = new CounterFamily(
    'gatehouse_password_checks_total',
    'Password checks (logins, registrations of a known email, password changes) by action and outcome',
    ['action', 'outcome'],
  );
  private readonly lockoutsFamily = new CounterFamily(
    'gatehouse_lockouts_total',
    'Emails locked after too many failed password checks',
  );
  /** A login email locked after too many failures. */
  readonly lockouts = this.lockoutsFamily.child();
  private readonly cacheLookups = new CounterFamily(
    'gatehouse_cache_lookups_total',
    'Credential cache lookups by cache and result (a miss reads the database)',
    ['cache', 'result'],
  );
  private readonly revocations = new CounterFamily(
    'gatehouse_revocations_total',
    'Revocation notices sent by this instance and received from any (itself included)',
    ['kind', 'direction'],
  );

  constructor() {
    for (const family of [
      this.requests,
      this.latency,
      this.passwordChecks,
      this.lockoutsFamily,
      this.cacheLookups,
      this.revocations,
    ])
      this.registry.registerMetric(family as unknown as Metric);
    collectDefaultMetrics({ register: this.registry, prefix: 'gatehouse_' });
  }

  route(route: string, method: string): RouteMetrics {
    return {
      responses: STATUS_CLASSES.map((status) => this.requests.child(route, method, status)),
      duration: this.latency.child({ route, method }),
    };
  }

  /** Records one response: `elapsedMs` as Fastify measures it. */
  static record(route: RouteMetrics, statusCode: number, elapsedMs: number): void {
    route.responses[Math.min(Math.max(Math.floor(statusCode / 100), 1), 5) - 1]!.inc();
    route.duration.observe(elapsedMs / 1000);
  }

  cache(name: string): { hit: Tally; miss: Tally } {
    return {
      hit: this.cacheLookups.child(name, 'hit'),
      miss: this.cacheLookups.child(name, 'miss'),
    };
  }

  revocation(kind: RevokedKind, direction: 'sent' | 'received'): Tally {
    return this.revocations.child(kind, direction);
  }

  passwordCheck(action: string, outcome: 'success' | 'failure' | 'refused'): void {
    this.passwordChecks.child(action, outcome).inc();
  }
}
