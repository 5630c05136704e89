/**
 * `npm run bench` (DESIGN §8, issue 7): Gatehouse in production mode on a fresh PostgreSQL database, seeded
 * through its own API, measured with autocannon on 127.0.0.1. Every phase is bounded in time and the run
 * stops by itself, dropping its database. Prints one table and writes bench/results.json.
 *
 * The GET rows are measured in pairs: a short segment of /health, then one of the row (or the other way
 * round, alternately), again and again, and each ratio is the median of its pairs. On shared cores the
 * machine's speed drifts by a factor of two within seconds; a pair sees the same machine, so the ratios
 * hold still where ratios of separate runs did not.
 */
import { Algorithm, hash, verify } from '@node-rs/argon2';
import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import {
  api,
  LOGIN_ACCOUNTS,
  benchDatabase,
  freePort,
  getRoutes,
  median,
  ROOT,
  seed,
  startInstance,
  stopInstances,
} from './gatehouse';
const DURATION = Number(process.env.BENCH_DURATION ?? 6);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
/** Seconds of each GET segment, and how many /health-and-row pairs each GET row gets. */
const SEGMENT = Number(process.env.BENCH_SEGMENT ?? 1);
const PAIRS = Math.max(1, Number(process.env.BENCH_PAIRS ?? 15));
/** The index of `GET /health` among the GET rows (after bare node:http). */
const HEALTH = 1;
const TRIALS = 20;
const ARGON2 = {
  algorithm: Algorithm.Argon2id,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

interface Row {
  name: string;
  requests_per_second: number;
  p50_ms: number;
  p99_ms: number;
  non_2xx: number;
  /** The instance's own CPU time (all its threads) per request: steadier than req/s on shared cores. */
  server_cpu_us_per_request?: number;
  /** The instance's peak resident size during this row. */
  peak_rss_mb?: number;
  /** Median over the pairs of this row's req/s over /health's (for /health: over bare node:http's). */
  ratio_to_health?: number;
  /** Median over the pairs of /health's CPU per request over this row's: free of the load generator. */
  cpu_ratio_to_health?: number;
}

/** utime + stime of a process, in clock ticks (1/100 s on Linux). */
function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return Number(fields[11]) + Number(fields[12]);
}

/** Watches one instance during a row: its CPU time and its peak resident size (sampled every 100 ms). */
function instanceMeter(pid: number) {
  let peak = 0;
  let startTicks = 0;
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 100);
  return {
    start(): void {
      peak = rssMb(pid);
      startTicks = cpuTicks(pid);
    },
    take(requests: number): Pick<Row, 'server_cpu_us_per_request' | 'peak_rss_mb'> {
      const cpuUs = (cpuTicks(pid) - startTicks) * 10_000;
      return {
        server_cpu_us_per_request: Math.round(cpuUs / Math.max(requests, 1)),
        peak_rss_mb: Math.max(peak, rssMb(pid)),
      };
    },
    stop: () => clearInterval(timer),
  };
}

/** One measured pass of `duration` seconds (the instance's CPU and RSS too, when a meter is given). */
async function measure(
  name: string,
  options: autocannon.Options,
  duration: number,
  meter?: ReturnType<typeof instanceMeter>,
): Promise<Row> {
  meter?.start();
  const result = await autocannon({ ...options, duration });
  return {
    name,
    requests_per_second: Math.round(result.requests.total / duration),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    non_2xx: result.non2xx + result.errors,
    ...meter?.take(result.requests.total),
  };
}

/** A short discarded pass warms the JIT, connection pools and caches; then the measured one. */
async function load(
  name: string,
  options: autocannon.Options,
  meter?: ReturnType<typeof instanceMeter>,
): Promise<Row> {
  await autocannon({ ...options, duration: 1 });
  return measure(name, options, DURATION, meter);
}

