import { DataSource } from 'typeorm';

/** An arbitrary constant naming Gatehouse's migration lock among PostgreSQL advisory locks. */
const MIGRATION_LOCK = 734_216_905;

/**
 * Runs pending migrations while holding a PostgreSQL advisory lock, so instances started together on
 * one database take turns instead of racing to create the same tables.
 */
export async function runMigrationsExclusively(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await dataSource.runMigrations();
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
