/**
 * `npm run bench` (DESIGN §8, issue 7): Gatehouse in production mode on a fresh PostgreSQL database, seeded
 * through its own API, measured with autocannon on 127.0.0.1. Every phase is bounded in time and the run
 * stops by itself, dropping its database. Prints one table and writes bench/results.json.
 */
import { Algorithm, hash, verify } from '@node-rs/argon2';
import autocannon from 'autocannon';
import { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import {
  api,
  BENCH_LOGIN,
  benchDatabase,
  freePort,
  getRoutes,
  median,
  ROOT,
  ROUNDS,
  seed,
  startInstance,
  stopInstances,
} from './gatehouse';
const DURATION = Number(process.env.BENCH_DURATION ?? 6);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
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
  ratio_to_health?: number;
  /** /health's CPU per request over this row's: the same ratio, free of the load generator's noise. */
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

async function load(
  name: string,
  options: autocannon.Options,
  meter?: ReturnType<typeof instanceMeter>,
): Promise<Row> {
  // A short discarded pass warms the JIT, connection pools and caches.
  await autocannon({ ...options, duration: 1 });
  meter?.start();
  const result = await autocannon({ ...options, duration: DURATION });
  return {
    name,
    requests_per_second: Math.round(result.requests.average),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    non_2xx: result.non2xx + result.errors,
    ...meter?.take(result.requests.total),
  };
}

/** One row from its rounds: the median of each figure, the sum of failures, the highest RSS. */
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

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

async function main(): Promise<void> {
  const { env, drop } = await benchDatabase();
  const children: ChildProcess[] = [];
  const bare = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end('{"status":"ok","database":"up"}');
  });
  try {
    const a = await startInstance(env);
    children.push(a.child);
    const credentials = await seed(a.url, env);
    const { jwt } = credentials;

    const barePort = await freePort();
    await new Promise<void>((done) => bare.listen(barePort, '127.0.0.1', done));
    const common = { connections: CONNECTIONS };
    const rows: Row[] = [];
    const meter = instanceMeter(a.child.pid!);

    const gets: { name: string; options: autocannon.Options; metered: boolean }[] = [
      {
        name: 'bare node:http (machine limit)',
        options: { url: `http://127.0.0.1:${barePort}/` },
        metered: false,
      },
      ...getRoutes(a.url, credentials).map(({ name, url, headers }) => ({
        name,
        options: { url, headers },
        metered: true,
      })),
    ];
    const samples = gets.map((): Row[] => []);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [index, get] of gets.entries()) {
        samples[index]!.push(
          await load(get.name, { ...common, ...get.options }, get.metered ? meter : undefined),
        );
      }
    }
    rows.push(...samples.map(combine));
    const login = await load(
      'POST /auth/user/emailpass (login)',
      {
        ...common,
        url: `${a.url}/auth/user/emailpass`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(BENCH_LOGIN),
      },
      meter,
    );
    rows.push(login);
    meter.stop();
    const argon2 = await argon2Rate();

    const health = rows[1]?.requests_per_second ?? 1;
    const healthCpu = rows[1]?.server_cpu_us_per_request ?? 0;
    const ratio = (part: number, whole: number) =>
      Math.round((part / Math.max(whole, 1)) * 100) / 100;
    for (const row of rows.slice(2, 6)) {
      row.ratio_to_health = ratio(row.requests_per_second, health);
      row.cpu_ratio_to_health = ratio(healthCpu, row.server_cpu_us_per_request ?? 0);
    }
    rows[1]!.ratio_to_health = ratio(health, rows[0]?.requests_per_second ?? 1);

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
      settings: { duration_s: DURATION, connections: CONNECTIONS, get_rounds: ROUNDS },
      rows,
      login_vs_argon2: {
        login_per_s: login.requests_per_second,
        argon2id_verify_per_s: argon2,
        ratio: ratio(login.requests_per_second, argon2),
      },
      revocation_propagation: propagation,
      peak_rss_mb: Math.max(...rows.map((row) => row.peak_rss_mb ?? 0)),
    };
    writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);

    const pad = (value: string | number, width: number) => String(value).padStart(width);
    console.log(
      `\n${results.machine.cpu}, ${results.machine.cores} cores, Node ${process.version}; ${CONNECTIONS} connections, ${DURATION} s each; GET rows: medians of ${ROUNDS} rounds\n`,
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
    bare.close();
    await stopInstances(children);
    await drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