/** One row from its segments: the median of each figure, the sum of failures, the highest RSS. */
function combine(samples: Row[]): Row {
  const of = (field: 'requests_per_second' | 'p50_ms' | 'p99_ms' | 'server_cpu_us_per_request') =>
    Math.round(median(samples.map((sample) => sample[field] ?? 0)));
  const metered = samples[0]?.server_cpu_us_per_request !== undefined;
  return {
    name: samples[0]!.name,
    requests_per_second: of('requests_per_second'),
    p50_ms: of('p50_ms'),
    p99_ms: of('p99_ms'),
    non_2xx: samples.reduce((sum, sample) => sum + sample.non_2xx, 0),
    ...(metered && {
      server_cpu_us_per_request: of('server_cpu_us_per_request'),
      peak_rss_mb: Math.max(...samples.map((sample) => sample.peak_rss_mb ?? 0)),
    }),
  };
}

/** The raw argon2id verification rate, in this process, with as many in flight as libuv has threads. */
async function argon2Rate(): Promise<number> {
  const stored = await hash('benchmark password', ARGON2);
  const parallel = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
  const deadline = Date.now() + DURATION * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (Date.now() < deadline) {
        await verify(stored, 'benchmark password');
        done += 1;
      }
    }),
  );
  return Math.round(done / DURATION);
}

/**
 * The machine's limit: node:http answering /health's JSON, in a process of its own like Gatehouse. Served
 * from this process, it shared one event loop with autocannon and answered half as many requests.
 */
