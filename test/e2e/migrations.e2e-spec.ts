import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { BUILT_IN_ROLES } from '../../src/modules/rbac/permissions';
import { createTestDatabase } from '../helpers/database';

describe('Migrations', () => {
  let database: { url: string; drop: () => Promise<void> };
  let dataSource: DataSource;
  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  async function tables(): Promise<string[]> {
    const rows: { table_name: string }[] = await dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY 1`,
    );
    return rows.map((row) => row.table_name);
  }

  it('run up, all the way down, and up again', async () => {
    const applied = await dataSource.runMigrations();
    expect(applied.length).toBe(dataSource.migrations.length);
    const created = await tables();
    expect(created).toEqual(
      expect.arrayContaining(['auth_identity', 'provider_identity', 'user', 'customer']),
    );

    for (let i = 0; i < applied.length; i++) await dataSource.undoLastMigration();
    expect(await tables()).toEqual([]);

    await dataSource.runMigrations();
    expect(await tables()).toEqual(created);
  });

  it('seed the built-in roles exactly as the code defines them', async () => {
    await dataSource.runMigrations();
    const rows: {
      id: string;
      name: string;
      description: string;
      permissions: string[];
      built_in: boolean;
    }[] = await dataSource.query(
      'SELECT id, name, description, permissions, built_in FROM role ORDER BY id',
    );
    const expected = BUILT_IN_ROLES.map((role) => ({
      ...role,
      permissions: [...role.permissions],
      built_in: true,
    }));
    expect(rows).toEqual(expected.sort((a, b) => a.id.localeCompare(b.id)));
  });

  it('match the entities exactly (generating a migration would yield nothing)', async () => {
    await dataSource.runMigrations();
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });
});
