import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { CONNECT_TIMEOUT_MS } from './test-database';

/** The server the tests make their databases on: TEST_DATABASE_URL, or the embedded one globalSetup started. */
function testServerUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url)
    throw new Error(
      'TEST_DATABASE_URL is unset: run the tests through jest, whose globalSetup sets it',
    );
  return url;
}

/**
 * A fresh database named `prefix_<random>` on the server at `serverUrl` (whose own database is used to
 * create and drop it); dropped, connections and all, by the returned function.
 */
export async function createScratchDatabase(
  serverUrl: string,
  prefix: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new Client({
      connectionString: serverUrl,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/** A database of its own for one test file, so no two files share rows; dropped by the returned function. */
export function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  return createScratchDatabase(testServerUrl(), 'gatehouse_test');
}
