import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedDatabase, startEmbeddedPostgres } from '../../src/database/embedded-postgres';

/** How long a test waits for a database server before it says which one it could not reach. */
export const CONNECT_TIMEOUT_MS = 5_000;

interface Started {
  database: EmbeddedDatabase;
  dataDir: string;
}
const STARTED = Symbol.for('gatehouse.test-database');
type WithStarted = typeof globalThis & { [STARTED]?: Started };

/** A database URL without its password, for messages. */
export function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/**
 * Jest's globalSetup for the suites that need PostgreSQL: the server at TEST_DATABASE_URL, checked to
 * answer within seconds; or, when it is unset, one embedded PostgreSQL (the package the service uses)
 * for the whole run, so that `npm ci && npm test` passes on a machine with only Node.js.
 */
export async function setup(): Promise<void> {
  const configured = process.env.TEST_DATABASE_URL;
  if (configured) {
    const client = new Client({
      connectionString: configured,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    });
    try {
      await client.connect();
    } catch (error) {
      throw new Error(
        `TEST_DATABASE_URL (${withoutPassword(configured)}) does not answer: ${(error as Error).message}. ` +
          'Start that server, or unset TEST_DATABASE_URL to run the tests on an embedded PostgreSQL.',
        { cause: error },
      );
    } finally {
      await client.end().catch(() => undefined);
    }
    return;
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'gatehouse-test-db-'));
  // As root, PostgreSQL runs as its own user and must be able to reach its data directory.
  await chmod(dataDir, 0o755);
  const database = await startEmbeddedPostgres(dataDir, () => undefined);
  (globalThis as WithStarted)[STARTED] = { database, dataDir };
  process.env.TEST_DATABASE_URL = database.url;
  console.log(
    `\nTEST_DATABASE_URL is not set: the tests run on an embedded PostgreSQL (data in ${dataDir}).`,
  );
}

export async function teardown(): Promise<void> {
  const started = (globalThis as WithStarted)[STARTED];
  if (!started) return;
  await started.database.stop();
  await rm(started.dataDir, { recursive: true, force: true });
}