async function startBareServer(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const server = `require('node:http')
    .createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end('{"status":"ok","database":"up"}');
    })
    .listen(${port}, '127.0.0.1', () => console.log('listening'));`;
  const child = spawn(process.execPath, ['-e', server], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((listening, failed) => {
    child.stdout.once('data', () => listening());
    child.once('exit', () => failed(new Error('the bare node:http server exited')));
  });
  return { url: `http://127.0.0.1:${port}/`, child };
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

async function main(): Promise<void> {
  const { env, drop } = await benchDatabase();
  const children: ChildProcess[] = [];
  try {
    const a = await startInstance(env);
    children.push(a.child);
    const credentials = await seed(a.url, env);
    const { jwt } = credentials;

    const bare = await startBareServer();
    children.push(bare.child);
    const common = { connections: CONNECTIONS };
    const rows: Row[] = [];
    const meter = instanceMeter(a.child.pid!);

    const gets: { name: string; options: autocannon.Options; metered: boolean }[] = [
      {
        name: 'bare node:http (machine limit)',
        options: { url: bare.url },
        metered: false,
      },
      ...getRoutes(a.url, credentials).map(({ name, url, headers }) => ({
        name,
        options: { url, headers },
        metered: true,
      })),
    ];
    // Every GET row is warmed once, then measured in pairs with /health (see the top of this file).
    for (const get of gets) await autocannon({ ...common, ...get.options, duration: 1 });
    const segment = (index: number) => {
      const get = gets[index]!;
      return measure(
        get.name,
        { ...common, ...get.options },
        SEGMENT,
        get.metered ? meter : undefined,
      );
    };
    const samples = gets.map((): Row[] => []);
    const ratios = gets.map((): number[] => []);
    const cpuRatios = gets.map((): number[] => []);
    for (let pair = 0; pair < PAIRS; pair++) {
      for (const index of gets.keys()) {
        if (index === HEALTH) continue;
        // Which goes first alternates, so that a drift within a pair does not favour one side.
        const healthFirst = (pair + index) % 2 === 0;
        const first = await segment(healthFirst ? HEALTH : index);
        const second = await segment(healthFirst ? index : HEALTH);
        const [health, other] = healthFirst ? [first, second] : [second, first];
        samples[HEALTH]!.push(health);
        samples[index]!.push(other);
        if (gets[index]!.metered) {
          ratios[index]!.push(other.requests_per_second / health.requests_per_second);
          cpuRatios[index]!.push(
            health.server_cpu_us_per_request! / Math.max(other.server_cpu_us_per_request!, 1),
          );
        } else {
          ratios[HEALTH]!.push(health.requests_per_second / other.requests_per_second);
        }
      }
    }
    rows.push(...samples.map(combine));
    const medianRatio = (values: number[]) =>
      values.length ? Math.round(median(values) * 100) / 100 : undefined;
    for (const [index, row] of rows.entries()) {
      row.ratio_to_health = medianRatio(ratios[index]!);
      row.cpu_ratio_to_health = medianRatio(cpuRatios[index]!);
    }
    const login = await load(
      'POST /auth/user/emailpass (login)',
      {
        ...common,
        url: `${a.url}/auth/user/emailpass`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        requests: [
          {
            setupRequest: (request) => ({
              ...request,
              body: JSON.stringify(
                LOGIN_ACCOUNTS[Math.floor(Math.random() * LOGIN_ACCOUNTS.length)],
              ),
            }),
          },
        ],
      },
      meter,
    );
    rows.push(login);
    meter.stop();
    const argon2 = await argon2Rate();

    // Revocation propagation: revoke on A, poll B until it refuses.
    const b = await startInstance(env);
    children.push(b.child);
    const delays: number[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const key = (
        await api<{ api_key: { id: string; token: string } }>(a.url, '/admin/api-keys', {
          body: { title: `propagation ${trial}`, type: 'secret' },
          headers: jwt,
        })
      ).api_key;
      await api(b.url, '/admin/users/me', { headers: { 'x-medusa-access-token': key.token } });
      await api(a.url, `/admin/api-keys/${key.id}/revoke`, { body: {}, headers: jwt });
      const revokedAt = performance.now();
      for (;;) {
        const response = await fetch(`${b.url}/admin/users/me`, {
          headers: { 'x-medusa-access-token': key.token },
        });
        if (response.status === 401) break;
        if (performance.now() - revokedAt > 5000)
          throw new Error('revocation never reached the second instance');
      }
      delays.push(performance.now() - revokedAt);
    }
    const propagation = {
      median_ms: Math.round(median(delays) * 10) / 10,
      worst_ms: Math.round(Math.max(...delays) * 10) / 10,
    };

    const results = {
      date: new Date().toISOString(),
      machine: {
        cpu: cpus()[0]?.model ?? 'unknown',
        cores: cpus().length,
        memory_gb: Math.round(totalmem() / 2 ** 30),
        node: process.version,
      },
      settings: {
        connections: CONNECTIONS,
        get_segment_s: SEGMENT,
        get_pairs: PAIRS,
        login_duration_s: DURATION,
      },
      rows,
      login_vs_argon2: {
        login_per_s: login.requests_per_second,
        argon2id_verify_per_s: argon2,
        ratio: Math.round((login.requests_per_second / Math.max(argon2, 1)) * 100) / 100,
      },
      revocation_propagation: propagation,
      peak_rss_mb: Math.max(...rows.map((row) => row.peak_rss_mb ?? 0)),
    };
    writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);

    const pad = (value: string | number, width: number) => String(value).padStart(width);
    console.log(
      `\n${results.machine.cpu}, ${results.machine.cores} cores, Node ${process.version}; ${CONNECTIONS} connections; GET rows: medians of ${PAIRS} pairs of ${SEGMENT} s segments with /health; login: ${DURATION} s\n`,
    );
    console.log(
      `${'route'.padEnd(46)}${pad('req/s', 9)}${pad('p50 ms', 8)}${pad('p99 ms', 8)}${pad('ratio', 7)}${pad('cpu µs', 8)}${pad('cpu ratio', 10)}${pad('RSS MB', 8)}${pad('non-2xx', 9)}`,
    );
    for (const row of rows) {
      console.log(
        `${row.name.padEnd(46)}${pad(row.requests_per_second, 9)}${pad(row.p50_ms, 8)}${pad(row.p99_ms, 8)}${pad(row.ratio_to_health ?? '', 7)}${pad(row.server_cpu_us_per_request ?? '', 8)}${pad(row.cpu_ratio_to_health ?? '', 10)}${pad(row.peak_rss_mb ?? '', 8)}${pad(row.non_2xx, 9)}`,
      );
    }
    console.log(
      `\nargon2id verifications/s in-process: ${argon2}; login/argon2 ratio: ${results.login_vs_argon2.ratio}`,
    );
    console.log(
      `revocation seen by the second instance: median ${propagation.median_ms} ms, worst ${propagation.worst_ms} ms (${TRIALS} trials)`,
    );
    console.log(
      `peak RSS of the instance under load: ${results.peak_rss_mb} MB\nwritten to bench/results.json`,
    );
  } finally {
    await stopInstances(children);
    await drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
