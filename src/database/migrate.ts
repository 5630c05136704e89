import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { isTransientConnectionError } from './postgres-errors';

/** An arbitrary constant naming Gatehouse's migration lock among PostgreSQL advisory locks. */
const MIGRATION_LOCK = 734_216_905;

/**
 * The start-up step before the application connects (createApp, the CLI): pending migrations, on a
 * connection of their own. Instances started together on one database take turns under a PostgreSQL
 * advisory lock instead of racing to create the same tables. A server that is still starting is waited
 * for (`attempts` × `delayMs`); a database, role or password that is wrong fails at once.
 */
export async function migrate(
  url: string,
  { attempts = 6, delayMs = 1000 }: { attempts?: number; delayMs?: number } = {},
): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(url));
  for (let attempt = 1; ; attempt++) {
    try {
      await dataSource.initialize();
      break;
    } catch (error) {
      if (attempt >= attempts || !isTransientConnectionError(error)) throw error;
      await sleep(delayMs);
    }
  }
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await dataSource.runMigrations();
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
    await dataSource.destroy();
  }
}
