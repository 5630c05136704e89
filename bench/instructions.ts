/**
 * `npm run bench:instructions` (issue 7): the GET rows of `npm run bench` counted in instructions, not
 * seconds. Gatehouse runs under valgrind's callgrind, which counts the instructions the instance executes
 * (user space only) whatever else the machine is doing, where req/s and CPU time on shared cores move by
 * 20% or more. A row is the main thread's count, where the request path runs; `all threads` adds V8's
 * compiler and concurrent GC threads, whose share of a round swings by 30,000 instructions a request
 * (issue 21). Use it to tell whether a change to the request path helps; `npm run bench` still gives
 * the throughput.
 *
 * Each route is warmed first (V8 optimises the request path only after tens of thousands of requests),
 * then counted over BENCH_REQUESTS requests on BENCH_CONNECTIONS connections (one), BENCH_ROUNDS times in
 * turn; a row reports its median. Under callgrind Gatehouse runs some 50 times slower, so the whole run takes a few minutes.
 */
import autocannon from 'autocannon';
import { ChildProcess, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  benchDatabase,
  getRoutes,
  GetRoute,
  median,
  ROOT,
  seed,
  startInstance,
  stopInstances,
} from './gatehouse';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 10_000);
const WARM_REQUESTS = Number(process.env.BENCH_WARM_REQUESTS ?? 40_000);
/** One connection by default: requests one after another, each paying its own way through the event loop. */
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 1);
/** The routes are counted this many times, in turn, and each reports its median. */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
/**
 * Only the rows whose name contains one of these (comma-separated), for a quicker before/after pair on
 * one route; the baseline is always counted. Such a run does not write bench/instructions.json.
 */
const ONLY = process.env.BENCH_ROUTES?.split(',').filter(Boolean);

async function send(route: GetRoute, amount: number, connections: number): Promise<void> {
  // Under callgrind a full GC can stall the instance for seconds: wait for every answer.
  const result = await autocannon({
    url: route.url,
    headers: route.headers,
    amount,
    connections,
    timeout: 120,
  });
  if (result.non2xx || result.errors) {
    throw new Error(
      `${route.name}: ${result.non2xx} non-2xx answers and ${result.errors} errors (${result.timeouts} timeouts) in ${amount} requests`,
    );
  }
}

async function main(): Promise<void> {
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('valgrind is not installed (Debian: apt-get install valgrind)');
  }
  const { env, drop } = await benchDatabase();
  const dumps = mkdtempSync(join(tmpdir(), 'gatehouse-callgrind-'));
  const children: ChildProcess[] = [];
  try {
    const instance = await startInstance(
      env,
      [
        'valgrind',
        '--tool=callgrind',
        '--quiet',
        '--instr-atstart=no',
        // V8 writes machine code and then runs it: valgrind must look for that everywhere.
        '--smc-check=all-non-file',
        // One count per thread: the request path runs on the main thread; V8's compiler and concurrent
        // marking run beside it, as much as the whole request path in a round, and unevenly.
        '--separate-threads=yes',
        `--callgrind-out-file=${join(dumps, 'callgrind.out')}`,
      ],
      180,
    );
    children.push(instance.child);
    const pid = String(instance.child.pid);
    // callgrind_control finds the instance by user and host name: give it the instance's environment.
    const control = (...args: string[]) =>
      execFileSync('callgrind_control', [...args, pid], { env, stdio: 'ignore' });
    const routes = getRoutes(instance.url, await seed(instance.url, env)).filter(
      (route, index) => index === 0 || !ONLY || ONLY.some((part) => route.name.includes(part)),
    );
    if (ONLY && routes.length === 1)
      throw new Error(`BENCH_ROUTES matches no row: ${ONLY.join(',')}`);

    console.log(`warming up: ${WARM_REQUESTS} requests a route`);
    for (const route of routes) await send(route, WARM_REQUESTS, CONNECTIONS);
    const counts = routes.map((): number[] => []);
    const allThreads = routes.map((): number[] => []);
    for (let round = 0; round < ROUNDS; round++) {
      console.log(`counting: round ${round + 1} of ${ROUNDS}`);
      for (const [index, route] of routes.entries()) {
        control('--zero');
        control('--instr=on');
        await send(route, REQUESTS, CONNECTIONS);
        control('--instr=off');
        for (const file of readdirSync(dumps)) rmSync(join(dumps, file));
        control('--dump');
        const threads = readdirSync(dumps).map((file) => ({
          file,
          count: totalsOf(join(dumps, file)),
        }));
        const main = threads.find(({ file }) => file.endsWith('-01'));
        if (!main)
          throw new Error(
            `callgrind wrote no main-thread dump: ${threads.map((t) => t.file).join(', ')}`,
          );
        counts[index]!.push(main.count / REQUESTS);
        allThreads[index]!.push(threads.reduce((sum, { count }) => sum + count, 0) / REQUESTS);
      }
    }

    const health = median(counts[0]!);
    const rows = routes.map((route, index) => {
      const perRequest = median(counts[index]!);
      return {
        name: route.name,
        instructions_per_request: Math.round(perRequest),
        rounds: counts[index]!.map(Math.round),
        all_threads: Math.round(median(allThreads[index]!)),
        ...(index > 0 && { ratio_to_health: Math.round((health / perRequest) * 100) / 100 }),
      };
    });
    const results = {
      date: new Date().toISOString(),
      node: process.version,
      settings: {
        requests: REQUESTS,
        warm_requests: WARM_REQUESTS,
        rounds: ROUNDS,
        connections: CONNECTIONS,
      },
      rows,
    };
    if (!ONLY)
      writeFileSync(join(ROOT, 'bench/instructions.json'), `${JSON.stringify(results, null, 2)}\n`);

    console.log(
      `\nInstructions per request under callgrind: median of ${ROUNDS} rounds of ${REQUESTS} requests on ${CONNECTIONS} connection(s), after ${WARM_REQUESTS} to warm up\n`,
    );
    console.log(
      `${'route'.padEnd(46)}${'instr/req'.padStart(11)}${'ratio'.padStart(7)}${'all threads'.padStart(13)}  rounds`,
    );
    for (const row of rows) {
      console.log(
        `${row.name.padEnd(46)}${String(row.instructions_per_request).padStart(11)}${String(row.ratio_to_health ?? '').padStart(7)}${String(row.all_threads).padStart(13)}  ${row.rounds.join(' ')}`,
      );
    }
    console.log(
      ONLY
        ? 'a partial run: bench/instructions.json is left as it was'
        : 'written to bench/instructions.json',
    );
  } finally {
    await stopInstances(children);
    rmSync(dumps, { recursive: true, force: true });
    await drop();
  }
}

function totalsOf(file: string): number {
  const totals = /^totals: (\d+)/m.exec(readFileSync(file, 'utf8'))?.[1];
  if (!totals) throw new Error(`callgrind wrote no totals in ${file}`);
  return Number(totals);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
